import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { normalizeDashboard } from '../../../src/normalize/normalize-dashboard.js';
import { readDesired } from '../../../src/plan/read-desired.js';
import type { RequestLogEntry, SandboxHandle } from '../../../src/sandbox/types.js';
import { runCli, runCliInProcess, type CliResult } from '../../helpers/run-cli.js';
import { apiRequest } from '../../helpers/sandbox.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface Workspace {
  dir: string;
  /** Runs the CLI (in-process) in the workspace against the sandbox as admin. */
  cli(args: string[], env?: Record<string, string | undefined>): Promise<CliResult>;
  /** The same with the built binary, for the tests of the shell itself. */
  spawnCli(args: string[], env?: Record<string, string | undefined>): Promise<CliResult>;
}

/**
 * A temp directory holding a copy of the repo's example tree and dashsync.config.json; removed
 * after the test. By default only its classic model files (what every Grafana release takes
 * through `/api`); `resources: true` copies the resource files too (v2 dashboards need `/apis`).
 */
export async function exampleWorkspace(sandbox: Pick<SandboxHandle, 'url'>, options: { resources?: boolean } = {}): Promise<Workspace> {
  const dir = await emptyWorkspace();
  await copyExampleTree(dir, options);
  return workspaceAt(dir, sandbox);
}

/** Copies the example tree (`dashboards/`, model files only unless `resources`) and dashsync.config.json into `dir`. */
export async function copyExampleTree(dir: string, options: { resources?: boolean } = {}): Promise<void> {
  await cp(join(REPO, 'dashboards'), join(dir, 'dashboards'), {
    recursive: true,
    filter: async (source) => options.resources === true || !source.endsWith('.json') || !isResourceFile(await readFile(source, 'utf8')),
  });
  await cp(join(REPO, 'dashsync.config.json'), join(dir, 'dashsync.config.json'));
}

function isResourceFile(text: string): boolean {
  const document = JSON.parse(text) as Record<string, unknown>;
  return 'apiVersion' in document && 'kind' in document;
}

export async function emptyWorkspace(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-apply-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export function workspaceAt(dir: string, sandbox: Pick<SandboxHandle, 'url'>): Workspace {
  const admin = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
  return {
    dir,
    cli: (args, env = {}) => runCliInProcess(args, { cwd: dir, env: { ...admin, ...env } }),
    spawnCli: (args, env = {}) => runCli(args, { cwd: dir, env: { ...admin, ...env } }),
  };
}

/** The write requests (anything but GET) the sandbox saw. */
export function writes(sandbox: SandboxHandle): RequestLogEntry[] {
  return sandbox.requests().filter((entry) => entry.method !== 'GET' && entry.method !== 'HEAD');
}

export async function getDashboard(sandbox: SandboxHandle, uid: string): Promise<{ status: number; dashboard: Record<string, unknown>; meta: Record<string, any> }> {
  const response = await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${uid}`);
  return { status: response.status, dashboard: response.body?.dashboard, meta: response.body?.meta };
}

/** A save of `uid` in Grafana by a person (admin, no dashsync message: drift), with `fields` changed; one that is not saved fails the test. */
export async function saveInGrafana(sandbox: SandboxHandle, uid: string, fields: Record<string, unknown>): Promise<void> {
  const live = await getDashboard(sandbox, uid);
  const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.dashboard, ...fields }, folderUid: live.meta.folderUid, overwrite: true });
  if (saved.status !== 200) throw new Error(`the save in Grafana of ${uid} was refused: ${saved.status} ${saved.text}`);
}

/** What compare sees: the canonical form without the fields Grafana owns. */
export function canonical(model: Record<string, unknown>): Record<string, unknown> {
  return normalizeDashboard(model, { minRefreshInterval: '5s' });
}

/** Every `*.json` file below `dir` (relative paths). */
export async function listJsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

export async function readJson(path: string): Promise<any> {
  return JSON.parse(await readFile(path, 'utf8'));
}

/** The canonical content a tree file asks for, inputs resolved as the example config maps them. */
export async function desiredOf(dir: string, file: string, inputs: Record<string, string> = { DS_PROMETHEUS: 'prometheus' }): Promise<Record<string, unknown>> {
  return (await readDesired(file, { cwd: dir, inputs, minRefreshInterval: '5s' })).spec;
}

/**
 * Sets `api` in the workspace's dashsync.config.json: the tests of `/api` behaviour on 12 and 13
 * pin `legacy` (the default, `auto`, reads and writes through `/apis` there; see
 * test/integration/apis-scenarios.test.ts).
 */
export async function useApi(workspace: Pick<Workspace, 'dir'>, api: 'auto' | 'legacy' | 'k8s'): Promise<void> {
  const path = join(workspace.dir, 'dashsync.config.json');
  const config = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  await writeFile(path, `${JSON.stringify({ ...config, api }, null, 2)}\n`);
}

/** Rewrites one dashboard file of the workspace (pretty JSON, as committed). */
export async function editFile(workspace: Pick<Workspace, 'dir'>, file: string, change: (model: Record<string, any>) => void): Promise<Record<string, any>> {
  const path = join(workspace.dir, file);
  const model = JSON.parse(await readFile(path, 'utf8'));
  change(model);
  await writeFile(path, `${JSON.stringify(model, null, 2)}\n`);
  return model;
}
