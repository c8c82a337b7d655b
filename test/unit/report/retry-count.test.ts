import { describe, expect, it } from 'vitest';
import { RetryCount, toRetriedJson, withRetriesMarkdown } from '../../../src/report/retry-count.js';

describe('the retry note', () => {
  it('counts each request retried once, each failure by its reason (and the retries in all when they are more), and names the writes resent after --timeout', () => {
    const count = new RetryCount();
    expect(count.note(1_000)).toBe('');
    expect(count.describe()).toBe('');
    const retry = (request: number, method: string, path: string, attempt: number, reason: string) => count.record({ request, method, path, attempt, reason, delayMs: 0 });
    retry(1, 'POST', '/api/dashboards/db', 1, 'timed out after 1000 ms waiting for the response');
    retry(1, 'POST', '/api/dashboards/db', 2, 'timed out after 1000 ms waiting for the response');
    retry(2, 'GET', '/api/search', 1, 'HTTP 429');
    retry(3, 'GET', '/api/folders', 1, 'connection closed by the server (UND_ERR_SOCKET)');
    retry(4, 'POST', '/api/dashboards/db', 1, 'HTTP 503');
    retry(4, 'POST', '/api/dashboards/db', 2, 'timed out after 1000 ms waiting for the response');
    expect(count.describe()).toBe('4 requests retried 6 times (timed out: 3, 429: 1, connection lost: 1, 503: 1)');
    expect(count.note(1_000)).toBe(
      'note: 4 requests retried 6 times (timed out: 3, 429: 1, connection lost: 1, 503: 1)\n' +
        'note: 2 writes sent again after --timeout 1 s passed without an answer (3 resends in all); dashsync checked what landed: raise --timeout if Grafana saves slowly\n',
    );
  });

  it('as data (the public JSON) and as a markdown NOTE box after what the markdown says', () => {
    const count = new RetryCount();
    expect(count.summary(1_000)).toBeNull();
    expect(withRetriesMarkdown('## dashsync plan\n', count.summary(1_000))).toBe('## dashsync plan\n');
    count.record({ request: 1, method: 'GET', path: '/api/search', attempt: 1, reason: 'HTTP 503', delayMs: 0 });
    count.record({ request: 1, method: 'GET', path: '/api/search', attempt: 2, reason: 'HTTP 429', delayMs: 0 });
    count.record({ request: 2, method: 'POST', path: '/api/dashboards/db', attempt: 1, reason: 'timed out after 1000 ms waiting for the response', delayMs: 0 });
    expect(count.summary(1_000)).toEqual({ requests: 2, retries: 3, reasons: [['503', 1], ['429', 1], ['timed out', 1]], writesResentAfterTimeout: 1, resendsAfterTimeout: 1, timeoutMs: 1_000 });
    // The public JSON's `retried` (plan's and apply's alike): reasons as an object, the writes resent after --timeout only when there are some.
    expect(toRetriedJson(count.summary(1_000)!)).toEqual({ requests: 2, retries: 3, reasons: { '503': 1, '429': 1, 'timed out': 1 }, writesResentAfterTimeout: 1 });
    expect(withRetriesMarkdown('**Applied: 1 created**\n\n', count.summary(1_000))).toBe(
      '**Applied: 1 created**\n\n> [!NOTE]\n> - 2 requests retried 3 times (503: 1, 429: 1, timed out: 1)\n' +
        '> - 1 write sent again after --timeout 1 s passed without an answer; dashsync checked what landed: raise --timeout if Grafana saves slowly\n',
    );
  });

  it("the public JSON's retried of a run that only read has no writesResentAfterTimeout", () => {
    const count = new RetryCount();
    count.record({ request: 1, method: 'GET', path: '/api/search', attempt: 1, reason: 'timed out after 1000 ms waiting for the response', delayMs: 0 });
    expect(toRetriedJson(count.summary(1_000)!)).toEqual({ requests: 1, retries: 1, reasons: { 'timed out': 1 } });
  });
});
