import { describe, expect, it } from 'vitest';
import { RetryCount } from '../../../src/report/retry-count.js';

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
});
