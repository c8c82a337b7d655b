import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { readEach } from '../../../src/grafana/legacy/read-each.js';

describe('readEach', () => {
  it('yields every result, keeps `concurrency` reads running while the consumer works, and holds at most `concurrency` results for it', async () => {
    let running = 0;
    let most = 0;
    let started = 0;
    const read = async (n: number) => {
      started += 1;
      running += 1;
      most = Math.max(most, running);
      // Reads end in another order than they start, after microtasks only (no timer): all that can happen while the
      // consumer holds its result has happened by the next immediate, however loaded the machine (a 50 ms sleep was not).
      for (let hop = 0; hop <= n % 3; hop++) await Promise.resolve();
      running -= 1;
      return n * 10;
    };
    const results = readEach([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3, read);
    const first = await results.next();
    await new Promise((resolve) => setImmediate(resolve));
    // The consumer holds one result: reads went on without it until three or more waited for it,
    // and stopped before the twice three a stalled consumer may find.
    expect(first.value).toBeGreaterThan(0);
    expect(started).toBeGreaterThanOrEqual(1 + 3);
    expect(started).toBeLessThanOrEqual(1 + 2 * 3);
    expect(running).toBe(0);
    const rest: number[] = [first.value as number];
    for await (const value of results) rest.push(value);
    expect(rest.sort((a, b) => a - b)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(most).toBe(3);
  });

  it('stops starting reads once the signal aborts', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    for await (const value of readEach([1, 2, 3, 4, 5], 1, async (n: number) => n, controller.signal)) {
      seen.push(value);
      if (value === 2) controller.abort();
    }
    expect(seen).toEqual([1, 2]);
  });

  it('ends with the error of a failed read, after the reads in flight settled', async () => {
    let settled = 0;
    const read = async (n: number) => {
      await sleep(n);
      settled += 1;
      if (n === 1) throw new Error('boom');
      return n;
    };
    await expect(async () => {
      for await (const _ of readEach([1, 5, 6], 3, read)) void _;
    }).rejects.toThrow('boom');
    expect(settled).toBe(3);
  });

  it('finishes a result (its parse) only when the consumer takes it, after the next read started', async () => {
    const events: string[] = [];
    const read = async (n: number) => {
      events.push(`read ${n}`);
      return `text ${n}`;
    };
    const finish = (text: string) => {
      events.push(`finish ${text}`);
      return text.toUpperCase();
    };
    const seen: string[] = [];
    for await (const value of readEach([1, 2, 3], 1, read, undefined, finish)) {
      seen.push(value);
      events.push(`took ${value}`);
    }
    expect(seen).toEqual(['TEXT 1', 'TEXT 2', 'TEXT 3']);
    // One connection: each answer's successor is asked for before the answer is parsed.
    expect(events).toEqual(['read 1', 'read 2', 'finish text 1', 'took TEXT 1', 'read 3', 'finish text 2', 'took TEXT 2', 'finish text 3', 'took TEXT 3']);
  });

  it('ends with the error a finish throws, after the reads in flight settled', async () => {
    let settled = 0;
    const read = async (n: number) => {
      await sleep(n);
      settled += 1;
      return n;
    };
    const finish = (n: number) => {
      if (n === 1) throw new Error('not JSON');
      return n;
    };
    await expect(async () => {
      for await (const _ of readEach([1, 5, 6], 3, read, undefined, finish)) void _;
    }).rejects.toThrow('not JSON');
    expect(settled).toBe(3);
  });
});
