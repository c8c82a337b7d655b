import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, createFolder, dashsync, git, makeWorkDir, saveDashboard } from '../../pull/pull-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

const PANELS = [{ id: 1, type: 'stat', title: 'Up', gridPos: { x: 0, y: 0, w: 6, h: 4 } }];

/**
 * `home` "Home" made in Grafana's General level by a person (version 1), adopted by a bootstrap `pull --all` (committed: the
 * commit's sha), then moved into "Databases" in the UI (version 2, the same content): dashsync never pushed it.
 */
async function adoptedThenMoved(grafanaVersion: '12' | '13'): Promise<{ sandbox: SandboxHandle; work: string; sha: string }> {
  const sandbox = await startTestSandbox({ grafanaVersion });
  await createFolder(sandbox, { uid: 'db', title: 'Databases' });
  await saveDashboard(sandbox, { uid: 'home', title: 'Home', schemaVersion: 39, panels: PANELS });
  const work = await makeWorkDir();
  const pulled = await dashsync(sandbox, work, ['pull', '--all']);
  expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
  await commitAll(work, 'bootstrap: pull --all');
  const sha = (await git(work, 'rev-parse', 'HEAD')).trim();
  const live = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/home');
  const moved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: live.body.dashboard, folderUid: 'db', overwrite: true, message: 'moved in UI' });
  expect(moved.status, moved.text).toBe(200);
  return { sandbox, work, sha };
}

const folderOf = async (sandbox: SandboxHandle, uid: string) => (await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${uid}`)).body.meta.folderUid as string;

// walk-66 M2: the one-step apply and `apply --auto-approve` moved such a dashboard back to General, exit 0: only a push of
// dashsync's under the move counted as proof that the move came later, while git's bootstrap commit already held Grafana's
// version 1 in the folder the file still stands for. Where the history keeps each version's folder (unified storage), that
// move is kept as drift, as an edit is; a reviewed plan still shows it as before and moves it back.
describe('apply --auto-approve, a dashboard a bootstrap pull adopted and someone moved in Grafana since (Grafana 13, unified storage)', () => {
  it('keeps the move as a conflict naming the bootstrap commit (exit 1); plan shows the same-content move; --force moves it back', async () => {
    const { sandbox, work, sha } = await adoptedThenMoved('13');

    const kept = await dashsync(sandbox, work, ['apply', '--auto-approve']);
    expect(kept.code, kept.stdout + kept.stderr).toBe(1);
    expect(kept.stdout).toMatch(
      new RegExp(
        `^  ! drift: home "Home" was last saved in Grafana by admin at \\S+ \\(version 2, "moved in UI"\\), not by dashsync; that version is the file's commit ${sha.slice(0, 12)} in another folder, "Databases": the edit made in Grafana is that move; no one reviewed this plan \\(--auto-approve without a plan file\\), so this apply leaves that move untouched \\(a conflict\\) unless it is run with --force \\(to keep Grafana's folder instead: move the file to a directory that stands for that folder \\(its _folder\\.json names the folder's uid\\), then run dashsync plan\\)$`,
        'm',
      ),
    );
    expect(kept.stderr).toContain('conflict: home "Home" (dashboards/home.json) was last saved in Grafana by admin, not by dashsync (version 2 at ');
    expect(kept.stdout).toMatch(/^Applied: 0 created, 0 updated, 0 moved, 0 deleted; 1 conflict/m);
    expect(await folderOf(sandbox, 'home')).toBe('db');

    const json = await dashsync(sandbox, work, ['apply', '--auto-approve', '--format', 'json']);
    expect(json.code).toBe(1);
    const lines = json.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const [planned, result] = [lines[0]!, lines.at(-1)!];
    expect(planned.warnings).toContainEqual(expect.objectContaining({ kind: 'drift', uid: 'home', movedOnlyIn: sha, liveFolderTitle: 'Databases', file: 'dashboards/home.json' }));
    expect(planned.warnings.find((warning: { uid: string }) => warning.uid === 'home')).not.toHaveProperty('sameContent');
    expect(result.conflicts).toMatchObject([{ uid: 'home', action: 'move', unreviewedDrift: true, unreviewedWhy: 'auto-approve' }]);

    // A plan someone reviews shows the move back as before (the same content, only its folder changes).
    const plan = await dashsync(sandbox, work, ['plan']);
    expect(plan.stdout).toMatch(/^  ! drift: home "Home" .*not by dashsync; the file holds the same content, so applying changes only its folder \(a move made in Grafana since is undone; to keep Grafana's folder instead, run dashsync pull home first, which moves the file to the directory of that folder\)$/m);

    const forced = await dashsync(sandbox, work, ['apply', '--auto-approve', '--force']);
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(forced.stdout).toContain('moved: home "Home"');
    expect(await folderOf(sandbox, 'home')).toBe('');
  });

  // walk-70 L4: the line offered no way to keep the move; the pull it names now moves the file where Grafana's folder is.
  it("the plan's pull keeps Grafana's folder: the file moves to that folder's directory, and the plan is then empty", async () => {
    const { sandbox, work } = await adoptedThenMoved('13');
    const plan = await dashsync(sandbox, work, ['plan']);
    const pull = /to keep Grafana's folder instead, run dashsync (pull home) first/.exec(plan.stdout)?.[1];
    expect(pull, plan.stdout).toBe('pull home');

    const pulled = await dashsync(sandbox, work, pull!.split(' '));
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(/^moved +dashboards\/home\.json → dashboards\/databases\/home\.json$/m);
    expect(JSON.parse(await readFile(join(work, 'dashboards/databases/_folder.json'), 'utf8'))).toMatchObject({ uid: 'db' });
    const again = await dashsync(sandbox, work, ['plan', '--detailed-exitcode']);
    expect(again.code, again.stdout).toBe(0);
  });

  it("moves it where the tree's author put it in git since the bootstrap (exit 0): that directory change is the author's", async () => {
    const { sandbox, work } = await adoptedThenMoved('13');
    await mkdir(join(work, 'dashboards/team'));
    await writeFile(join(work, 'dashboards/team/_folder.json'), `${JSON.stringify({ uid: 'team', title: 'Team' })}\n`);
    await git(work, 'mv', 'dashboards/home.json', 'dashboards/team/home.json');
    await commitAll(work, 'home goes to Team');

    const applied = await dashsync(sandbox, work, ['apply', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/^  ! drift: home "Home" .*not by dashsync; the file holds the same content, so applying changes only its folder \(a move made in Grafana since is undone; to keep Grafana's folder instead, run dashsync pull home first, which moves the file to the directory of that folder\)$/m);
    expect(applied.stdout).toContain('moved: home "Home"');
    expect(await folderOf(sandbox, 'home')).toBe('team');
  });
});

// Legacy SQL storage (12's default) gives every history entry the dashboard's folder now (query_dashboards.sql): nothing tells
// where Grafana had it at the bootstrap, so the move back is made as for a tree adopted from another tool, with the warning.
describe('apply --auto-approve, the same on Grafana 12 (legacy storage)', () => {
  it('moves it back with the same-content warning (exit 0): the history keeps no version\'s own folder', async () => {
    const { sandbox, work } = await adoptedThenMoved('12');

    const applied = await dashsync(sandbox, work, ['apply', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/^  ! drift: home "Home" .*not by dashsync; the file holds the same content, so applying changes only its folder \(a move made in Grafana since is undone; to keep Grafana's folder instead, run dashsync pull home first, which moves the file to the directory of that folder\)$/m);
    expect(await folderOf(sandbox, 'home')).toBe('');
  });
});
