import { beforeEach, describe, expect, it } from 'vitest';
import { describeError } from '../../../src/describe-error.js';
import { GrafanaHttpError } from '../../../src/errors.js';
import { loadSettings } from '../../../src/config/load-settings.js';
import { createGrafanaPort } from '../../../src/grafana/create-grafana-port.js';
import { DEFAULT_RETRY_POLICY, testRetryPolicy, type RetryEvent } from '../../../src/grafana/http/retry-policy.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { refusingPort } from '../../helpers/refusing-port.js';
import { caught, clientFor, dashboard, useSteadySandbox } from './client-fixture.js';

const DASHBOARD_PATH = '/api/dashboards/uid/steady';

describe('retries, backoff and timeouts', () => {
  const steady = useSteadySandbox();
  let sandbox: SandboxHandle;
  beforeEach(() => {
    sandbox = steady();
  });

  function recordingClient(retry: Record<string, number> = {}, timeoutMs = 5_000) {
    const events: RetryEvent[] = [];
    const client = clientFor(sandbox, { timeoutMs, retry: { baseDelayMs: 1, maxDelayMs: 5, ...retry }, onRetry: (event) => events.push(event) });
    sandbox.clearRequests();
    return { client, events };
  }

  const statusesOf = (path: string) => sandbox.requests().filter((entry) => entry.path === path).map((entry) => entry.status);

  it('retries 503, 503 and returns the third answer', async () => {
    sandbox.setFaults({ script: [{ kind: 'status', status: 503 }, { kind: 'status', status: 503 }] });
    const { client, events } = recordingClient();
    const live = await client.getDashboard('steady');
    expect(live?.dashboard.title).toBe('Steady');
    expect(statusesOf(DASHBOARD_PATH)).toEqual([503, 503, 200]);
    expect(events.map(({ method, path, attempt, reason }) => ({ method, path, attempt, reason }))).toEqual([
      { method: 'GET', path: DASHBOARD_PATH, attempt: 1, reason: 'HTTP 503' },
      { method: 'GET', path: DASHBOARD_PATH, attempt: 2, reason: 'HTTP 503' },
    ]);
  });

  it('retries 502 and 504 too', async () => {
    sandbox.setFaults({ script: [{ kind: 'status', status: 502 }, { kind: 'status', status: 504 }] });
    const { client } = recordingClient();
    expect(await client.getDashboard('steady')).not.toBeNull();
    expect(statusesOf(DASHBOARD_PATH)).toEqual([502, 504, 200]);
  });

  it('waits what Retry-After says after a 429', async () => {
    sandbox.setFaults({ script: [{ kind: 'status', status: 429, retryAfterSeconds: 1 }] });
    const { client, events } = recordingClient();
    expect(await client.getDashboard('steady')).not.toBeNull();
    expect(events).toEqual([{ request: 1, method: 'GET', path: DASHBOARD_PATH, attempt: 1, reason: 'HTTP 429', delayMs: 1000 }]);
    expect(statusesOf(DASHBOARD_PATH)).toEqual([429, 200]);
  });

  it('gives up at once on a Retry-After longer than the time budget, saying what Grafana asked for', async () => {
    sandbox.setFaults({ script: [{ kind: 'status', status: 429, retryAfterSeconds: 90 }] });
    const { client, events } = recordingClient({ maxElapsedMs: 60_000 });
    const error = (await caught(client.getDashboard('steady'))) as GrafanaHttpError;
    expect(error).toBeInstanceOf(GrafanaHttpError);
    expect(error.status).toBe(429);
    expect(error.message).toMatch(
      /^GET \/api\/dashboards\/uid\/steady failed: HTTP 429: .+; Grafana asks to retry after 90 s \(Retry-After\), beyond the 60 s retry budget: run again later$/,
    );
    // No retry sent before the time Grafana named: it could only meet another 429.
    expect(events).toEqual([]);
    expect(statusesOf(DASHBOARD_PATH)).toEqual([429]);
  });

  it('after a retry, names what is left of the budget', async () => {
    sandbox.setFaults({ script: [{ kind: 'status', status: 503 }, { kind: 'status', status: 429, retryAfterSeconds: 3600 }] });
    const { client, events } = recordingClient({ maxElapsedMs: 60_000 });
    const error = (await caught(client.getDashboard('steady'))) as GrafanaHttpError;
    expect(error.message).toMatch(/; Grafana asks to retry after 3600 s \(Retry-After\), beyond the [\d.]+ s left of the 60 s retry budget: run again later \(gave up after 2 attempts\)$/);
    expect(events).toHaveLength(1);
    expect(statusesOf(DASHBOARD_PATH)).toEqual([503, 429]);
  });

  // walk-72 L3: a Retry-After date years away printed as "2299608895.2 s".
  it('names the time a Retry-After date asks for when it is more than an hour away, in UTC to the second', async () => {
    sandbox.setFaults({ script: [{ kind: 'status', status: 429, retryAfterDate: 'Wed, 21 Oct 2099 07:28:00 GMT' }] });
    const { client, events } = recordingClient({ maxElapsedMs: 60_000 });
    const error = (await caught(client.getDashboard('steady'))) as GrafanaHttpError;
    expect(error.message).toMatch(/; Grafana asks to retry at 2099-10-21T07:28:00Z \(Retry-After\), beyond the 60 s retry budget: run again later$/);
    expect(events).toEqual([]);
    expect(statusesOf(DASHBOARD_PATH)).toEqual([429]);
  });

  it('says whole seconds for a Retry-After date within the hour', async () => {
    sandbox.setFaults({ script: [{ kind: 'status', status: 429, retryAfterDate: new Date(Date.now() + 30 * 60_000).toUTCString() }] });
    const { client } = recordingClient({ maxElapsedMs: 60_000 });
    const error = (await caught(client.getDashboard('steady'))) as GrafanaHttpError;
    const asked = /; Grafana asks to retry after (\d+) s \(Retry-After\), beyond the 60 s retry budget: run again later$/.exec(error.message);
    expect(asked, error.message).not.toBeNull();
    expect(Number(asked![1])).toBeGreaterThan(1790);
    expect(Number(asked![1])).toBeLessThanOrEqual(1800);
  });

  it('says a Retry-After no date can name as such, not as a count of seconds', async () => {
    sandbox.setFaults({ script: [{ kind: 'status', status: 429, retryAfterSeconds: 1e20 }] });
    const { client } = recordingClient({ maxElapsedMs: 60_000 });
    const error = (await caught(client.getDashboard('steady'))) as GrafanaHttpError;
    expect(error.message).toMatch(/; Grafana asks to retry at a time beyond any date \(Retry-After\), beyond the 60 s retry budget: run again later$/);
  });

  it('sends again at once after a Retry-After date already past', async () => {
    sandbox.setFaults({ script: [{ kind: 'status', status: 429, retryAfterDate: 'Wed, 21 Oct 2015 07:28:00 GMT' }] });
    const { client, events } = recordingClient();
    expect(await client.getDashboard('steady')).not.toBeNull();
    expect(events).toEqual([{ request: 1, method: 'GET', path: DASHBOARD_PATH, attempt: 1, reason: 'HTTP 429', delayMs: 0 }]);
    expect(statusesOf(DASHBOARD_PATH)).toEqual([429, 200]);
  });

  it('retries a connection dropped in the middle of the response', async () => {
    sandbox.setFaults({ script: [{ kind: 'drop' }] });
    const { client, events } = recordingClient();
    expect((await client.getDashboard('steady'))?.dashboard.title).toBe('Steady');
    expect(events).toHaveLength(1);
    expect(events[0]?.reason).toMatch(/^connection (closed by the server|reset)/);
  });

  it('gives up when the attempts are spent, naming method, path, status and attempts', async () => {
    sandbox.setFaults({ errorRate: 1, errorStatus: 503 });
    const { client, events } = recordingClient({ maxAttempts: 3 });
    const error = (await caught(client.getDashboard('steady'))) as GrafanaHttpError;
    expect(error).toBeInstanceOf(GrafanaHttpError);
    expect([error.method, error.path, error.status, error.attempts]).toEqual(['GET', DASHBOARD_PATH, 503, 3]);
    expect(error.message).toMatch(/^GET \/api\/dashboards\/uid\/steady failed: HTTP 503: .+ \(gave up after 3 attempts\)$/);
    expect(events).toHaveLength(2);
    expect(statusesOf(DASHBOARD_PATH)).toEqual([503, 503, 503]);
  });

  it('retries a save answered 503', async () => {
    sandbox.setFaults({ script: [{ kind: 'status', status: 503 }], methods: ['POST'] });
    const { client } = recordingClient();
    const saved = await client.saveDashboard({ dashboard: dashboard('retried-save'), folderUid: '', message: '', overwrite: false });
    expect(saved.version).toBe(1);
    expect(statusesOf('/api/dashboards/db')).toEqual([503, 200]);
  });

  it('sends a read answered 500 once more (reads are safe), and gives up on a second 500', async () => {
    sandbox.setFaults({ script: [{ kind: 'status', status: 500 }] });
    const { client, events } = recordingClient();
    expect((await client.getDashboard('steady'))?.dashboard.title).toBe('Steady');
    expect(events.map((event) => event.reason)).toEqual(['HTTP 500']);
    sandbox.setFaults({ script: [{ kind: 'status', status: 500 }, { kind: 'status', status: 500 }] });
    sandbox.clearRequests();
    const error = (await caught(client.getDashboard('steady'))) as GrafanaHttpError;
    expect([error.status, error.attempts]).toEqual([500, 2]);
    expect(statusesOf(DASHBOARD_PATH)).toEqual([500, 500]);
  });

  it('does not resend a save answered 500: it may have been processed', async () => {
    sandbox.setFaults({ script: [{ kind: 'status', status: 500 }], methods: ['POST'] });
    const { client, events } = recordingClient();
    const error = (await caught(client.saveDashboard({ dashboard: dashboard('no-500-resend'), folderUid: '', message: '', overwrite: false }))) as GrafanaHttpError;
    expect([error.status, error.attempts]).toEqual([500, 1]);
    expect(events).toEqual([]);
  });

  it('a save refused after resends that met only 429 and 503 was not processed before; after a dropped send it may have been', async () => {
    const { client } = recordingClient();
    await client.saveDashboard({ dashboard: dashboard('taken'), folderUid: '', message: '', overwrite: false });
    const create = () => caught(client.saveDashboard({ dashboard: dashboard('taken'), folderUid: '', message: '', overwrite: false }));
    sandbox.setFaults({ script: [{ kind: 'status', status: 429, retryAfterSeconds: 0 }, { kind: 'status', status: 503 }], methods: ['POST'] });
    const answered = (await create()) as GrafanaHttpError;
    expect([answered.status, answered.attempts, answered.earlierSendMayHaveLanded]).toEqual([412, 3, false]);
    sandbox.setFaults({ script: [{ kind: 'status', status: 503 }, { kind: 'drop' }], methods: ['POST'] });
    const dropped = (await create()) as GrafanaHttpError;
    expect([dropped.status, dropped.attempts, dropped.earlierSendMayHaveLanded]).toEqual([412, 3, true]);
  });

  it('answers cut off every time: the error says Grafana was reached, not to check the URL', async () => {
    sandbox.setFaults({ dropRate: 1, seed: 1 });
    const { client } = recordingClient({ maxAttempts: 2 });
    const error = await caught(client.getDashboard('steady'));
    const described = describeError(error, 'cli');
    expect(described.line).toMatch(/^GET \/api\/dashboards\/uid\/steady failed: no response: connection (closed by the server|reset) .*\(gave up after 2 attempts\)$/);
    expect(described.hint).toContain('was reached and closed the connection before answering');
    expect(described.hint).not.toContain('URL');
  });

  it('times out a server that does not answer, and retries the timeout', { timeout: 10_000 }, async () => {
    sandbox.setFaults({ latencyMs: 20_000, pathPrefix: '/api/dashboards/' });
    const { client, events } = recordingClient({ maxAttempts: 2 }, 150);
    const error = (await caught(client.getDashboard('steady'))) as GrafanaHttpError;
    expect([error.method, error.path, error.status, error.attempts]).toEqual(['GET', DASHBOARD_PATH, 0, 2]);
    expect(error.message).toBe(
      'GET /api/dashboards/uid/steady failed: no response: timed out after 150 ms waiting for the response (gave up after 2 attempts)',
    );
    expect(events.map((event) => event.reason)).toEqual(['timed out after 150 ms waiting for the response']);
  });

  it('fails fast with one clear line when nothing listens', async () => {
    const url = `http://127.0.0.1:${await refusingPort()}`;
    const events: RetryEvent[] = [];
    const client = clientFor(sandbox, { url, retry: { maxAttempts: 2, baseDelayMs: 1 }, onRetry: (event) => events.push(event) });
    const error = (await caught(client.serverInfo())) as GrafanaHttpError;
    expect(error.message).toBe('GET /api/health failed: no response: connection refused (ECONNREFUSED) (gave up after 2 attempts)');
    expect(events).toHaveLength(1);
  });
});

// perf-69a: the suite's runs whose requests keep failing resend at once (test/helpers/run-cli.ts NO_RETRY_WAITS); the sends
// and the budget stay the policy's, and the variable can only shorten the waits.
describe('the test-only retry base (DASHSYNC_TEST_RETRY_BASE_MS)', () => {
  const steady = useSteadySandbox();

  it('takes whole milliseconds up to the policy\'s base, nothing longer or else', () => {
    expect(testRetryPolicy({})).toEqual({});
    expect(testRetryPolicy({ DASHSYNC_TEST_RETRY_BASE_MS: '0' })).toEqual({ baseDelayMs: 0 });
    expect(testRetryPolicy({ DASHSYNC_TEST_RETRY_BASE_MS: String(DEFAULT_RETRY_POLICY.baseDelayMs) })).toEqual({ baseDelayMs: DEFAULT_RETRY_POLICY.baseDelayMs });
    for (const value of [String(DEFAULT_RETRY_POLICY.baseDelayMs + 1), '', '1.5', '-1', '1e2', ' 5']) expect(testRetryPolicy({ DASHSYNC_TEST_RETRY_BASE_MS: value })).toEqual({});
  });

  it('reaches the port a run makes from its environment: every wait 0, the sends as many', async () => {
    const sandbox = steady();
    const settings = await loadSettings({ flags: { api: 'legacy' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: process.cwd() });
    const events: RetryEvent[] = [];
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: { DASHSYNC_TEST_RETRY_BASE_MS: '0' }, onRetry: (event) => events.push(event) });
    try {
      sandbox.setFaults({ pathPrefix: DASHBOARD_PATH, script: Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 502 })) });
      expect(await grafana.getDashboard('steady')).not.toBeNull();
      expect(events.map((event) => [event.attempt, event.delayMs])).toEqual([[1, 0], [2, 0], [3, 0], [4, 0]]);
    } finally {
      await grafana.close();
    }
  });
});
