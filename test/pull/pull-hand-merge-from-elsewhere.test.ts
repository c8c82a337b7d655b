import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { pasteInShell } from '../helpers/paste-in-shell.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, git, lines, makeWorkDir } from './pull-fixture.js';

// nl-59 (stop 58 §10.2): pull's hand-merge line was pasted only from the repository's root, for a file below a directory.
// From elsewhere it failed or lied: run where the file's path climbs out (`../dashboards/work.json`), `git apply` passed over
// the patch without a word and the line ended in a "merge" commit without the change; where pull would move the file under
// another name, or with no base commit, the line brought the change back at the old path (a second file of the uid). Each line
// is pasted here into `sh` where pull ran, as printed.

const model = (uid: string, title: string) => ({ uid, title, schemaVersion: 39, panels: [{ id: 1, type: 'stat', title: 'CPU', gridPos: { x: 0, y: 0, w: 12, h: 8 } }] });

/** Where pull runs: the repository's root (the tree in `dashboards/`), a sibling directory of the tree, or the tree's root itself. */
type Place = 'repository root' | 'sibling directory' | 'tree root';

const WHERE: Record<Place, { cwd: string; root: string[]; file: (rel: string) => string }> = {
  'repository root': { cwd: '', root: [], file: (rel) => `dashboards/${rel}` },
  'sibling directory': { cwd: 'ops', root: ['--root', '../dashboards'], file: (rel) => `../dashboards/${rel}` },
  'tree root': { cwd: 'dashboards', root: ['--root', '.'], file: (rel) => rel },
};

/** A repository whose commits pasted `git commit`s can make, dashboards work (and `others`) applied by dashsync, then a committed change of work's panel title. */
async function appliedThenChanged(handle: SandboxHandle, others: Record<string, Record<string, unknown>> = {}): Promise<{ dir: string; change: string }> {
  const dir = await makeWorkDir();
  await mkdir(join(dir, 'dashboards'));
  await mkdir(join(dir, 'ops'));
  await writeFile(join(dir, 'ops/.keep'), '');
  await writeFile(join(dir, 'dashboards/work.json'), canonicalJson(model('work', 'Workloads')));
  for (const [file, document] of Object.entries(others)) {
    await mkdir(join(dir, 'dashboards', file, '..'), { recursive: true });
    await writeFile(join(dir, 'dashboards', file), canonicalJson(document));
  }
  await commitAll(dir, 'add dashboards');
  for (const [key, value] of [['user.name', 'Pasting user'], ['user.email', 'user@dashsync.invalid'], ['commit.gpgsign', 'false']]) await git(dir, 'config', key!, value!);
  const applied = await dashsync(handle, dir, ['apply', '--auto-approve']);
  expect(applied.code, applied.stderr).toBe(0);
  await changePanelTitle(dir);
  await commitAll(dir, 'pr: workloads');
  return { dir, change: (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12) };
}

async function changePanelTitle(dir: string): Promise<void> {
  const file = join(dir, 'dashboards/work.json');
  await writeFile(file, (await readFile(file, 'utf8')).replace('"title": "CPU"', '"title": "CPU (PR)"'));
}

/** Someone saves work in Grafana: its description edited, in folder `folderUid` when given (a move). */
async function editInGrafana(handle: SandboxHandle, folderUid?: string): Promise<void> {
  const live = await apiRequest(handle, 'GET', '/api/dashboards/uid/work');
  const saved = await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: { ...live.body.dashboard, description: 'Edited in the Grafana UI' }, folderUid: folderUid ?? live.body.meta.folderUid, overwrite: true });
  expect(saved.status, saved.text).toBe(200);
}

async function createFolder(handle: SandboxHandle, uid: string, title: string): Promise<void> {
  const folder = await apiRequest(handle, 'POST', '/api/folders', { uid, title });
  expect(folder.status, folder.text).toBe(200);
}

/** `dashsync pull work` from `place`: refused; its hand merge's commands and what it says after a conflict. */
async function refusedPull(handle: SandboxHandle, dir: string, place: Place): Promise<{ line: string; steps: string }> {
  const where = WHERE[place];
  const pulled = await dashsync(handle, join(dir, where.cwd), ['pull', ...where.root, 'work']);
  expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
  const line = lines(pulled.stdout).find((each) => each.startsWith('refused'))!;
  const steps = /To merge by hand, run: (.*?) \((?:where git apply|git checkout -p)/.exec(line)?.[1];
  expect(steps, line).toBeDefined();
  return { line, steps: steps! };
}

/** The merged file: Grafana's edit and the committed change both, committed; no other file of the tree holds uid work. */
async function expectMerged(dir: string, at: string, change: string): Promise<void> {
  expect(JSON.parse(await readFile(join(dir, 'dashboards', at), 'utf8'))).toMatchObject({ uid: 'work', description: 'Edited in the Grafana UI', panels: [expect.objectContaining({ title: 'CPU (PR)' })] });
  expect(await git(dir, 'status', '--porcelain')).toBe('');
  const holders = (await git(dir, 'grep', '-l', '"uid": "work"', 'HEAD', '--', 'dashboards')).trim().split('\n');
  expect(holders).toEqual([`HEAD:dashboards/${at}`]);
  expect(lines(await git(dir, 'log', '--format=%s', '-2'))).toEqual([`work: merge ${change} with the pulled version`, 'pull work from Grafana']);
}

describe.each(['12', '13'] as const)("pull's hand merge pasted where pull ran (Grafana %s)", (grafanaVersion) => {
  it.each(['sibling directory', 'tree root'] as const)('edited in Grafana, from the %s: the change is merged into the file', async (place) => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir, change } = await appliedThenChanged(handle);
    await editInGrafana(handle);
    const { steps } = await refusedPull(handle, dir, place);
    expect(steps).toContain(` -- ${WHERE[place].file('work.json')}`);

    const merged = await pasteInShell(handle, join(dir, WHERE[place].cwd), steps);
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    await expectMerged(dir, 'work.json', change);
  });

  it.each(['repository root', 'sibling directory', 'tree root'] as const)("edited and moved in Grafana, from the %s: the change is merged into the file where Grafana's folder puts it", async (place) => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir, change } = await appliedThenChanged(handle);
    await createFolder(handle, 'caches', 'Caches');
    await editInGrafana(handle, 'caches');
    const { line, steps } = await refusedPull(handle, dir, place);
    expect(line).toContain(`where git apply reports a conflict, keep each side's change where ${WHERE[place].file('work.json')} marks it, one value per key (a key both sides changed: choose one value), then run: git add -- ${WHERE[place].file('work.json')} && git mv `);

    const merged = await pasteInShell(handle, join(dir, WHERE[place].cwd), steps);
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    await expectMerged(dir, 'caches/work.json', change);
    expect(existsSync(join(dir, 'dashboards/work.json'))).toBe(false);
  });

  it("edited and moved in Grafana to a folder whose directory has a file of that name: the change is merged into the file under the name pull gives it", async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir, change } = await appliedThenChanged(handle, { 'team/_folder.json': { uid: 'team', title: 'Team' }, 'team/work.json': model('team-work', 'Team workloads') });
    await editInGrafana(handle, 'team');
    const { line, steps } = await refusedPull(handle, dir, 'repository root');
    const to = /pull --force work && git add -A -- dashboards\/work\.json (\S+) /.exec(line)?.[1];
    expect(to, line).toMatch(/^dashboards\/team\/(?!work\.json)\S+\.json$/);

    const merged = await pasteInShell(handle, dir, steps);
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    await expectMerged(dir, to!.slice('dashboards/'.length), change);
  });

  it("moved in Grafana over a push no commit holds (no base): git checkout -p brings the change back into the file where Grafana's folder puts it", async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir, change } = await appliedThenChanged(handle);
    // A push of an edit never committed, then taken back: Grafana holds what none of the file's commits does.
    const file = join(dir, 'dashboards/work.json');
    const committed = await readFile(file, 'utf8');
    await writeFile(file, committed.replace('"title": "CPU (PR)"', '"title": "CPU (draft)"'));
    const pushed = await dashsync(handle, dir, ['apply', '--auto-approve']);
    expect(pushed.code, pushed.stdout + pushed.stderr).toBe(0);
    await writeFile(file, committed);
    await createFolder(handle, 'caches', 'Caches');
    await editInGrafana(handle, 'caches');
    const { line, steps } = await refusedPull(handle, dir, 'repository root');
    expect(line).toContain('which none of the file\'s last 2 commits holds');
    expect(steps).toContain(`git checkout -p ${change} -- dashboards/work.json`);

    // Each difference answered: Grafana's description kept (n), the panel's title taken back (y).
    const merged = await pasteInShell(handle, dir, steps, 'n\ny\n');
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(JSON.parse(await readFile(join(dir, 'dashboards/caches/work.json'), 'utf8'))).toMatchObject({ description: 'Edited in the Grafana UI', panels: [expect.objectContaining({ title: 'CPU (PR)' })] });
    expect(await git(dir, 'status', '--porcelain')).toBe('');
  });
});
