/**
 * The global spend cap of a run (`--max-spend`). Every model call of every attempt adds
 * its cost; the runner asks `exhausted()` before starting new work, so a run that hits
 * the cap stops scheduling cleanly and a later resume finishes what is left. Attempts in
 * flight are allowed to finish: the cap can be passed by what they spend.
 */
export class SpendMeter {
  readonly limitUsd: number | undefined;
  #spentUsd: number;
  #unknownCalls = 0;

  /**
   * @param limitUsd the cap in USD; undefined means no cap.
   * @param alreadySpentUsd what earlier invocations of the same run spent. @default 0
   */
  constructor(limitUsd: number | undefined, alreadySpentUsd = 0) {
    this.limitUsd = limitUsd;
    this.#spentUsd = alreadySpentUsd;
  }

  /** Adds the cost of one call; undefined (an unpriced model) is counted apart. */
  add(costUsd: number | undefined): void {
    if (costUsd === undefined) this.#unknownCalls += 1;
    else this.#spentUsd += costUsd;
  }

  get spentUsd(): number {
    return this.#spentUsd;
  }

  /** Calls whose cost could not be computed (they are not in `spentUsd`). */
  get unpricedCalls(): number {
    return this.#unknownCalls;
  }

  exhausted(): boolean {
    return this.limitUsd !== undefined && this.#spentUsd >= this.limitUsd;
  }
}
