import { Worker } from 'node:worker_threads';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createRequester } from '../../../src/grafana/http/request.js';
import { onTheWire } from '../../../src/grafana/http/on-the-wire.js';
import type { FaultConfig, SandboxOptions } from '../../../src/sandbox/types.js';
import { refuseStaleDist } from '../../helpers/run-cli.js';

/** A sandbox (dist/) in a worker thread, and `held`: the most requests it has held at once, read without this thread's event loop. */
async function startWorkerSandbox(options: SandboxOptions) {
  refuseStaleDist();
  const arrived = new SharedArrayBuffer(4);
  const worker = new Worker(new URL('../../helpers/sandbox-worker.mjs', import.meta.url), { workerData: { options, arrived } });
  onTestFinished(async () => void (await worker.terminate()));
  // An answer from the worker, or its failure: a worker that dies fails the test at once, with its own error.
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      const settle = (done: () => void) => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        done();
      };
      const onMessage = (message: T) => settle(() => resolve(message));
      const onError = (error: Error) => settle(() => reject(error));
      const onExit = (code: number) => settle(() => reject(new Error(`the sandbox worker exited (${code})`)));
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    });
  const ask = async (message: { kind: 'setFaults'; faults: FaultConfig } | { kind: 'releaseOnceHeld' }) => {
    const answered = next<unknown>();
    worker.postMessage(message);
    await answered;
  };
  const { url } = await next<{ url: string }>();
  return { url, ask, held: new Int32Array(arrived) };
}

describe('onTheWire: the requests made before it are on their way once it resolves', () => {
  // The assumption the list pages rely on (listPages asks for the next page, awaits onTheWire, then parses this one):
  // undici writes a request made just after an answer on that keep-alive connection within the turns onTheWire
  // waits. The sandbox runs in another thread, so it takes the request while this thread is blocked, and only then.
  it('a request made right after an answer reaches the server while this thread is then blocked in synchronous work', async () => {
    const sandbox = await startWorkerSandbox({ grafanaVersion: '13' });
    // One connection: the second request is written on the keep-alive connection the first answer came on.
    const http = createRequester({ url: sandbox.url, auth: { kind: 'basic', user: 'admin', password: 'admin' }, orgId: undefined, timeoutMs: 120_000, concurrency: 1, retry: { maxAttempts: 1 } });
    onTestFinished(() => http.close());
    const list = '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards?limit=1';
    // The first request is answered, the second held (the sandbox logs a held request as it arrives).
    await sandbox.ask({ kind: 'setFaults', faults: { pathPrefix: '/apis/', script: [{ kind: 'delay', ms: 0 }, { kind: 'hold' }] } });
    expect(await http.receive(list)).toBeDefined();
    // A next page's request in 13's own token form (unified storage: sql/continue.go, base64 of {"o","v","s"}).
    const next = http.receive(`${list}&continue=${encodeURIComponent(Buffer.from('{"o":1,"v":1,"s":false}').toString('base64'))}`);
    await onTheWire();
    // The synchronous work: this thread waits (its event loop stands still) until the sandbox holds the request, or
    // gives up after 20 s. A request undici had not written by now is never written meanwhile: the wait times out.
    const arrival = Atomics.wait(sandbox.held, 0, 0, 20_000);
    const heldWhileBlocked = Atomics.load(sandbox.held, 0);
    // Written late or not, it arrives once this thread's loop runs again: then it is released and answered.
    await sandbox.ask({ kind: 'releaseOnceHeld' });
    await next;
    expect(arrival).not.toBe('timed-out');
    expect(heldWhileBlocked).toBe(1);
  });
});
