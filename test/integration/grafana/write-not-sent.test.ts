import { describe, expect, it, onTestFinished } from 'vitest';
import { mayHaveLanded } from '../../../src/apply/read-back.js';
import { UnreachableError } from '../../../src/errors.js';
import { createRequester, type HttpClientOptions } from '../../../src/grafana/http/request.js';
import type { WriteTally } from '../../../src/grafana/port.js';
import { writeMayHaveLanded } from '../../../src/grafana/write-tally-scope.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
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
    expect(error.message).toMatch(/connection refused \(ECONNREFUSED\) \(gave up after 5 attempts\)$/);
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

  it("Grafana's certificate refused at the handshake: not a byte of the write left", async () => {
    const sandbox = await startTestSandbox({ tls: { cert: pki.server.cert, key: pki.server.key } });
    const { error, tally } = await save(requester(sandbox, { env: {} }));
    expect(error.message).toMatch(/is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    expect((error as UnreachableError).connectFailed).toBe(true);
    expect(tally.sent).toBe(0);
    expect(mayHaveLanded(error)).toBe(false);
    expect(sandbox.requests()).toEqual([]);
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
