import { describe, expect, it, onTestFinished } from 'vitest';
import { openGrafanaPort } from '../../../src/grafana/create-grafana-port.js';
import type { RetryEvent } from '../../../src/grafana/http/retry-policy.js';
import { portClientOptions } from '../../helpers/port-client-options.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';

// Unified storage answers a full per-namespace write queue with a 429 Status and no Retry-After, before the write runs
// (HandleQueueError, src/sandbox/README.md "Faults"): dashsync's resend rule applies as to any 429.
describe('a /apis write that meets unified storage\'s full queue', () => {
  it('is sent again after the backoff and saved once', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13', faults: { pathPrefix: '/apis/dashboard.grafana.app', methods: ['POST'], script: [{ kind: 'queue-full' }] } });
    const events: RetryEvent[] = [];
    const grafana = await openGrafanaPort({ ...portClientOptions(sandbox), retry: { baseDelayMs: 1, maxDelayMs: 5 }, onRetry: (event) => events.push(event) }, 'k8s');
    onTestFinished(() => grafana.close());

    const outcome = await grafana.saveDashboard({ model: { uid: 'queued', title: 'Queued', panels: [] }, folderUid: null, message: 'test', expect: 'absent' });
    expect(outcome).toMatchObject({ kind: 'saved', version: 1 });
    const posts = sandbox.requests().filter((entry) => entry.method === 'POST' && entry.path.startsWith('/apis/dashboard.grafana.app'));
    expect(posts.map((entry) => entry.status)).toEqual([429, 201]);
    expect(events.map(({ method, attempt, reason }) => ({ method, attempt, reason }))).toEqual([{ method: 'POST', attempt: 1, reason: 'HTTP 429' }]);
    // No Retry-After: the client's own backoff (at most 5 ms here), not the 1 s a header-less 429 might be given.
    expect(events[0]!.delayMs).toBeLessThanOrEqual(5);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/queued')).body.meta.version).toBe(1);
  });
});
