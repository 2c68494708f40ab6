/** Milliseconds `run` takes, the median of `repeats` calls (machines here are shared and noisy). */
export function medianMs(run: () => void, repeats: number): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(repeats / 2)] as number;
}
