import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { progressTickerOf } from '../../../src/cli/progress-lines.js';

describe('progressTickerOf (DASHSYNC_PROGRESS_INTERVAL)', () => {
  it('ticks at the interval the variable names, in seconds', async () => {
    const ticker = progressTickerOf({ DASHSYNC_PROGRESS_INTERVAL: '0.01' });
    let stop = () => {};
    await new Promise<void>((resolve) => {
      let ticks = 0;
      stop = ticker(() => {
        ticks += 1;
        if (ticks === 2) resolve();
      });
    });
    stop();
  });

  it('0 turns the lines off: the ticker never calls back', () => {
    const ticker = progressTickerOf({ DASHSYNC_PROGRESS_INTERVAL: '0' });
    const calls: number[] = [];
    const stop = ticker(() => calls.push(1));
    stop();
    expect(calls).toEqual([]);
    expect(ticker.toString()).not.toContain('setInterval');
  });

  it('a value that is not a number of seconds is one clear error naming the variable', () => {
    for (const value of ['ten', '-1', 'Infinity']) {
      expect(() => progressTickerOf({ DASHSYNC_PROGRESS_INTERVAL: value })).toThrow(ConfigError);
      expect(() => progressTickerOf({ DASHSYNC_PROGRESS_INTERVAL: value })).toThrow(`DASHSYNC_PROGRESS_INTERVAL must be a number of seconds (0 turns progress lines off), got "${value}"`);
    }
  });
});
