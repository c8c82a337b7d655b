import { describe, expect, it } from 'vitest';
import { RetryCount } from '../../../src/report/retry-count.js';

describe('the retry note', () => {
  it('counts each request retried once, each failure by its reason, and names the writes resent after --timeout', () => {
    const count = new RetryCount();
    expect(count.note(1_000)).toBe('');
    const retry = (method: string, path: string, attempt: number, reason: string) => count.record({ method, path, attempt, reason, delayMs: 0 });
    retry('POST', '/api/dashboards/db', 1, 'timed out after 1000 ms waiting for the response');
    retry('POST', '/api/dashboards/db', 2, 'timed out after 1000 ms waiting for the response');
    retry('GET', '/api/search', 1, 'HTTP 429');
    retry('GET', '/api/folders', 1, 'connection closed by the server (UND_ERR_SOCKET)');
    expect(count.note(1_000)).toBe(
      'note: 3 requests retried (timed out: 2, 429: 1, connection lost: 1)\n' +
        'note: 2 writes sent again after --timeout 1 s passed without an answer (dashsync checked what landed): raise --timeout if Grafana saves slowly\n',
    );
  });
});
