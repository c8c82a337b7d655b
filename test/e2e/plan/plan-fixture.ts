import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdir } from 'node:fs/promises';
import { onTestFinished } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { adminHeaders, apiRequest } from '../../helpers/sandbox.js';
import { runCli, runCliInProcess, type CliResult } from '../../helpers/run-cli.js';
export { GRAFANA_VERSIONS } from '../../helpers/releases.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/plan/', import.meta.url));

/** The uids, titles and folders of test/fixtures/plan/basic. */
export const BASIC = {
  folders: [
    { uid: 'apps', title: 'Applications', dir: 'apps' },
    { uid: 'infra', title: 'Infrastructure', dir: 'infra' },
  ],
  dashboards: [
    { file: 'dashboards/apps/api-latency.json', uid: 'api-latency', title: 'API Latency', folderUid: 'apps' },
    { file: 'dashboards/infra/node-cpu.json', uid: 'node-cpu', title: 'Node CPU', folderUid: 'infra' },
    { file: 'dashboards/overview.json', uid: 'overview', title: 'Overview', folderUid: '' },
  ],
  inputs: { DS_PROMETHEUS: 'prom-main' } as Record<string, string>,
};

/** A copy of a fixture scenario in a fresh temp directory (removed when the test ends). */
export async function copyFixture(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `dashsync-plan-${name}-`));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await cp(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export async function writeJson(dir: string, file: string, value: unknown): Promise<void> {
  await mkdir(dirname(join(dir, file)), { recursive: true });
  await writeFile(join(dir, file), typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`);
}

export async function readJson(dir: string, file: string): Promise<any> {
  return JSON.parse(await readFile(join(dir, file), 'utf8'));
}

/** Edits one JSON file of a copied fixture in place. */
export async function editJson(dir: string, file: string, edit: (value: any) => void): Promise<void> {
  const value = await readJson(dir, file);
  edit(value);
  await writeJson(dir, file, value);
}

export type Auth = { kind: 'basic'; user?: string; password?: string } | { kind: 'token'; token: string };

/**
 * Runs `dashsync <args>` in `cwd` against the sandbox, credentials from the environment as a user sets them:
 * in-process, or as the spawned binary with `spawn` (for the tests of the shell itself).
 */
export function dashsync(handle: SandboxHandle, cwd: string, args: string[], auth: Auth = { kind: 'basic' }, how: { spawn?: boolean } = {}): Promise<CliResult> {
  const env: Record<string, string> =
    auth.kind === 'basic'
      ? { GRAFANA_URL: handle.url, GRAFANA_USER: auth.user ?? 'admin', GRAFANA_PASSWORD: auth.password ?? 'admin' }
      : { GRAFANA_URL: handle.url, GRAFANA_TOKEN: auth.token };
  return (how.spawn ? runCli : runCliInProcess)(args, { cwd, env });
}

/**
 * Makes the sandbox hold exactly what the tree in `dir` describes, saved with a dashsync
 * marker message (as if a previous apply had run): folders from `_folder.json`, dashboards
 * with the inputs resolved. Goes through the HTTP API, not through dashsync.
 */
export async function seedLive(handle: SandboxHandle, dir: string, inputs: Record<string, string> = BASIC.inputs): Promise<void> {
  for (const folder of BASIC.folders) {
    const created = await apiRequest(handle, 'POST', '/api/folders', { uid: folder.uid, title: folder.title });
    if (created.status !== 200) throw new Error(`seed folder ${folder.uid}: ${created.status} ${created.text}`);
  }
  for (const dashboard of BASIC.dashboards) {
    const model = await readJson(dir, dashboard.file);
    await saveLive(handle, resolveForSeed(model, inputs), dashboard.folderUid, 'dashsync: abc123 seed');
  }
}

/** POST /api/dashboards/db as `headers` (admin by default); overwrite, so the live version does not matter. */
export async function saveLive(
  handle: SandboxHandle,
  dashboard: Record<string, unknown>,
  folderUid: string,
  message: string,
  headers: Record<string, string> = adminHeaders(),
): Promise<{ version: number }> {
  const saved = await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: { ...dashboard, id: null }, folderUid, message, overwrite: true }, headers);
  if (saved.status !== 200) throw new Error(`seed ${String(dashboard.uid)}: ${saved.status} ${saved.text}`);
  return { version: saved.body.version };
}

export async function getLive(handle: SandboxHandle, uid: string): Promise<{ dashboard: any; meta: any }> {
  const response = await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`);
  if (response.status !== 200) throw new Error(`get ${uid}: ${response.status}`);
  return response.body;
}

function resolveForSeed(model: Record<string, unknown>, inputs: Record<string, string>): Record<string, unknown> {
  const { __inputs: _inputs, __requires: _requires, __elements: _elements, ...rest } = model;
  let text = JSON.stringify(rest);
  for (const [name, value] of Object.entries(inputs)) text = text.replaceAll(`\${${name}}`, value);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Lines of stdout without the trailing empty one. */
export function lines(output: string): string[] {
  return output.replace(/\n$/, '').split('\n');
}

/** The plan's first line: the basic fixture's config says `"api": "legacy"`, so every release is planned through /api. */
export function planHeading(url: string): string {
  return `dashsync plan for ${url} (org 1, from the credentials) through /api`;
}

/**
 * The basic tree plus a library panel `lp-traces` in the root's `_library/`, used by a dashboard
 * production plans; production's exclude leaves the `_library/` file out (staging applies it).
 */
export async function panelOutsideProduction(): Promise<string> {
  const dir = await copyFixture('basic');
  await writeJson(dir, 'dashsync.config.json', {
    api: 'legacy',
    inputs: { DS_PROMETHEUS: 'prom-main' },
    environments: { production: { exclude: ['_library/**'] }, staging: {} },
  });
  await writeJson(dir, 'dashboards/_library/traces.json', { uid: 'lp-traces', name: 'Traces', kind: 1, model: { type: 'traces', title: 'Traces' } });
  await writeJson(dir, 'dashboards/traces.json', {
    uid: 'traces',
    title: 'Traces',
    panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-traces', name: 'Traces' } }],
  });
  return dir;
}
