import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, dashsync, GRAFANA_VERSIONS, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

const ref = (id: number, uid: string, name: string) => ({ id, gridPos: { x: 0, y: id * 8, w: 12, h: 8 }, libraryPanel: { uid, name } });

describe.each(GRAFANA_VERSIONS)('pull writes the library panels that pulled dashboards use, and the unused ones of its folders, against Grafana %s', (grafanaVersion) => {
  it('into _library/ of their folder; the next plan (pruning folders) is empty; edits on either side follow the decision table', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    await createFolder(sandbox, { uid: 'ops', title: 'Ops' });
    await createFolder(sandbox, { uid: 'shared', title: 'Shared panels' });
    for (const [uid, folderUid] of [['lp-cpu', 'shared'], ['lp-root', ''], ['lp-unused', 'shared']] as const) {
      const created = await apiRequest(sandbox, 'POST', '/api/library-elements', { uid, name: `Panel ${uid}`, kind: 1, folderUid, model: { type: 'stat', title: uid } });
      expect(created.status).toBe(200);
    }
    await saveDashboard(sandbox, { uid: 'node', title: 'Node', panels: [ref(1, 'lp-cpu', 'Panel lp-cpu'), ref(2, 'lp-root', 'Panel lp-root')] }, 'ops');
    const dir = await makeWorkDir();

    const pulled = await dashsync(sandbox, dir, ['pull']);
    expect(pulled.code).toBe(0);
    const files = (await walkFiles(join(dir, 'dashboards'))).map((file) => file.path);
    // lp-unused: no dashboard uses it, and a bootstrap takes every panel (audit-ux-10 F8: it was left out, and prune then deleted it).
    // Outside git, the record of the panels pulled is the tree's (fixl-75), in a dot-directory the tree's reading passes over.
    expect(files).toEqual(['.dashsync/library-pulls/lp-cpu.json', '.dashsync/library-pulls/lp-root.json', '.dashsync/library-pulls/lp-unused.json', '_library/panel-lp-root.json', 'ops/_folder.json', 'ops/node.json', 'shared-panels/_folder.json', 'shared-panels/_library/panel-lp-cpu.json', 'shared-panels/_library/panel-lp-unused.json'].sort());
    expect(pulled.stdout).toContain('created  dashboards/shared-panels/_library/panel-lp-unused.json');
    expect(pulled.stdout).toMatch(/ Library panels: 3 created\.\n/);
    expect(JSON.parse(await readFile(join(dir, 'dashboards/shared-panels/_library/panel-lp-cpu.json'), 'utf8'))).toEqual({
      uid: 'lp-cpu',
      name: 'Panel lp-cpu',
      kind: 1,
      model: { type: 'stat', title: 'lp-cpu', description: '' },
    });
    expect(pulled.stdout).toContain('created  dashboards/shared-panels/_library/panel-lp-cpu.json');

    const planned = await dashsync(sandbox, dir, ['plan', '--detailed-exitcode', '--prune', 'folders']);
    expect(planned.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.');
    expect(planned.stdout).not.toContain('delete library panel');
    expect(planned.code).toBe(0);
    expect((await dashsync(sandbox, dir, ['check'])).code).toBe(0);

    // Committed file, changed in Grafana by someone else: pull takes Grafana's version.
    await commitAll(dir);
    const token = await sandbox.createToken('Editor');
    const patch = await apiRequest(sandbox, 'PATCH', '/api/library-elements/lp-cpu', { kind: 1, version: 1, model: { type: 'stat', title: 'from the UI' } }, bearerHeaders(token));
    expect(patch.status).toBe(200);
    const adopted = await dashsync(sandbox, dir, ['pull']);
    expect(adopted.stdout).toContain('updated  dashboards/shared-panels/_library/panel-lp-cpu.json');
    expect(JSON.parse(await readFile(join(dir, 'dashboards/shared-panels/_library/panel-lp-cpu.json'), 'utf8')).model.title).toBe('from the UI');

    // Uncommitted edit here, and Grafana changed again: refused, the edit stays.
    const path = join(dir, 'dashboards/_library/panel-lp-root.json');
    const mine = (await readFile(path, 'utf8')).replace('"title": "lp-root"', '"title": "mine"');
    await writeFile(path, mine);
    const again = await apiRequest(sandbox, 'PATCH', '/api/library-elements/lp-root', { kind: 1, version: 1, model: { type: 'stat', title: 'theirs' } }, bearerHeaders(token));
    expect(again.status).toBe(200);
    const refused = await dashsync(sandbox, dir, ['pull']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/refused +dashboards\/_library\/panel-lp-root\.json: changed here \(not committed\) and in Grafana/);
    expect(await readFile(path, 'utf8')).toBe(mine);
  });
});

describe('pull on Grafana 13.0 before PR #121903 (connectedDashboards says 0 for a panel in use)', () => {
  it('still writes the library panels the pulled dashboards use: it reads the connections, not the count', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13', staleConnectionCounts: true });
    await createFolder(sandbox, { uid: 'ops', title: 'Ops' });
    const created = await apiRequest(sandbox, 'POST', '/api/library-elements', { uid: 'lp-cpu', name: 'Panel lp-cpu', kind: 1, folderUid: 'ops', model: { type: 'stat', title: 'lp-cpu' } });
    expect(created.status).toBe(200);
    await saveDashboard(sandbox, { uid: 'node', title: 'Node', panels: [ref(1, 'lp-cpu', 'Panel lp-cpu')] }, 'ops');
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-cpu')).body.result.meta.connectedDashboards).toBe(0);
    const dir = await makeWorkDir();

    const pulled = await dashsync(sandbox, dir, ['pull']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect((await walkFiles(join(dir, 'dashboards'))).map((file) => file.path).sort()).toEqual(['.dashsync/library-pulls/lp-cpu.json', 'ops/_folder.json', 'ops/_library/panel-lp-cpu.json', 'ops/node.json']);
    expect((await dashsync(sandbox, dir, ['check'])).code).toBe(0);
  });
});
