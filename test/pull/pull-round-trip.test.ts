import { readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { normalizeDashboard } from '../../src/normalize/normalize-dashboard.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { GRAFANA_VERSIONS, commitAll, dashsync, lines, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';
import { seedHostileGrafana, type SeededGrafana } from './seed-hostile-grafana.js';

const LONG = 'a-very-long-title-that-goes-on-that-goes-on-that-goes-on-tha';

function expectedFiles(version: string): string[] {
  const nodes = version === '11.2'
    ? ['cpu.json', 'uber-cpu-2.json', 'uber-cpu-3.json']
    : ['cpu-cpu-1.json', 'cpu-cpu-4.json', 'uber-cpu-2.json', 'uber-cpu-3.json'];
  const folders = ['etc-f-etc', 'etc-f-etc2', 'f-dots', 'hidden', 'con-folder', 'node_modules-folder', 'f-emoji', LONG];
  return [
    'com1-dashboard.json', 'com1-json.json', 'emoji-uid.json', 'folder.json', 'home.json', 'nul-dashboard.json', 'passwd.json', 'secret.json', 'tab-here-bell.json',
    `${LONG}-long-1.json`, `${LONG}-long-2.json`,
    ...folders.flatMap((dir) => [`${dir}/_folder.json`, `${dir}/inside.json`]),
    'made-in-the-ui/_folder.json', 'made-in-the-ui/generated.json',
    'platform/_folder.json', 'platform/a-b/_folder.json', 'platform/a-b/inside.json',
    'platform/kubernetes/_folder.json', 'platform/kubernetes/inside.json',
    'platform/kubernetes/nodes/_folder.json', ...nodes.map((name) => `platform/kubernetes/nodes/${name}`),
  ].sort();
}

async function liveCanonical(handle: SandboxHandle, uid: string): Promise<string> {
  const response = await apiRequest(handle, 'GET', `/api/dashboards/uid/${encodeURIComponent(uid)}`);
  expect(response.status).toBe(200);
  return canonicalJson(normalizeDashboard(response.body.dashboard, { minRefreshInterval: '5s' }));
}

describe.each(GRAFANA_VERSIONS)('dashsync pull against Grafana %s', (version) => {
  let handle: SandboxHandle;
  let seeded: SeededGrafana;
  beforeAll(async () => {
    handle = await startTestSandbox({ grafanaVersion: version });
    seeded = await seedHostileGrafana(handle);
  });

  it('bootstraps an empty directory: sanitised paths inside the root, canonical files, then plan shows zero changes', async () => {
    const work = await makeWorkDir();
    const pulled = await dashsync(handle, work, ['pull']);
    expect(pulled.stderr).toBe('note: the tree is empty: pulling every dashboard (as with --all)\n');
    expect(pulled.code).toBe(0);
    const count = seeded.dashboardUids.length;
    expect(lines(pulled.stdout).at(-1)).toBe(`Pull: ${count} created, 0 updated, 0 moved, 0 unchanged, 0 deleted.`);

    expect(await readdir(work)).toEqual(['dashboards']);
    const files = await walkFiles(join(work, 'dashboards'));
    expect(files.map((f) => f.path)).toEqual(expectedFiles(version));
    for (const file of files) {
      for (const segment of file.path.split('/')) expect(segment).toMatch(/^(_folder\.json|[a-z0-9][a-z0-9_-]*(\.json)?)$/);
    }

    // Every dashboard is the canonical form of its live model: no id, no version, uid kept.
    const dashboards = files.filter((f) => !f.path.endsWith('_folder.json'));
    const uidsInFiles = dashboards.map((f) => JSON.parse(f.bytes).uid as string).sort();
    expect(uidsInFiles).toEqual([...seeded.dashboardUids].sort());
    for (const file of dashboards) {
      const model = JSON.parse(file.bytes);
      expect(model).not.toHaveProperty('id');
      expect(model).not.toHaveProperty('version');
      expect(file.bytes).toBe(await liveCanonical(handle, model.uid));
    }
    const cpu = JSON.parse(files.find((f) => f.bytes.includes('"uid": "cpu-1"'))!.bytes);
    expect(cpu.refresh).toBe(version === '13' ? '10s' : '5s');
    expect(JSON.parse(files.find((f) => f.path === 'etc-f-etc/_folder.json')!.bytes)).toEqual({ uid: 'f-etc', title: '../../etc' });
    expect(JSON.parse(files.find((f) => f.path === 'made-in-the-ui/_folder.json')!.bytes)).toEqual({ uid: seeded.generatedFolderUid, title: 'Made In The UI' });

    const plan = await dashsync(handle, work, ['plan', '--out', join(work, 'plan.json')]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(lines(plan.stdout)).toEqual([`dashsync plan for ${handle.url} (org 1, from the credentials) ${version === '11.2' ? 'through /api' : 'through /apis'}`, '', `Plan: 0 to create, 0 to update, 0 to move, 0 to delete, ${count} unchanged.`]);
    const saved = JSON.parse(await readFile(join(work, 'plan.json'), 'utf8'));
    const savedFolders = saved.actions.filter((a: { kind: string }) => a.kind === 'folder');
    expect(savedFolders.filter((f: { action: string }) => f.action !== 'noop')).toEqual([]);
    expect(savedFolders).toHaveLength(13);

    // The offline check agrees: canonical files, valid folder files; at most title warnings.
    const check = await dashsync(handle, work, ['check']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(`${check.stdout}${check.stderr}`).not.toMatch(/: error:|not-canonical|id-present|folder-file/);
  });

  // 13.1 on saves `/api` without the service, which trims (13.0.x, era C, refuses a blank title as 12 does); every `/apis` keeps one too.
  it.runIf(version === '13')('a title Grafana 13.1+ keeps as whitespace: the file is named by uid and the missing title is reported', async () => {
    const thirteenTwo = await startTestSandbox({ grafanaVersion: '13', release: '13.2.0' });
    expect((await apiRequest(thirteenTwo, 'POST', '/api/folders', { uid: 'f-emoji', title: '🚀' })).status).toBe(200);
    await saveDashboard(thirteenTwo, { uid: 'blank-title', title: ' \t ', panels: [] }, 'f-emoji');
    const work = await makeWorkDir();

    const pulled = await dashsync(thirteenTwo, work, ['pull', '--folder', 'f-emoji']);

    expect(pulled.code).toBe(0);
    expect(pulled.stderr).toBe('dashboards/f-emoji/blank-title.json: warning: dashboard blank-title has no title in Grafana; give it one in the file (plan and check refuse a dashboard without a title) (title-missing)\n');
    expect(lines(pulled.stdout)).toContain('created  dashboards/f-emoji/blank-title.json');
  });

  it('pulling twice changes nothing: same bytes, same modification times', async () => {
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull', '--all'])).code).toBe(0);
    const before = await walkFiles(join(work, 'dashboards'));

    const again = await dashsync(handle, work, ['pull', '--all']);

    expect(again.stderr).toBe('');
    expect(lines(again.stdout)).toEqual([`Pull: 0 created, 0 updated, 0 moved, ${seeded.dashboardUids.length} unchanged, 0 deleted.`]);
    expect(await walkFiles(join(work, 'dashboards'))).toEqual(before);
  });

  it('a title changed in Grafana updates the same (committed) file in place, even at a custom path', async () => {
    const work = await makeWorkDir();
    await saveDashboard(handle, { uid: 'renamed', title: 'Before', panels: [] }, 'k8s');
    expect((await dashsync(handle, work, ['pull'])).code).toBe(0);
    await rename(join(work, 'dashboards/platform/kubernetes/before.json'), join(work, 'dashboards/platform/kubernetes/my-name.json'));
    await commitAll(work);
    const before = await walkFiles(join(work, 'dashboards'));
    await saveDashboard(handle, { uid: 'renamed', title: 'After the rename', panels: [{ id: 1, type: 'text', title: 'new' }] }, 'k8s');

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)).toEqual([
      'updated  dashboards/platform/kubernetes/my-name.json',
      `Pull: 0 created, 1 updated, 0 moved, ${seeded.dashboardUids.length} unchanged, 0 deleted.`,
    ]);
    const after = await walkFiles(join(work, 'dashboards'));
    expect(after.map((f) => f.path)).toEqual(before.map((f) => f.path));
    const changed = after.filter((f, i) => f.bytes !== before[i]!.bytes || f.mtimeMs !== before[i]!.mtimeMs).map((f) => f.path);
    expect(changed).toEqual(['platform/kubernetes/my-name.json']);
    expect(JSON.parse(after.find((f) => f.path === 'platform/kubernetes/my-name.json')!.bytes).title).toBe('After the rename');
    await apiRequest(handle, 'DELETE', '/api/dashboards/uid/renamed');
  });

  it('--folder writes only that folder and its subfolders', async () => {
    const work = await makeWorkDir();
    const pulled = await dashsync(handle, work, ['pull', '--folder', 'k8s']);
    expect(pulled.code, pulled.stderr).toBe(0);
    const files = await walkFiles(join(work, 'dashboards'));
    const nodes = version === '11.2' ? ['cpu.json', 'uber-cpu-2.json', 'uber-cpu-3.json'] : ['cpu-cpu-1.json', 'cpu-cpu-4.json', 'uber-cpu-2.json', 'uber-cpu-3.json'];
    expect(files.map((f) => f.path)).toEqual([
      'platform/_folder.json',
      'platform/kubernetes/_folder.json',
      'platform/kubernetes/inside.json',
      'platform/kubernetes/nodes/_folder.json',
      ...nodes.map((name) => `platform/kubernetes/nodes/${name}`),
    ]);
    const unknown = await dashsync(handle, work, ['pull', '--folder', 'no-such-folder']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('error: --folder no-such-folder: no folder with this uid in Grafana or in the tree (folder uids are in the folder\'s URL: /dashboards/f/<uid>/)\n');
  });

  it('lists a file whose dashboard was deleted in Grafana as only in git; --prune deletes it', async () => {
    const work = await makeWorkDir();
    await saveDashboard(handle, { uid: 'doomed', title: 'Doomed', panels: [] }, 'nodes');
    expect((await dashsync(handle, work, ['pull', '--folder', 'nodes'])).code).toBe(0);
    await commitAll(work);
    await apiRequest(handle, 'DELETE', '/api/dashboards/uid/doomed');
    const file = 'dashboards/platform/kubernetes/nodes/doomed.json';

    const listed = await dashsync(handle, work, ['pull', '--folder', 'nodes']);
    expect(listed.code).toBe(0);
    expect(lines(listed.stdout).slice(0, 2)).toEqual([
      `only in git  ${file} (uid doomed is not in Grafana)`,
      '1 file only in git: its dashboard is not in Grafana. Deleted there: dashsync pull --prune --folder nodes deletes the file (git keeps it); new, not applied yet: dashsync apply creates it.',
    ]);
    expect(await readFile(join(work, file), 'utf8')).toContain('"Doomed"');

    const pruned = await dashsync(handle, work, ['pull', '--folder', 'nodes', '--prune']);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(lines(pruned.stdout)).toEqual([
      'Deleting 1 file whose dashboard is not in Grafana:',
      `  ${file} (uid doomed)`,
      // Where "Recently deleted" cannot be read (11.2 without its toggle, 12 on legacy storage), the line says what was not known.
      `deleted  ${file} (uid doomed is not in Grafana${version === '13' ? '' : '; whether this Grafana ever held it is not known: see the note'})`,
      `Pull: 0 created, 0 updated, 0 moved, ${version === '11.2' ? 3 : 4} unchanged, 1 deleted.`,
    ]);
    await expect(readFile(join(work, file), 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
