import { describe, expect, it } from 'vitest';
import { RequestLog } from '../../src/sandbox/request-log.js';

const entry = (n: number) => ({ method: 'POST', path: `/api/dashboards/db?n=${n}`, status: 200, orgId: 1, at: '2026-01-01T00:00:00Z' });

describe('RequestLog', () => {
  it('keeps the newest bodies within the cap and lets evicted ones go', () => {
    const log = new RequestLog({ maxEntries: 1000, maxBodyChars: 100 });
    for (let n = 0; n < 50; n++) log.add(entry(n), JSON.stringify({ n, pad: 'x'.repeat(20) }));
    const kept = log.list();
    expect(kept.map((e) => (e.body as { n: number }).n)).toEqual([48, 49]);
    // Evicted entries stay in the array until compaction; their bodies must not.
    expect(log.heldBodyChars()).toBeLessThanOrEqual(100);
  });

  it('drops the oldest entries past maxEntries, bodies or not', () => {
    const log = new RequestLog({ maxEntries: 3, maxBodyChars: 1_000_000 });
    for (let n = 0; n < 10; n++) log.add(entry(n), n % 2 === 0 ? '{"even":true}' : undefined);
    expect(log.list().map((e) => e.path)).toEqual(['/api/dashboards/db?n=7', '/api/dashboards/db?n=8', '/api/dashboards/db?n=9']);
    expect(log.list()[1]).toMatchObject({ body: { even: true } });
    expect(log.heldBodyChars()).toBe('{"even":true}'.length);
  });
});
