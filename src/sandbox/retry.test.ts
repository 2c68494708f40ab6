import { describe, expect, it } from 'vitest';
import { retrying } from './retry.ts';

describe('retrying', () => {
  it('tries again after each wait until the step succeeds', async () => {
    const seen: Array<number | undefined> = [];
    let calls = 0;
    const value = await retrying(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error(`down ${calls}`);
        return 'up';
      },
      { delaysMs: [1, 2, 3], onFailure: (_error, _tries, next) => seen.push(next) },
    );
    expect(value).toBe('up');
    expect(seen).toEqual([1, 2]);
  });

  it('throws the last error once the waits are used up, or when told to stop', async () => {
    let calls = 0;
    const failing = () => {
      calls += 1;
      return Promise.reject(new Error(`down ${calls}`));
    };
    await expect(retrying(failing, { delaysMs: [1, 1] })).rejects.toThrow('down 3');
    calls = 0;
    await expect(retrying(failing, { delaysMs: [1, 1], stop: () => true })).rejects.toThrow(
      'down 1',
    );
  });
});
