import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export type AsyncState<T> =
  | { status: 'loading'; data: T | undefined; error: undefined }
  | { status: 'success'; data: T; error: undefined }
  | { status: 'error'; data: T | undefined; error: Error };

/**
 * Runs `load` whenever `deps` change and exposes its state. Results of superseded calls are
 * dropped, so a slow earlier request cannot overwrite a newer one.
 */
export function useAsync<T>(load: () => Promise<T>, deps: DependencyList) {
  const [state, setState] = useState<AsyncState<T>>({
    status: 'loading',
    data: undefined,
    error: undefined,
  });
  const generation = useRef(0);

  const run = useCallback(
    async () => {
      const current = ++generation.current;
      setState((previous) => ({ status: 'loading', data: previous.data, error: undefined }));
      try {
        const data = await load();
        if (current === generation.current) setState({ status: 'success', data, error: undefined });
      } catch (error) {
        if (current === generation.current) {
          setState((previous) => ({
            status: 'error',
            data: previous.data,
            error: error instanceof Error ? error : new Error(String(error)),
          }));
        }
      }
    },
    // biome-ignore lint/correctness/useExhaustiveDependencies: callers list what `load` reads
    deps,
  );

  useEffect(() => {
    void run();
  }, [run]);

  const setData = useCallback(
    (data: T) => setState({ status: 'success', data, error: undefined }),
    [],
  );

  return { ...state, reload: run, setData };
}
