import { createServer } from 'node:http';
import { describe, expect, it, onTestFinished } from 'vitest';
import { mayHaveLanded } from '../../../src/apply/read-back.js';
import { RequestInterruptedError, UnreachableError } from '../../../src/errors.js';
import { createRequester, type HttpClientOptions } from '../../../src/grafana/http/request.js';
import type { WriteTally } from '../../../src/grafana/port.js';
import { writeMayHaveLanded } from '../../../src/grafana/write-tally-scope.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { startTestProxy } from '../../helpers/connect-proxy.js';
import { startHoldingRelay } from '../../helpers/holding-relay.js';
import { requestHeld, startTestSandbox } from '../../helpers/sandbox.js';
import { useTestPki } from '../../helpers/tls.js';
import { ADMIN, caught, dashboard } from './client-fixture.js';

/**
 * A write whose connection could not be made (refused, a TLS handshake refused) never left: it cannot have landed.
 * One that went out and met a reset may have. What the apply run and restore decide from (WriteTally, mayHaveLanded).
 */
describe('a write that found no connection is not a write that may have landed', () => {
  const pki = useTestPki();

  function requester(sandbox: SandboxHandle, overrides: Partial<HttpClientOptions> = {}) {
    const http = createRequester({ url: sandbox.url, auth: ADMIN, timeoutMs: 5_000, concurrency: 1, retry: { baseDelayMs: 1, maxDelayMs: 5 }, userAgent: 'test', ...overrides });
    onTestFinished(() => http.close());
    return http;
  }

  async function save(http: ReturnType<typeof requester>) {
    const tally: WriteTally = { sent: 0 };
    const error = await caught(http.send('POST', '/api/dashboards/db', { dashboard: dashboard('w', 'W'), overwrite: false }, undefined, { tally }));
    return { error, tally };
  }

  it('connection refused (nothing listens): no send counted, and the error says the write did not land', async () => {
    const sandbox = await startTestSandbox();
    const http = requester(sandbox);
    await sandbox.close();
    const { error, tally } = await save(http);
    expect(error).toBeInstanceOf(UnreachableError);
    expect(error.message).toMatch(/connection refused \(ECONNREFUSED\) \(gave up after 8 attempts\)$/);
    expect((error as UnreachableError).connectFailed).toBe(true);
    expect(tally.sent).toBe(0);
    expect(writeMayHaveLanded(tally)).toBe(false);
    expect(mayHaveLanded(error)).toBe(false);
  });

  it('a 503, then the host down: the refused resends add nothing, and the 503 was not processed', async () => {
    const sandbox = await startTestSandbox();
    sandbox.setFaults({ script: [{ kind: 'status', status: 503, thenDown: true }] });
    const { error, tally } = await save(requester(sandbox));
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(tally).toEqual({ sent: 1, refused: 1 });
    expect(mayHaveLanded(error)).toBe(false);
  });

  it("a proxy's 503 saying Grafana's connection ended after it passed the write on (Envoy's UC): it may have landed", async () => {
    const sandbox = await startTestSandbox();
    const proxy = await startEnvoyLikeProxy(sandbox.url, 'upstream connect error or disconnect/reset before headers. reset reason: connection termination');
    const { error, tally } = await save(requester(sandbox, { url: proxy }));
    expect(error.message).toMatch(/failed: HTTP 503: non-JSON response: upstream connect error or disconnect\/reset before headers/);
    // Grafana saved it (the first send; the resends met its version): not a refusal, whatever the status.
    expect(sandbox.requests().filter((entry) => entry.method === 'POST').length).toBeGreaterThan(1);
    expect(tally.refused ?? 0).toBe(0);
    expect(writeMayHaveLanded(tally)).toBe(true);
    expect(mayHaveLanded(error)).toBe(true);
  });

  it("a proxy's 503 for a connection it could not open passed nothing on: still a refusal", async () => {
    const sandbox = await startTestSandbox();
    const proxy = await startEnvoyLikeProxy(sandbox.url, 'upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: delayed connect error: 111', { forward: false });
    const { error, tally } = await save(requester(sandbox, { url: proxy }));
    expect(error.message).toMatch(/failed: HTTP 503: non-JSON response: upstream connect error or disconnect\/reset before headers/);
    expect(tally).toEqual({ sent: 8, refused: 8 });
    expect(mayHaveLanded(error)).toBe(false);
  });

  it("Grafana's certificate refused at the handshake: not a byte of the write left", async () => {
    const sandbox = await startTestSandbox({ tls: { cert: pki.server.cert, key: pki.server.key } });
    const { error, tally } = await save(requester(sandbox, { env: {} }));
    expect(error.message).toMatch(/is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    expect((error as UnreachableError).connectFailed).toBe(true);
    expect(tally.sent).toBe(0);
    expect(mayHaveLanded(error)).toBe(false);
    expect(sandbox.requests()).toEqual([]);
  });

  // On the old code the send was counted as it started: Ctrl-C during the TLS handshake left it "may have landed" (sent 1).
  // Before review-mend-51d the write waited out its grace (1 s by default) for its connection, and was sent when the
  // handshake finished within it: a write started after Ctrl-C, saved, though "nothing new is sent" once the run is
  // interrupted. With no grace or one longer than any test (only a write that left may use it), the handshake let through
  // right after Ctrl-C carries nothing.
  it.each([0, 600_000])('Ctrl-C while its connection is being made (a TLS handshake held), grace %i ms: not a byte of it left, and the connection made then carries nothing', async (graceMs) => {
    const sandbox = await startTestSandbox({ tls: { cert: pki.server.cert, key: pki.server.key } });
    const relay = await startHoldingRelay(sandbox.url);
    relay.hold();
    const controller = new AbortController();
    const saving = save(requester(sandbox, { url: relay.url, caCert: pki.ca.certFile, env: {}, signal: controller.signal, graceMs }));
    await relay.connectionHeld();
    controller.abort();
    relay.release();
    const { error, tally } = await saving;
    expect(error).toBeInstanceOf(RequestInterruptedError);
    expect(error.message).toMatch(/interrupted before it was sent$/);
    expect(tally.sent).toBe(0);
    expect(writeMayHaveLanded(tally)).toBe(false);
    expect(sandbox.requests()).toEqual([]);
  });

  it("Ctrl-C while the proxy's tunnel is being made (the proxy holds the CONNECT): not a byte of the write left, and it ends at once", async () => {
    const sandbox = await startTestSandbox({ tls: { cert: pki.server.cert, key: pki.server.key } });
    const proxy = await startTestProxy();
    const relay = await startHoldingRelay(proxy.url);
    relay.hold();
    const controller = new AbortController();
    const saving = save(requester(sandbox, { caCert: pki.ca.certFile, env: { HTTPS_PROXY: relay.url }, signal: controller.signal, graceMs: 600_000 }));
    await relay.connectionHeld();
    controller.abort();
    relay.release();
    const { error, tally } = await saving;
    expect(error).toBeInstanceOf(RequestInterruptedError);
    expect(error.message).toMatch(/interrupted before it was sent$/);
    expect(tally.sent).toBe(0);
    expect(sandbox.requests()).toEqual([]);
  });

  it('after Ctrl-C, closing the client does not wait for a connection still being made', async () => {
    const sandbox = await startTestSandbox({ tls: { cert: pki.server.cert, key: pki.server.key } });
    const relay = await startHoldingRelay(sandbox.url);
    relay.hold();
    const controller = new AbortController();
    // A connect timeout longer than any test: a close that waited for the connect would not end.
    const http = createRequester({ url: relay.url, auth: ADMIN, timeoutMs: 600_000, concurrency: 1, caCert: pki.ca.certFile, env: {}, signal: controller.signal, graceMs: 0, userAgent: 'test' });
    const saving = caught(http.send('POST', '/api/dashboards/db', { dashboard: dashboard('w', 'W'), overwrite: false }, undefined, { tally: { sent: 0 } }));
    await relay.connectionHeld();
    controller.abort();
    expect(await saving).toBeInstanceOf(RequestInterruptedError);
    await http.close();
    expect(sandbox.requests()).toEqual([]);
  });

  it('Ctrl-C after the write went out (Grafana holds it unanswered): it may have landed (kept)', async () => {
    const sandbox = await startTestSandbox();
    sandbox.setFaults({ script: [{ kind: 'hold' }] });
    const controller = new AbortController();
    const saving = save(requester(sandbox, { signal: controller.signal, graceMs: 0 }));
    expect(await requestHeld(sandbox)).toMatchObject({ method: 'POST', status: 0 });
    controller.abort();
    const { error, tally } = await saving;
    expect(error).toBeInstanceOf(RequestInterruptedError);
    expect(error.message).toMatch(/interrupted while waiting for the answer$/);
    expect(tally.sent).toBe(1);
    expect(writeMayHaveLanded(tally)).toBe(true);
  });

  // On the old code a send Grafana refused counted for Ctrl-C as one that may have landed (mayHaveLanded: attempts > 0).
  it('a 503, then Ctrl-C while the resend waits its turn: every send was refused, so the write did not land', async () => {
    const sandbox = await startTestSandbox();
    sandbox.setFaults({ script: [{ kind: 'status', status: 503 }] });
    const controller = new AbortController();
    const { error, tally } = await save(requester(sandbox, { signal: controller.signal, graceMs: 0, onRetry: () => controller.abort() }));
    expect(error).toBeInstanceOf(RequestInterruptedError);
    expect(mayHaveLanded(error)).toBe(false);
    expect(tally).toEqual({ sent: 1, refused: 1 });
    expect(writeMayHaveLanded(tally)).toBe(false);
    expect(error.message).toBe('POST /api/dashboards/db failed: interrupted while waiting to send it again after HTTP 503 Service Unavailable; each send of it was refused, so none landed');
    expect(sandbox.requests().map((entry) => `${entry.method} ${entry.status}`)).toEqual(['POST 503']);
  });

  // On the old code: "no response: interrupted while waiting for the answer", though the 502 had come and nothing was out.
  it.each([
    [502, 'Bad Gateway'],
    [504, 'Gateway Timeout'],
  ])("a gateway's %i, then Ctrl-C while the resend waits its turn: said as such, and the send it answered may have landed", async (status, text) => {
    const sandbox = await startTestSandbox();
    sandbox.setFaults({ script: [{ kind: 'status', status }] });
    const controller = new AbortController();
    const { error, tally } = await save(requester(sandbox, { signal: controller.signal, graceMs: 0, onRetry: () => controller.abort() }));
    expect(error).toBeInstanceOf(RequestInterruptedError);
    expect(error.message).toBe(`POST /api/dashboards/db failed: interrupted while waiting to send it again after HTTP ${status} ${text}; that send may have reached Grafana`);
    expect(mayHaveLanded(error)).toBe(true);
    expect(tally).toEqual({ sent: 1 });
    expect(sandbox.requests().map((entry) => `${entry.method} ${entry.status}`)).toEqual([`POST ${status}`]);
  });

  it('a 502, then a 503, then Ctrl-C while the resend waits: the 503 refused its send, the 502 one may have landed', async () => {
    const sandbox = await startTestSandbox();
    sandbox.setFaults({ script: [{ kind: 'status', status: 502 }, { kind: 'status', status: 503 }] });
    const controller = new AbortController();
    let retries = 0;
    const { error } = await save(requester(sandbox, { signal: controller.signal, graceMs: 0, onRetry: () => ++retries === 2 && controller.abort() }));
    expect(error.message).toBe('POST /api/dashboards/db failed: interrupted while waiting to send it again after HTTP 503 Service Unavailable; an earlier send of it may have reached Grafana');
    expect(mayHaveLanded(error)).toBe(true);
  });

  it('a 503, then Ctrl-C while the resend waits for its connection (a TLS handshake held): not a byte of the resend left, so the write did not land', async () => {
    const sandbox = await startTestSandbox({ tls: { cert: pki.server.cert, key: pki.server.key } });
    sandbox.setFaults({ script: [{ kind: 'status', status: 503 }] });
    const relay = await startHoldingRelay(sandbox.url);
    const controller = new AbortController();
    // The 503's connection is cut as the resend is decided: the resend needs a new one, which the relay holds.
    const saving = save(requester(sandbox, { url: relay.url, caCert: pki.ca.certFile, env: {}, signal: controller.signal, graceMs: 0, onRetry: () => relay.hold() }));
    await relay.connectionHeld();
    controller.abort();
    const { error, tally } = await saving;
    expect(error).toBeInstanceOf(RequestInterruptedError);
    expect(mayHaveLanded(error)).toBe(false);
    expect(tally).toEqual({ sent: 1, refused: 1 });
    expect(error.message).toMatch(/interrupted after each send of it was refused$/);
    expect(sandbox.requests().map((entry) => `${entry.method} ${entry.status}`)).toEqual(['POST 503']);
  });

  it('a 503, then Ctrl-C after the resend went out (Grafana holds it unanswered): it may have landed (kept)', async () => {
    const sandbox = await startTestSandbox();
    sandbox.setFaults({ script: [{ kind: 'status', status: 503 }, { kind: 'hold' }] });
    const controller = new AbortController();
    const saving = save(requester(sandbox, { signal: controller.signal, graceMs: 0 }));
    expect(await requestHeld(sandbox)).toMatchObject({ method: 'POST', status: 0 });
    controller.abort();
    const { error, tally } = await saving;
    expect(error).toBeInstanceOf(RequestInterruptedError);
    expect(error.message).toMatch(/interrupted while waiting for the answer$/);
    expect(tally).toEqual({ sent: 2, refused: 1 });
    expect(writeMayHaveLanded(tally)).toBe(true);
    expect(mayHaveLanded(error)).toBe(true);
  });

  it('a connection reset after the write was sent: it may have landed (kept), though its resends found no connection', async () => {
    const sandbox = await startTestSandbox();
    sandbox.setFaults({ script: [{ kind: 'hold' }] });
    const sent = save(requester(sandbox));
    expect(await requestHeld(sandbox)).toMatchObject({ method: 'POST', status: 0 });
    // Grafana goes away with the write in hand: its connection is destroyed, and each later one reset as it is accepted.
    await sandbox.goAway();
    const { error, tally } = await sent;
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as UnreachableError).earlierSendMayHaveLanded).toBe(true);
    // The held send at least (a resend reset before undici wrote it is not counted; one reset after may be).
    expect(tally.sent).toBeGreaterThanOrEqual(1);
    expect(writeMayHaveLanded(tally)).toBe(true);
    expect(mayHaveLanded(error)).toBe(true);
  });
});

/**
 * A reverse proxy that answers every write with Envoy's text/plain 503 `body` (its local reply when the stream to its
 * upstream ended before the answer's headers); `forward`: the write is first passed on to `target` (and processed),
 * as when Grafana closed the connection after reading it. Reads pass through. Not Grafana behaviour. Closed when the test ends.
 */
async function startEnvoyLikeProxy(target: string, body: string, { forward = true } = {}): Promise<string> {
  const server = createServer((request, response) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const method = request.method ?? 'GET';
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name, value]) => typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name))) as Record<string, string>;
      if (method === 'GET' || forward) {
        const answer = await fetch(`${target}${request.url ?? '/'}`, { method, headers, body: method === 'GET' ? undefined : Buffer.concat(chunks) });
        const text = await answer.text();
        if (method === 'GET') return response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(text);
      }
      response.writeHead(503, { 'content-type': 'text/plain', server: 'envoy' }).end(body);
    })().catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');
  return `http://127.0.0.1:${address.port}`;
}
