import { describe, expect, it } from 'vitest';
import { mapLimited } from '../../src/core/concurrency.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('mapLimited', () => {
  it('keeps results in order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapLimited([5, 1, 4, 2, 3, 0], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      for (let i = 0; i < n; i++) await tick();
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0]);
    expect(most).toBe(2);
  });

  it('after a failure starts nothing new, and throws only once the work already running has ended', async () => {
    const started: number[] = [];
    const ended: number[] = [];
    const failing = mapLimited([0, 1, 2, 3, 4, 5], 3, async (n) => {
      started.push(n);
      if (n === 0) throw new Error('first fails');
      for (let i = 0; i < 5; i++) await tick();
      ended.push(n);
    });
    await expect(failing).rejects.toThrow('first fails');
    // 1 and 2 were running when 0 failed: they finished before the failure was thrown; 3, 4 and 5 never started.
    expect(started).toEqual([0, 1, 2]);
    expect(ended.sort()).toEqual([1, 2]);
  });
});
