import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import type { ApiMode, Settings } from '../../src/config/types.js';
import { InputError } from '../../src/errors.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { describeWarning } from '../../src/report/describe-warning.js';
import { renderDiagnostics } from '../../src/report/render-diagnostics.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'scenario', actor: 'tester' };
const dashboard = (uid: string, title: string) => `${JSON.stringify({ uid, title, schemaVersion: 41, panels: [] }, null, 2)}\n`;

/** Sandbox 13 with a folder Git Sync keeps (repository ops) holding one synced dashboard; a tree with `files`. */
async function setUp(files: Record<string, string>, api: ApiMode = 'auto') {
  const sandbox = await startTestSandbox({ grafanaVersion: '13' });
  expect((await apiRequest(sandbox, 'POST', '/__sandbox/git-sync', { folder: { uid: 'gsfolder', title: 'Git Synced Folder' }, repository: 'ops', path: 'gs/' })).status).toBe(200);
  const synced = { dashboard: { uid: 'gsdash', title: 'Synced' }, folderUid: 'gsfolder', repository: 'ops', path: 'gs/synced.json' };
  expect((await apiRequest(sandbox, 'POST', '/__sandbox/git-sync', synced)).status).toBe(200);
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-gitsync-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, 'dashboards', path, '..'), { recursive: true });
    await writeFile(join(dir, 'dashboards', path), text);
  }
  await writeFile(join(dir, 'dashsync.config.json'), '{"root": "dashboards", "prune": false}\n');
  const settings = await loadSettings({ flags: { api }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  const plan = (overrides: Partial<Settings> = {}) => createPlan({ settings: { ...settings, ...overrides }, grafana, git: GIT });
  return { sandbox, plan };
}

describe('folders Git Sync keeps (Grafana 13)', () => {
  it.each(['auto', 'k8s'] as const)('a tree directory whose folder Git Sync keeps is a plan error naming the repository, before any write (--api %s)', async (api) => {
    const { sandbox, plan } = await setUp({ 'gs/_folder.json': '{"uid": "gsfolder", "title": "Mine now"}\n', 'gs/mine.json': dashboard('mine', 'Mine') }, api);
    sandbox.clearRequests();
    const error = await plan({ prune: 'folders' }).then(() => null, (thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(InputError);
    expect(renderDiagnostics((error as InputError).diagnostics)).toBe(
      'dashboards/gs/_folder.json: error: folder gsfolder ("Git Synced Folder") is synced by Git Sync from repository ops: dashsync never writes in a folder another tool manages. ' +
        'Leave this directory out, or give its _folder.json another "uid" (folder-managed-elsewhere)\n',
    );
    expect(sandbox.requests().filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('prune never deletes or empties a folder Git Sync keeps: not its dashboards, not an empty one', async () => {
    const { sandbox, plan } = await setUp({ 'team/mine.json': dashboard('mine', 'Mine') });
    // Saved before Git Sync took the folder over: not the repository's, still in its folder.
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'taken', title: 'Taken over' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'before', title: 'Before' }, folderUid: 'taken' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/__sandbox/git-sync', { folder: { uid: 'taken', title: 'Taken over' }, repository: 'ops', path: 'taken/' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/__sandbox/git-sync', { folder: { uid: 'gsempty', title: 'Nothing synced yet' }, repository: 'ops', path: 'empty/' })).status).toBe(200);
    const planned = await plan({ prune: 'all' });
    const touching = planned.actions.filter((action) => action.action !== 'noop' && ['gsfolder', 'gsdash', 'taken', 'before', 'gsempty'].includes(action.uid));
    expect(touching).toEqual([]);
    const messages = planned.warnings.map(describeWarning);
    expect(messages).toContain('1 dashboard another tool manages has no file here; prune leaves it: Git Sync 1: gsdash');
    expect(messages).toContain(
      '1 dashboard without a file is in a folder another tool manages; prune never deletes in such a folder, nor the folder: folder "Taken over" (taken), synced by Git Sync from repository ops: before',
    );
  });
});

describe('a dashboard Git Sync keeps at the General level (--prune folders)', () => {
  it('is named as the tool\'s, not among the General level\'s "not pruned" with a hint at --prune all', async () => {
    const { sandbox, plan } = await setUp({ 'team/mine.json': dashboard('mine', 'Mine') });
    expect((await apiRequest(sandbox, 'POST', '/__sandbox/git-sync', { dashboard: { uid: 'synced', title: 'Synced at the top' }, repository: 'ops', path: 'synced.json' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'loose', title: 'Loose' } })).status).toBe(200);
    const planned = await plan({ prune: 'folders' });
    const messages = planned.warnings.map(describeWarning);
    expect(messages).toContain('1 dashboard another tool manages has no file here; prune leaves it: Git Sync 1: synced');
    expect(messages.filter((message) => message.includes('General level'))).toEqual([
      '1 not pruned (at the General level, which --prune folders never deletes; --prune all deletes those no other tool owns): loose "Loose"',
    ]);
    expect(planned.actions.filter((action) => action.action === 'delete')).toEqual([]);
  });
});
