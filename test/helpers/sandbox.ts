import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, onTestFinished } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import type { RequestLogEntry, SandboxHandle, SandboxOptions } from '../../src/sandbox/types.js';

const open = new Set<SandboxHandle>();

// Registered while the test file is collected (vitest re-imports this module per file), so it closes
// sandboxes started in beforeAll/beforeEach hooks, where onTestFinished is not available.
afterAll(async () => {
  await Promise.all([...open].map((handle) => handle.close()));
  open.clear();
});

/**
 * Starts a sandbox on a free port. Closed automatically: at the end of the test when started
 * inside a test, at the end of the file when started in a hook. Closing it earlier is fine.
 *
 * 11.2 starts with its "Recently deleted" on (dashboardRestore), as the suite's release table has it
 * (`trash: true`, test/helpers/releases.ts): the sandbox itself starts like a stock 11.2, with it off,
 * and a test of the stock behaviour passes `features: { dashboardRestore: false }`.
 */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const features = options.grafanaVersion === '11.2' ? { dashboardRestore: true, ...options.features } : options.features;
  const handle = await startSandbox({ ...options, ...(features ? { features } : {}), port: options.port ?? 0 });
  open.add(handle);
  try {
    onTestFinished(async () => {
      open.delete(handle);
      await handle.close();
    });
  } catch {
    // started in a hook: the file-level afterAll above closes it
  }
  return handle;
}

/** Basic auth as the sandbox's default admin, optionally selecting an org. */
export function adminHeaders(orgId?: number, user = 'admin', password = 'admin'): Record<string, string> {
  return {
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
    ...(orgId === undefined ? {} : { 'x-grafana-org-id': String(orgId) }),
  };
}

/** A new service account of the Editor role, made by the admin, and a token of it: a CI token without Admin rights. */
export async function editorToken(sandbox: Pick<SandboxHandle, 'url'>): Promise<string> {
  const account = await apiRequest(sandbox, 'POST', '/api/serviceaccounts', { name: 'ci editor', role: 'Editor' }, adminHeaders());
  return (await apiRequest(sandbox, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'ci' }, adminHeaders())).body.key;
}

export function bearerHeaders(token: string, orgId?: number): Record<string, string> {
  return {
    authorization: `Bearer ${token}`,
    ...(orgId === undefined ? {} : { 'x-grafana-org-id': String(orgId) }),
  };
}

export interface ApiResponse<T = any> {
  status: number;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: T;
  text: string;
  headers: Headers;
}

/** One HTTP request over the real socket; admin basic auth unless `headers` carries an authorization. */
export async function apiRequest<T = any>(
  handle: Pick<SandboxHandle, 'url'>,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = adminHeaders(),
): Promise<ApiResponse<T>> {
  const response = await fetch(`${handle.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T, text, headers: response.headers };
}

/** Resolves once the sandbox holds a request (the `hold` fault logs it as it arrives): its log entry. */
export async function requestHeld(handle: Pick<SandboxHandle, 'requests'>): Promise<RequestLogEntry> {
  return (await requestsHeld(handle, 1))[0]!;
}

/**
 * Resolves once the sandbox holds `count` requests at the same time (logged, status 0, not released): their log
 * entries. With every slot of a run held, nothing more can happen until the test acts: the moment to interrupt.
 */
export async function requestsHeld(handle: Pick<SandboxHandle, 'requests'>, count: number): Promise<RequestLogEntry[]> {
  for (;;) {
    const held = handle.requests().filter((entry) => entry.fault === 'hold' && entry.status === 0);
    if (held.length >= count) return held;
    await sleep(10);
  }
}
