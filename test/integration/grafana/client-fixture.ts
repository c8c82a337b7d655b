import { afterEach, beforeAll } from 'vitest';
import { createLegacyApi } from '../../../src/grafana/legacy/create-legacy-api.js';
import { createLegacyPort } from '../../../src/grafana/legacy/create-legacy-port.js';
import type { HttpClientOptions } from '../../../src/grafana/http/request.js';
import type { GrafanaApi } from '../../../src/grafana/legacy/legacy-api.js';
import type { GrafanaPort } from '../../../src/grafana/port.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { startTestSandbox } from '../../helpers/sandbox.js';

export const ADMIN = { kind: 'basic', user: 'admin', password: 'admin' } as const;

/** Retries fast enough for tests; individual tests override what they exercise. */
const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 5 } as const;

const open: { close(): Promise<void> }[] = [];

function optionsFor(sandbox: SandboxHandle, overrides: Partial<HttpClientOptions>): HttpClientOptions {
  return { url: sandbox.url, auth: ADMIN, timeoutMs: 5_000, concurrency: 4, retry: FAST_RETRY, ...overrides };
}

/** A client of the legacy /api against the sandbox, closed by closeClients() (call it in afterEach). */
export function clientFor(sandbox: SandboxHandle, overrides: Partial<HttpClientOptions> = {}): GrafanaApi {
  const client = createLegacyApi(optionsFor(sandbox, overrides));
  open.push(client);
  return client;
}

/** The Grafana port (as the use cases take it) against the sandbox, closed by closeClients(). */
export function portFor(sandbox: SandboxHandle, overrides: Partial<HttpClientOptions> = {}): GrafanaPort {
  const port = createLegacyPort(optionsFor(sandbox, overrides));
  open.push(port);
  return port;
}

export async function closeClients(): Promise<void> {
  await Promise.all(open.splice(0).map((client) => client.close()));
}

export function dashboard(uid: string, title = `Dashboard ${uid}`, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { uid, title, panels: [], schemaVersion: 39, ...extra };
}

/** What a test can observe of an error thrown by the client, or a failure when nothing was thrown. */
export async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`non-Error thrown: ${String(error)}`);
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/**
 * For a describe block: a Grafana 12 sandbox holding one dashboard, `steady`, started once; faults
 * are cleared and clients closed after each test. Read the handle inside a test.
 */
export function useSteadySandbox(): () => SandboxHandle {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ grafanaVersion: '12' });
    await clientFor(sandbox).saveDashboard({ dashboard: dashboard('steady', 'Steady'), folderUid: '', message: '', overwrite: false });
    await closeClients();
  });
  afterEach(async () => {
    sandbox.setFaults(undefined);
    await closeClients();
  });
  return () => sandbox;
}

