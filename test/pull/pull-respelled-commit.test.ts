import { readFile, writeFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';
import { bootstrapFromGrafana, commitAll, commitAndApplyTwo, dashsync, editInUi, git, makeWorkDir } from './pull-fixture.js';

// audit-ux-15 M-2: a `_library/` file with a commit that only respelled it (`check --fix`'s canonical rewrite) counted as
// changed in git, so pull refused every panel edited in Grafana. Every test here failed on main.

const FILE = 'dashboards/_library/cpu.json';
const NODE_USING_PANEL = { uid: 'node', title: 'Node', schemaVersion: 39, panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-cpu', name: 'CPU' } }] };
const canonical = (value: object) => `${JSON.stringify(value, null, 2)}\n`;

/** Someone (an Editor's token) changes the panel in Grafana, over the version it has now. */
async function editInGrafana(handle: SandboxHandle, title: string): Promise<void> {
  const live = await apiRequest(handle, 'GET', '/api/library-elements/lp-cpu');
  const token = await handle.createToken('Editor');
  const patched = await apiRequest(handle, 'PATCH', '/api/library-elements/lp-cpu', { kind: 1, version: live.body.result.version, model: { type: 'stat', title } }, bearerHeaders(token));
  expect(patched.status, patched.text).toBe(200);
}

/** The file as a person wrote it: keys out of order, four-space indent, no final newline (not canonical). */
const handWritten = (title: string) => JSON.stringify({ model: { title, type: 'stat', description: '' }, name: 'CPU', uid: 'lp-cpu', kind: 1 }, null, 4);

describe('pull of a `_library/` file whose newest commit only respelled it (Grafana 12)', () => {
  it('takes Grafana\'s version as for a file committed canonical from the start: check --fix\'s commit is no change', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards/_library'), { recursive: true });
    await writeFile(join(dir, FILE), handWritten('cpu'));
    await writeFile(join(dir, 'dashboards/node.json'), canonical(NODE_USING_PANEL));
    await commitAll(dir, 'add');
    const fixed = await dashsync(handle, dir, ['check', '--fix']);
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
    expect(await git(dir, 'status', '--porcelain', '--', FILE)).not.toBe('');
    await commitAll(dir, 'check --fix');
    const applied = await dashsync(handle, dir, ['apply', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    await editInGrafana(handle, 'from the UI');

    const pulled = await dashsync(handle, dir, ['pull', 'lp-cpu']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(/^updated +dashboards\/_library\/cpu\.json$/m);
    expect(await readFile(join(dir, FILE), 'utf8')).toContain('"title": "from the UI"');
  });

  // CI applies with its own token; the panel's file is respelled after that push (the commit the push names is not in that
  // commit's history): the push still carried its content.
  it("takes Grafana's version when CI's push was made from the commit that brought the file's content, respelled since", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const { dir } = await bootstrapFromGrafana(handle, async (token) => {
      const created = await apiRequest(handle, 'POST', '/api/library-elements', { uid: 'lp-cpu', name: 'CPU', kind: 1, folderUid: '', model: { type: 'stat', title: 'cpu' } }, bearerHeaders(token));
      expect(created.status, created.text).toBe(200);
    });
    const mine = (await readFile(join(dir, FILE), 'utf8')).replace('"title": "cpu"', '"title": "cpu (mine)"');
    await writeFile(join(dir, FILE), mine);
    await writeFile(join(dir, 'dashboards/node.json'), canonical(NODE_USING_PANEL));
    await commitAll(dir, 'cpu (mine), node', new Date(Date.now() - 20 * 60_000));
    const applied = await runCliInProcess(['apply', '--auto-approve'], { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_TOKEN: await handle.createToken('Admin') } });
    expect(applied.code, applied.stderr).toBe(0);
    await writeFile(join(dir, FILE), JSON.stringify(JSON.parse(mine), null, 4));
    await commitAll(dir, 'respelled');
    await editInGrafana(handle, 'from the UI');
    // CI pushed from a clone of its own: this clone holds no record of that apply, only the commits tell.
    await rm(join(dir, '.git', 'dashsync'), { recursive: true, force: true });

    const pulled = await dashsync(handle, dir, ['pull']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(/^updated +dashboards\/_library\/cpu\.json: changed in Grafana .*, which shows no save of it by dashsync /m);
    expect(await readFile(join(dir, FILE), 'utf8')).toContain('"title": "from the UI"');
  });
});

describe('pull of a dashboard file whose change was committed, then respelled (Grafana 12)', () => {
  // Refused rightly (both sides changed), but main counted the respelling as a second change: "(and 1 later commit)".
  it("names the change's commit alone when a later commit only respelled it", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const { dir, file } = await commitAndApplyTwo(handle);
    const model = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...model, title: 'Workloads (PR)' }, null, 4));
    await commitAll(dir, 'pr: workloads title');
    const sha = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    const fixed = await dashsync(handle, dir, ['check', '--fix']);
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
    await commitAll(dir, 'check --fix');
    expect(await git(dir, 'rev-parse', 'HEAD')).not.toContain(sha);
    await editInUi(handle, 'work', 'Edited in the Grafana UI');

    const pulled = await dashsync(handle, dir, ['pull', 'work']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    expect(pulled.stdout).toMatch(
      new RegExp(`^refused +dashboards/work\\.json: changed on both sides since dashsync applied version 1: in git by ${sha}, not applied yet, and in Grafana \\(version 2 by `, 'm'),
    );
  });
});
