import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { AnswerCutOffError, RequestInterruptedError } from '../../../src/errors.js';
import { createRequester, type HttpClientOptions } from '../../../src/grafana/http/request.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { requestHeld } from '../../helpers/sandbox.js';
import { ADMIN, caught, dashboard, useSteadySandbox } from './client-fixture.js';

/**
 * The run's Ctrl-C reaches the requests in flight: a Grafana that stops answering (the sandbox's
 * `hold` fault never answers) cannot hold the run. The request timeout here is far longer than
 * any test may run, so a request that ends did so because it was interrupted.
 */
describe('Ctrl-C and the requests in flight', () => {
  const steady = useSteadySandbox();
  let sandbox: SandboxHandle;
  beforeEach(() => {
    sandbox = steady();
  });

  function interruptible(overrides: Partial<HttpClientOptions> = {}) {
    const controller = new AbortController();
    const http = createRequester({
      url: sandbox.url,
      auth: ADMIN,
      timeoutMs: 600_000,
      concurrency: 2,
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      userAgent: 'test',
      signal: controller.signal,
      ...overrides,
    });
    onTestFinished(() => http.close());
    sandbox.clearRequests();
    return { http, interrupt: () => controller.abort() };
  }

  it('a read held by Grafana ends when interrupted: RequestInterruptedError, sent once', async () => {
    sandbox.setFaults({ script: [{ kind: 'hold' }] });
    const { http, interrupt } = interruptible();
    const read = caught(http.send('GET', '/api/dashboards/uid/steady'));
    expect(await requestHeld(sandbox)).toMatchObject({ method: 'GET', path: '/api/dashboards/uid/steady', status: 0 });
    interrupt();
    const error = await read;
    expect(error).toBeInstanceOf(RequestInterruptedError);
    expect(error.message).toBe('GET /api/dashboards/uid/steady failed: no response: interrupted while waiting for the answer');
    expect((error as RequestInterruptedError).attempts).toBe(1);
  });

  it('a write held by Grafana is abandoned after its grace: sent once, so it may have landed', async () => {
    sandbox.setFaults({ script: [{ kind: 'hold' }] });
    const { http, interrupt } = interruptible();
    const save = caught(http.send('POST', '/api/dashboards/db', { dashboard: dashboard('held', 'Held'), overwrite: false }));
    expect(await requestHeld(sandbox)).toMatchObject({ method: 'POST', path: '/api/dashboards/db', status: 0 });
    interrupt();
    const error = await save;
    expect(error).toBeInstanceOf(RequestInterruptedError);
    expect((error as RequestInterruptedError).attempts).toBe(1);
  });

  it('a write answered within its grace returns its answer', async () => {
    sandbox.setFaults({ script: [{ kind: 'hold' }] });
    const { http, interrupt } = interruptible({ graceMs: 600_000 });
    const save = http.send('POST', '/api/dashboards/db', { dashboard: dashboard('graced', 'Graced'), overwrite: false });
    // Interrupted once it is out (Grafana holds it): one still waiting for its connection would end at once.
    await requestHeld(sandbox);
    interrupt();
    sandbox.releaseHeld();
    expect(await save).toMatchObject({ uid: 'graced', status: 'success' });
  });

  it('a retry waiting its turn ends at once; after the interrupt nothing is sent', async () => {
    let waiting!: () => void;
    const retryWaits = new Promise<void>((resolve) => (waiting = resolve));
    const { http, interrupt } = interruptible({ retry: { maxElapsedMs: 600_000 }, onRetry: () => waiting() });
    sandbox.setFaults({ script: [{ kind: 'status', status: 429, retryAfterSeconds: 300 }] });
    const retrying = caught(http.send('GET', '/api/dashboards/uid/steady'));
    await retryWaits;
    interrupt();
    const error = (await retrying) as RequestInterruptedError;
    expect([error.constructor, error.attempts]).toEqual([RequestInterruptedError, 1]);

    const unsent = (await caught(http.send('POST', '/api/folders', { title: 'never' }))) as RequestInterruptedError;
    expect(unsent.message).toBe('POST /api/folders failed: no response: interrupted before it was sent');
    expect(unsent.attempts).toBe(0);
    expect(sandbox.requests().map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual(['GET /api/dashboards/uid/steady 429']);
  });

  it('inside an apply action whose write went out, a read that finishes its work may still start; elsewhere it may not', async () => {
    const { http, interrupt } = interruptible({ graceMs: 600_000 });
    const tally = { sent: 0 };
    await http.send('POST', '/api/dashboards/db', { dashboard: dashboard('followed', 'Followed'), overwrite: false }, undefined, { tally });
    expect(tally.sent).toBe(1);
    interrupt();
    expect(await http.send('GET', '/api/dashboards/uid/followed', undefined, undefined, { tally })).toMatchObject({ dashboard: { uid: 'followed' } });
    const elsewhere = (await caught(http.send('GET', '/api/dashboards/uid/followed'))) as RequestInterruptedError;
    expect([elsewhere.constructor, elsewhere.attempts]).toEqual([RequestInterruptedError, 0]);
  });

  it('any number of requests in flight listen to the run signal without a listener-leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    onTestFinished(() => {
      process.off('warning', onWarning);
    });
    const { http } = interruptible({ concurrency: 32 });
    await Promise.all(Array.from({ length: 32 }, () => http.send('GET', '/api/dashboards/uid/steady')));
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toEqual([]);
  });
});

/** A server that answers 200 and the first bytes of a 100,000-byte body, then nothing (a Grafana or proxy stuck mid-body). */
async function serveStalledBody(): Promise<string> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
    response.write('{"dashboard":{"title":"half');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  onTestFinished(() => {
    server.closeAllConnections();
    return new Promise<void>((done) => server.close(() => done()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** What a request came to within 5 s of its abort (far less than its 600 s timeout): its error's name, or that it still waits. */
async function outcomeAfter(request: Promise<unknown>, abort: () => void): Promise<string> {
  const outcome = request.then(() => 'resolved', (error: Error) => error.name);
  await new Promise((done) => setTimeout(done, 300));
  abort();
  return Promise.race([outcome, new Promise<string>((done) => setTimeout(() => done('still waiting 5 s after the abort'), 5_000))]);
}

// review-65b L1: a body still coming held the run --timeout per pause after Ctrl-C.
describe('an answer whose headers came and whose body stalls', () => {
  const options = { auth: ADMIN, timeoutMs: 600_000, concurrency: 1, retry: { baseDelayMs: 1, maxDelayMs: 5 }, userAgent: 'test' };

  it('Ctrl-C ends the read at once: RequestInterruptedError', { timeout: 20_000 }, async () => {
    const controller = new AbortController();
    const http = createRequester({ url: await serveStalledBody(), ...options, signal: controller.signal });
    onTestFinished(() => http.close());
    expect(await outcomeAfter(http.send('GET', '/api/dashboards/uid/x'), () => controller.abort())).toBe('RequestInterruptedError');
  });

  it('a page asked for ahead ends once its caller aborts it', { timeout: 20_000 }, async () => {
    const http = createRequester({ url: await serveStalledBody(), ...options });
    onTestFinished(() => http.close());
    const ahead = new AbortController();
    expect(await outcomeAfter(http.receive('/apis/x', [], { signal: ahead.signal }), () => ahead.abort())).toBe('RequestInterruptedError');
  });

  // review-66b L2: a write's 2xx head came, then Ctrl-C past the grace cut its body: it landed, never "no response".
  it('Ctrl-C past the grace while a write\'s 2xx body comes: AnswerCutOffError (it landed), not "no response"', { timeout: 20_000 }, async () => {
    const controller = new AbortController();
    const http = createRequester({ url: await serveStalledBody(), ...options, signal: controller.signal, graceMs: 200 });
    onTestFinished(() => http.close());
    const save = http.send('POST', '/api/dashboards/db', { dashboard: { uid: 'x' } }, [], { tally: { sent: 0 } }).then(() => null, (error: unknown) => error);
    await new Promise((done) => setTimeout(done, 300));
    controller.abort();
    const error = await save;
    expect(error).toBeInstanceOf(AnswerCutOffError);
    expect((error as Error).message).toBe(
      'POST /api/dashboards/db: Grafana answered it with success, then its answer was cut off before its end (interrupted while its answer came): the write was done, and what Grafana answered is lost',
    );
  });
});
