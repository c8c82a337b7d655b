import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect, onTestFinished } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { runCliInProcess, type CliResult } from '../helpers/run-cli.js';
export { GRAFANA_VERSIONS } from '../helpers/releases.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';
import { exampleWorkspace, useApi } from '../e2e/apply/workspace.js';
import { canonicalJson } from '../../src/normalize/canonical-json.js';

/** A fresh, empty working directory (removed when the test ends); the tree goes to `<dir>/dashboards`. */
export async function makeWorkDir(): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'dashsync-pull-')));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** `dashsync <args>` in `cwd` against the sandbox, with credentials in the environment as a user sets them. */
export function dashsync(handle: SandboxHandle, cwd: string, args: string[]): Promise<CliResult> {
  return runCliInProcess(args, { cwd, env: { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
}

/**
 * A Grafana 13 holding `count` one-panel classic dashboards `svc-<n>` ("Service <n>"), made through `/api`, and an empty
 * working directory whose config roots the tree at `dashboards` (the `/apis` pull tests: readDashboards lists from 20 on).
 */
export async function servicesOn13(count: number): Promise<{ sandbox: SandboxHandle; dir: string }> {
  const sandbox = await startTestSandbox({ grafanaVersion: '13' });
  const model = (n: number) => ({ uid: `svc-${n}`, title: `Service ${n}`, schemaVersion: 36, panels: [{ id: 1, type: 'stat', title: 'Up', gridPos: { x: 0, y: 0, w: 6, h: 4 } }] });
  for (let n = 0; n < count; n++) expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: model(n) })).status).toBe(200);
  const dir = await makeWorkDir();
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards' }));
  return { sandbox, dir };
}

/** A one-panel dashboard model, as the pull tests commit it. */
const dashboardModel = (uid: string, title: string) => ({ uid, title, schemaVersion: 39, panels: [{ id: 1, type: 'stat', title: 'CPU', gridPos: { x: 0, y: 0, w: 12, h: 8 } }] });

/** Someone edits dashboard `uid` in the Grafana UI (the sandbox's ui-edit: a save by another user). */
export async function editInUi(handle: SandboxHandle, uid: string, description: string): Promise<void> {
  const edited = await fetch(`${handle.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid, spec: { description } }) });
  expect(edited.status, await edited.text()).toBe(200);
}

/**
 * The opening of the pull-over-push tests: dashboards `work` ("Workloads") and `calm` ("Calm") committed and applied by
 * dashsync (`applyArgs` added to the apply); `file` is work's file.
 */
export async function commitAndApplyTwo(handle: SandboxHandle, applyArgs: string[] = []): Promise<{ dir: string; file: string }> {
  const dir = await makeWorkDir();
  await mkdir(join(dir, 'dashboards'));
  const file = join(dir, 'dashboards/work.json');
  await writeFile(file, `${JSON.stringify(dashboardModel('work', 'Workloads'), null, 2)}\n`);
  await writeFile(join(dir, 'dashboards/calm.json'), `${JSON.stringify(dashboardModel('calm', 'Calm'), null, 2)}\n`);
  await commitAll(dir, 'add dashboards');
  const applied = await dashsync(handle, dir, ['apply', '--auto-approve', ...applyArgs]);
  expect(applied.code, applied.stderr).toBe(0);
  return { dir, file };
}

/**
 * The bootstrap the pull tests start from: `make` creates things in Grafana as a person would (an Editor's token, not the
 * login dashsync uses), then `dashsync pull` writes the tree and it is committed. The token is for later edits.
 */
export async function bootstrapFromGrafana(handle: SandboxHandle, make: (token: string) => Promise<void>): Promise<{ dir: string; token: string }> {
  const token = await handle.createToken('Editor');
  await make(token);
  const dir = await makeWorkDir();
  const pulled = await dashsync(handle, dir, ['pull']);
  expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
  await commitAll(dir, 'Import dashboards from Grafana');
  return { dir, token };
}

/** A sandbox of `grafanaVersion` (closed after the test) and a bootstrap from it, whose things `make` POSTs as an Editor (each answered 200) and a commit marks. */
export async function sandboxBootstrapped(grafanaVersion: '12' | '13', make: (made: (path: string, body: unknown) => Promise<void>) => Promise<void>): Promise<{ handle: SandboxHandle; dir: string }> {
  const handle = await startTestSandbox({ grafanaVersion });
  onTestFinished(() => handle.close());
  const { dir } = await bootstrapFromGrafana(handle, (token) =>
    make(async (path, body) => {
      const response = await apiRequest(handle, 'POST', path, body, bearerHeaders(token));
      expect(response.status, `${path}: ${response.text}`).toBe(200);
    }),
  );
  return { handle, dir };
}

/** Replaces `from` with `to` in `file` (below `dir`) and commits it: the file's new text and the commit's short sha. */
export async function commitChange(dir: string, file: string, from: string, to: string): Promise<{ text: string; sha: string }> {
  const text = (await readFile(join(dir, file), 'utf8')).replace(from, to);
  expect(text, `${file} holds no ${from}`).not.toBe(await readFile(join(dir, file), 'utf8'));
  await writeFile(join(dir, file), text);
  await commitAll(dir, `change ${file}`);
  return { text, sha: (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12) };
}

/** The example tree committed and applied (through `/api` on Grafana 12), then a committed change of redis's description not applied yet. */
export async function appliedExampleThenChanged(grafanaVersion: '12' | '13') {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const workspace = await exampleWorkspace(sandbox);
  if (grafanaVersion === '12') await useApi(workspace, 'legacy');
  await commitAll(workspace.dir, 'tree');
  const applied = await workspace.cli(['apply', '--auto-approve']);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  const change = await commitChange(workspace.dir, 'dashboards/platform/databases/redis.json', '"description": "redis_exporter dashboard', '"description": "reviewed: redis_exporter dashboard');
  return { sandbox, workspace, change };
}

export async function createFolder(handle: SandboxHandle, folder: { uid?: string; title: string; parentUid?: string }): Promise<string> {
  const response = await apiRequest(handle, 'POST', '/api/folders', folder);
  expect(response.status, `${folder.title}: ${response.text}`).toBe(200);
  return response.body.uid as string;
}

export async function saveDashboard(handle: SandboxHandle, dashboard: Record<string, unknown>, folderUid = ''): Promise<string> {
  const live = typeof dashboard.uid === 'string' ? await apiRequest(handle, 'GET', `/api/dashboards/uid/${dashboard.uid}`) : undefined;
  const version = live?.status === 200 ? live.body.dashboard.version : undefined;
  const response = await apiRequest(handle, 'POST', '/api/dashboards/db', {
    dashboard: { ...dashboard, version, id: null },
    folderUid,
    overwrite: false,
  });
  expect(response.status, `${String(dashboard.title)}: ${response.text}`).toBe(200);
  return response.body.uid as string;
}

/** A panel that uses library panel `uid` (named `Panel <uid>`, as createLibraryPanel names it). */
export function libraryPanelRef(id: number, uid: string): Record<string, unknown> {
  return { id, gridPos: { x: 0, y: id * 8, w: 12, h: 8 }, libraryPanel: { uid, name: `Panel ${uid}` } };
}

/** A library panel `Panel <uid>` in `folderUid` ('' = General). */
export async function createLibraryPanel(handle: SandboxHandle, uid: string, folderUid: string): Promise<void> {
  const created = await apiRequest(handle, 'POST', '/api/library-elements', { uid, name: `Panel ${uid}`, kind: 1, folderUid, model: { type: 'stat', title: uid } });
  expect(created.status, created.text).toBe(200);
}

/** DELETE `path` in Grafana, as someone at the UI would; fails the test unless it answers 200. */
export async function deleteInGrafana(handle: SandboxHandle, path: string): Promise<void> {
  const deleted = await apiRequest(handle, 'DELETE', path);
  expect(deleted.status, `${path}: ${deleted.text}`).toBe(200);
}

/** Deletes a dashboard for good, as someone at the UI would: 11.2 (dashboardRestore) also empties it from "Recently deleted", where it would still hold its library panels. */
export async function deleteDashboardForGood(handle: SandboxHandle, uid: string): Promise<void> {
  await deleteInGrafana(handle, `/api/dashboards/uid/${uid}`);
  if (handle.grafanaVersion === '11.2') await deleteInGrafana(handle, `/api/dashboards/uid/${uid}/trash`);
}

export interface FileInfo {
  /** Relative to the walked directory, forward slashes. */
  path: string;
  bytes: string;
  mtimeMs: number;
}

/**
 * Every entry below `dir`: fails the test on anything but plain files and directories whose
 * real path stays inside `dir` (no symlinks, nothing that escapes).
 */
export async function walkFiles(dir: string): Promise<FileInfo[]> {
  const realDir = await realpath(dir);
  const files: FileInfo[] = [];
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const absPath = join(current, entry.name);
      const info = await lstat(absPath);
      expect(info.isSymbolicLink(), `${absPath} is a symlink`).toBe(false);
      expect((await realpath(absPath)).startsWith(`${realDir}/`), `${absPath} is outside ${realDir}`).toBe(true);
      if (info.isDirectory()) await walk(absPath);
      else files.push({ path: relative(realDir, absPath).split('\\').join('/'), bytes: await readFile(absPath, 'utf8'), mtimeMs: (await stat(absPath)).mtimeMs });
    }
  };
  await walk(realDir);
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

export function lines(text: string): string[] {
  return text.replace(/\n$/, '').split('\n');
}

/** git in a test repository: a fixed identity, no signing, nothing from the developer's GIT_* environment. */
export function git(cwd: string, ...args: string[]): Promise<string> {
  return gitWithEnv({}, cwd, args);
}

/** git as `git` runs it, with `overlay` added to its environment (the caller's GIT_* variables are dropped). */
function gitWithEnv(overlay: NodeJS.ProcessEnv, cwd: string, args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('GIT_')) env[key] = value;
  Object.assign(env, overlay);
  const identity = ['-c', 'user.name=dashsync test', '-c', 'user.email=test@dashsync.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main'];
  return new Promise((resolve, reject) => {
    execFile('git', [...identity, ...args], { cwd, env }, (error, stdout, stderr) => (error ? reject(new Error(`git ${args.join(' ')}: ${stderr}`)) : resolve(stdout)));
  });
}

/** Commits everything in `cwd` (a repository is made there the first time); `at`: the commit's author and committer date. */
export async function commitAll(cwd: string, message = 'snapshot', at?: Date): Promise<void> {
  if (!existsSync(join(cwd, '.git'))) await git(cwd, 'init', '-q');
  await git(cwd, 'add', '-A');
  const dated = at === undefined ? {} : { GIT_AUTHOR_DATE: at.toISOString(), GIT_COMMITTER_DATE: at.toISOString() };
  await gitWithEnv(dated, cwd, ['commit', '-q', '--allow-empty', '-m', message]);
}

/**
 * `model` committed as `<dir>/dashboards/<uid>.json` with a config writing through `/apis`, then made in Grafana from that
 * commit by another tool (an Editor's token) through `/apis` at `apiVersion` (Grafana's migration runs on that write):
 * dashsync never pushed it. Returns the file's path.
 */
export async function madeFromCommitByAnotherTool(handle: SandboxHandle, dir: string, model: Record<string, unknown> & { uid: string }, apiVersion: string): Promise<string> {
  await mkdir(join(dir, 'dashboards'), { recursive: true });
  const file = join(dir, `dashboards/${model.uid}.json`);
  await writeFile(file, canonicalJson(model));
  await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify({ api: 'k8s' })}\n`);
  await commitAll(dir, `add ${model.uid}`);
  const token = await handle.createToken('Editor');
  const { uid, ...spec } = model;
  const made = await apiRequest(handle, 'POST', `/apis/dashboard.grafana.app/${apiVersion}/namespaces/default/dashboards`, { metadata: { name: uid }, spec }, bearerHeaders(token));
  expect(made.status, made.text).toBe(201);
  return file;
}
