import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, git } from '../pull/pull-fixture.js';
import { makeWorkspace, runAction } from './run-action.js';
import { deriveFolderUid } from '../../src/files/folder-uid.js';

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A folder and a dashboard in it, made in Grafana by a person (admin), as a tree adopted or bootstrapped from Grafana finds them. */
async function madeByHand(sandbox: SandboxHandle, folder: { uid: string; title: string }, uid: string, title: string): Promise<void> {
  expect((await apiRequest(sandbox, 'POST', '/api/folders', folder)).status).toBe(200);
  const panels = [{ id: 1, type: 'timeseries', title: 'P', gridPos: { h: 8, w: 12, x: 0, y: 0 }, targets: [{ refId: 'A', expr: 'up' }] }];
  expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid, title, schemaVersion: 39, panels }, folderUid: folder.uid })).status).toBe(200);
}

/** A sandbox and the Action's example workspace, applied by a push's one-step apply (`more`: inputs beside the command, URL and token); its inputs and event for the next runs. */
async function appliedByAction(more: Record<string, string> = {}): Promise<{ sandbox: SandboxHandle; workspace: string; inputs: Record<string, string>; push: Record<string, string> }> {
  const sandbox = await startTestSandbox({ grafanaVersion: '12' });
  const token = await sandbox.createToken('Admin');
  const workspace = await makeWorkspace();
  const inputs = { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token, ...more };
  const push = { GITHUB_EVENT_NAME: 'push' };
  expect((await runAction(workspace, inputs, push)).code).toBe(0);
  return { sandbox, workspace, inputs, push };
}

/** A one-step apply placed action-service; then an admin moved it to a new folder "Team X" in Grafana (the content alike). */
async function movedInGrafanaAfterApply() {
  const applied = await appliedByAction();
  expect((await apiRequest(applied.sandbox, 'POST', '/api/folders', { uid: 'team-x', title: 'Team X' })).status).toBe(200);
  const live = await apiRequest(applied.sandbox, 'GET', '/api/dashboards/uid/action-service');
  const moved = { dashboard: live.body.dashboard, folderUid: 'team-x', overwrite: true, message: 'moved to Team X' };
  expect((await apiRequest(applied.sandbox, 'POST', '/api/dashboards/db', moved)).status).toBe(200);
  await rm(join(applied.workspace, 'dashsync-plan.json'));
  return applied;
}

// Each test runs the bundle four or five times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

// walk-20 L-4: after a reviewed apply refused a UI edit as a conflict, the next push without a plan file (require-plan:
// false, a direct push to main) overwrote that same edit with only a drift warning, exit 0. A plan no one reviewed now
// leaves such an edit untouched, as a conflict, unless the step's args hold --force; a reviewed plan that shows the drift
// still overwrites it (the reviewer saw it).
describe('the Action: a one-step apply (no plan file) and an edit made in Grafana', () => {
  it('leaves the edit untouched as a conflict, applies the rest, and names it in the No reviewed plan box; args: --force overwrites it, and says so', async () => {
    const { sandbox, workspace, inputs, push } = await appliedByAction();

    // Someone edits the service dashboard in Grafana; then a direct push changes the overview only.
    const live = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service');
    const edited = { ...live.body.dashboard, title: 'Team A Service (edited live)' };
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: edited, folderUid: 'action-team-a', overwrite: true })).status).toBe(200);
    const overview = join(workspace, 'dashboards/overview.json');
    await writeFile(overview, (await readFile(overview, 'utf8')).replace('sum(up)', 'sum(up) by (job)'));
    await rm(join(workspace, 'dashsync-plan.json'));

    const kept = await runAction(workspace, inputs, push);
    expect(kept.code).toBe(1);
    expect(kept.outputs).toMatchObject({ 'has-changes': 'true', creates: '0', updates: '1', conflicts: '1' });
    const conflictLine =
      'conflict: action-service "Team A Service (edited live)" (dashboards/team-a/service.json, titled "Team A Service" there) was last saved in Grafana by admin, not by dashsync (version 2';
    expect(kept.stdout).toContain(`::error title=dashsync conflict,file=dashboards/team-a/service.json::${conflictLine}`);
    // The plan's drift warning, in the log, its annotation and the job summary, says what this step does with the edit.
    const keptWarning = /not by dashsync; no one reviewed this plan, so this step leaves that version untouched \(a conflict\) unless args holds --force \(to bring it in, run dashsync pull action-service first; where the file holds a change not applied yet, that pull refuses and gives the steps to merge the two\)/;
    expect(kept.stdout).toMatch(new RegExp(`^  ! drift: action-service .*${keptWarning.source}$`, 'm'));
    expect(kept.stdout).toMatch(new RegExp(`^::warning title=dashsync drift,file=dashboards/team-a/service\\.json::drift: action-service .*${keptWarning.source}$`, 'm'));
    expect(kept.summary).toMatch(new RegExp(`^> - drift: action-service .*${keptWarning.source}$`, 'm'));
    expect(kept.stdout + kept.summary).not.toContain('the edit is lost');
    expect(kept.stdout).toMatch(
      /, and no one reviewed a plan that overwrites that edit; left untouched\. To keep the edit: dashsync pull action-service to bring the live edit into the file \(it refuses a file that holds a change not applied yet, and says how to merge the two\); to overwrite it: apply a reviewed plan \(a pull request's, which shows the edit as drift\), or run dashsync plan --out plan\.json from a checkout of this commit, with the Grafana credentials this job uses, review it, then dashsync apply plan\.json \(once: args: --force on the apply step would overwrite every edit made in Grafana, in every later run too\)$/m,
    );
    expect(kept.summary).toContain(
      '> [!WARNING]\n> No reviewed plan: planned and applied in one step.\n> It left 1 dashboard edited in Grafana untouched (drift: each a conflict, below): action-service "Team A Service (edited live)".',
    );
    expect(kept.summary).toContain('**Applied: 0 created, 1 updated, 0 moved, 0 deleted; 1 conflict**');
    expect(kept.summary).toContain(`> - ${conflictLine}`);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service')).body.dashboard.title).toBe('Team A Service (edited live)');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-overview')).body.dashboard.panels[0].targets[0].expr).toBe('sum(up) by (job)');

    // walk-63 H2: the step run again in this workspace (a retry step, a runner that keeps its checkout) finds the plan the first
    // run saved there. No one reviewed it, so it keeps the edit as that run did, and says so; before, it applied it as reviewed.
    expect(JSON.parse(await readFile(join(workspace, 'dashsync-plan.json'), 'utf8')).unreviewed).toBe('one-step');
    const again = await runAction(workspace, inputs, push);
    expect(again.code, again.stdout).toBe(1);
    expect(again.stdout).toContain(
      '; an earlier one-step apply made it and no one reviewed it, so this step leaves every edit made in Grafana it would overwrite untouched (a conflict) unless args holds --force',
    );
    expect(again.stdout).toContain(`::error title=dashsync conflict,file=dashboards/team-a/service.json::${conflictLine}`);
    expect(again.outputs).toMatchObject({ updates: '0', conflicts: '1' });
    expect(again.summary).toContain(
      '> [!WARNING]\n> No reviewed plan: `dashsync-plan.json` was saved by an earlier one-step apply, which no one reviewed.\n> It left 1 dashboard edited in Grafana untouched (drift: each a conflict, below): action-service "Team A Service (edited live)".',
    );
    expect(again.summary).not.toContain('Applied the saved plan');
    // The CLI applying that file (the artifact downloaded to a laptop) keeps it too, unless --force.
    const env = { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: inputs['grafana-token']! };
    const cli = await runCliInProcess(['apply', 'dashsync-plan.json'], { cwd: workspace, env });
    expect(cli.code, cli.stdout + cli.stderr).toBe(1);
    expect(cli.stdout).toContain("note: dashsync-plan.json was saved by the Action's one-step apply, which no one reviewed: this apply leaves every edit made in Grafana it would overwrite untouched (a conflict) unless it is run with --force");
    expect(cli.stdout + cli.stderr).toContain("and no one reviewed a plan that overwrites that edit (a plan file the Action's one-step apply saved); left untouched.");
    const shown = await runCliInProcess(['show', 'dashsync-plan.json'], { cwd: workspace, env });
    expect(shown.stdout).toContain("not by dashsync; no one reviewed this plan (a plan file the Action's one-step apply saved), so an apply of it leaves that version untouched (a conflict) unless it is run with --force");
    expect(shown.stdout).toContain("Notes:\n  this plan was saved by the Action's one-step apply, which no one reviewed: an apply of it leaves every edit made in Grafana");
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service')).body.dashboard.title).toBe('Team A Service (edited live)');

    // The operator decides to overwrite it: args: --force, and the box says what was overwritten.
    await rm(join(workspace, 'dashsync-plan.json'));
    const forced = await runAction(workspace, { ...inputs, args: '--force' }, push);
    expect(forced.code, forced.stdout).toBe(0);
    expect(forced.outputs).toMatchObject({ updates: '1', conflicts: '0' });
    expect(forced.stdout).toMatch(/^  ! drift: action-service .*not by dashsync; applying replaces that version with the file: the edit is lost unless the file already holds it/m);
    expect(forced.summary).toContain(
      '> [!WARNING]\n> No reviewed plan: planned and applied in one step.\n> It overwrote 1 dashboard edited in Grafana (drift, as args: --force allows): action-service "Team A Service (edited live)".',
    );
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service')).body.dashboard.title).toBe('Team A Service');
  });

  // unreviewed-56: the one-step apply's prune deleted a dashboard someone had edited in Grafana since dashsync pushed it (exit
  // 0, deletes 1): now it is kept as the update of one is, and the outputs, the box and the exit code say so alike.
  it("keeps a dashboard its prune would delete that was edited in Grafana since dashsync's push: deletes 0, conflicts 1, the box names it, the step fails; args: --force deletes it", async () => {
    const { sandbox, workspace, inputs, push } = await appliedByAction({ prune: 'all' });
    const live = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service');
    const edited = { ...live.body.dashboard, title: 'Team A Service (edited live)' };
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: edited, folderUid: 'action-team-a', overwrite: true })).status).toBe(200);
    await rm(join(workspace, 'dashboards/team-a/service.json'));
    await rm(join(workspace, 'dashsync-plan.json'));

    const kept = await runAction(workspace, inputs, push);
    expect(kept.code, kept.stdout).toBe(1);
    expect(kept.outputs).toMatchObject({ 'has-changes': 'true', creates: '0', updates: '0', deletes: '0', conflicts: '1' });
    expect(kept.stdout).toMatch(
      /^::error title=dashsync conflict::conflict: action-service "Team A Service \(edited live\)" was last saved in Grafana by admin, not by dashsync \(version 2 at [^)]+\), and no one reviewed a plan that deletes it with that edit; not deleted\. To keep it: dashsync pull action-service writes its file back into the tree \(commit it\); to delete it anyway: apply a reviewed plan/m,
    );
    expect(kept.summary).toContain('> It left 1 dashboard edited in Grafana untouched (drift: each a conflict, below): action-service "Team A Service (edited live)".');
    expect(kept.summary).toContain('**Applied: 0 created, 0 updated, 0 moved, 0 deleted; 1 conflict**');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service')).body.dashboard.title).toBe('Team A Service (edited live)');

    await rm(join(workspace, 'dashsync-plan.json'));
    const forced = await runAction(workspace, { ...inputs, args: '--force' }, push);
    expect(forced.code, forced.stdout).toBe(0);
    expect(forced.outputs).toMatchObject({ deletes: '1', conflicts: '0' });
    expect(forced.summary).toContain(
      '> It deleted 1 dashboard edited in Grafana since dashsync\'s push (drift, as args: --force allows; each backed up first): action-service "Team A Service (edited live)".',
    );
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service')).status).toBe(404);
  });

  // review-57b F1: a prune delete's edit is compared with the removed file's last commits, which actions/checkout's shallow
  // history cuts short: the delete was kept, but its line and the box did not say why nor name the fix, as an update's do.
  it("in a shallow checkout, a prune delete whose edit an older commit holds is kept, and its line and the box say to fetch the whole history; a full clone deletes it", async () => {
    const { sandbox, workspace: origin, inputs, push } = await appliedByAction({ prune: 'all' });
    const token = inputs['grafana-token']!;
    await rm(join(origin, 'dashsync-plan.json'), { force: true });
    await commitAll(origin, 'tree');
    const live = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service');
    const edited = { ...live.body.dashboard, description: 'edited live' };
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: edited, folderUid: 'action-team-a', overwrite: true })).status).toBe(200);
    expect((await runCliInProcess(['pull', 'action-service'], { cwd: origin, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: token } })).code).toBe(0);
    await commitAll(origin, 'pull the live edit');
    const path = 'dashboards/team-a/service.json';
    for (const description of ['edited in git', 'edited in git again']) {
      const model = JSON.parse(await readFile(join(origin, path), 'utf8'));
      await writeFile(join(origin, path), JSON.stringify({ ...model, description }, null, 2));
      await commitAll(origin, description);
    }
    await rm(join(origin, path));
    await commitAll(origin, 'remove the service dashboard');
    const clones = await tempDir('dashsync-clones-');
    await git(clones, 'clone', '-q', '--depth', '2', `file://${origin}`, 'shallow');
    await git(clones, 'clone', '-q', `file://${origin}`, 'full');

    const shallow = await runAction(join(clones, 'shallow'), inputs, push);
    expect(shallow.code, shallow.stdout).toBe(1);
    expect(shallow.outputs).toMatchObject({ deletes: '0', conflicts: '1' });
    const why =
      "This checkout's git history is shallow, so it cannot show whether an older commit already holds that edit (the commit of a dashsync pull that brought it in, say); " +
      "if one does, set fetch-depth: 0 on this job's actions/checkout step and push that change: its run judges with the whole history";
    const conflict = shallow.stdout.split('\n').find((line) => line.startsWith('::error title=dashsync conflict::conflict: action-service '));
    expect(conflict).toContain(`and no one reviewed a plan that deletes it with that edit; not deleted. ${why}. If not, to keep it: dashsync pull action-service writes its file back into the tree (commit it); `);
    expect(shallow.summary).toContain(`> It left 1 dashboard edited in Grafana untouched (drift: each a conflict, below): action-service "Team A Service".\n> ${why}.\n`);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service')).body.dashboard.description).toBe('edited live');

    const full = await runAction(join(clones, 'full'), inputs, push);
    expect(full.code, full.stdout).toBe(0);
    expect(full.outputs).toMatchObject({ deletes: '1', conflicts: '0' });
    expect(full.stdout + full.summary).not.toMatch(/drift|shallow/);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service')).status).toBe(404);
  });

  it('a reviewed plan that shows the drift overwrites the edit: the reviewer saw it', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    const workspace = await makeWorkspace();
    const inputs = { 'grafana-url': sandbox.url, 'grafana-token': token };
    expect((await runAction(workspace, { ...inputs, command: 'apply' }, { GITHUB_EVENT_NAME: 'push' })).code).toBe(0);
    const live = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service');
    const edited = { ...live.body.dashboard, title: 'Team A Service (edited live)' };
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: edited, folderUid: 'action-team-a', overwrite: true })).status).toBe(200);

    const plan = await runAction(workspace, { ...inputs, command: 'plan', 'plan-file': 'reviewed.json' });
    expect(plan.stdout).toMatch(/^::warning title=dashsync drift,file=dashboards\/team-a\/service\.json::/m);
    const apply = await runAction(workspace, { ...inputs, command: 'apply', 'plan-file': 'reviewed.json' }, { GITHUB_EVENT_NAME: 'push' });
    expect(apply.code, apply.stdout).toBe(0);
    expect(apply.outputs).toMatchObject({ updates: '1', conflicts: '0' });
    expect(apply.summary).toContain('Applied the saved plan `reviewed.json`.');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service')).body.dashboard.title).toBe('Team A Service');
  });

  // review-54 F1: actions/checkout's default depth 1 lacks the commit of the pull that brought the dashboard in, so its live
  // version (a person's save) reads as drift. Kept, safely, but the line and the box say why, and the one-line fix.
  it("in a shallow checkout, drift git may already hold is kept, and the conflict line and the box say to fetch the whole history; a full clone applies it", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    await madeByHand(sandbox, { uid: 'boot-f', title: 'Boot' }, 'boot-1', 'Booted');
    const origin = await tempDir('dashsync-boot-');
    await mkdir(join(origin, 'dashboards'));
    expect((await runCliInProcess(['pull'], { cwd: origin, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: token } })).code).toBe(0);
    await commitAll(origin, 'bootstrap');
    const [dir] = await readdir(join(origin, 'dashboards'));
    const file = (await readdir(join(origin, 'dashboards', dir!))).find((name) => name !== '_folder.json')!;
    const path = `dashboards/${dir}/${file}`;
    await writeFile(join(origin, path), (await readFile(join(origin, path), 'utf8')).replace('"title": "P"', '"title": "P (renamed in git)"'));
    await commitAll(origin, 'rename panel');
    const clones = await tempDir('dashsync-clones-');
    await git(clones, 'clone', '-q', '--depth', '1', `file://${origin}`, 'shallow');
    await git(clones, 'clone', '-q', `file://${origin}`, 'full');
    const inputs = { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token };
    const push = { GITHUB_EVENT_NAME: 'push' };

    const shallow = await runAction(join(clones, 'shallow'), inputs, push);
    expect(shallow.code).toBe(1);
    expect(shallow.outputs).toMatchObject({ updates: '0', conflicts: '1' });
    const why =
      "This checkout's git history is shallow, so it cannot show whether an older commit already holds that edit (the commit of a dashsync pull that brought it in, say); " +
      "if one does, set fetch-depth: 0 on this job's actions/checkout step and push that change: its run judges with the whole history";
    const conflict = shallow.stdout.split('\n').find((line) => line.startsWith(`::error title=dashsync conflict,file=${path}::conflict: boot-1 "Booted" `));
    expect(conflict).toContain(`; left untouched. ${why}. If not, to keep it: dashsync pull boot-1 to bring the live edit into the file (it refuses a file that holds a change not applied yet, and says how to merge the two); `);
    expect(shallow.summary).toContain(`> It left 1 dashboard edited in Grafana untouched (drift: each a conflict, below): boot-1 "Booted".\n> ${why}.\n`);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/boot-1')).body.dashboard.panels[0].title).toBe('P');

    const full = await runAction(join(clones, 'full'), inputs, push);
    expect(full.code, full.stdout).toBe(0);
    expect(full.outputs).toMatchObject({ updates: '1', conflicts: '0' });
    expect(full.stdout + full.summary).not.toMatch(/drift|shallow/);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/boot-1')).body.dashboard.panels[0].title).toBe('P (renamed in git)');
  });

  // review-55 F3: the same shape (a move, the content alike) where dashsync had placed the dashboard is a move made in Grafana's
  // UI: since fix-55 the one-step apply moved it back, exit 0, and the box named nothing. It is kept now, as any edit there.
  it('a dashboard dashsync placed and someone moved in Grafana is kept in its new folder (a conflict, named in the box)', async () => {
    const { sandbox, workspace, inputs, push } = await movedInGrafanaAfterApply();

    const kept = await runAction(workspace, inputs, push);
    expect(kept.code, kept.stdout).toBe(1);
    expect(kept.outputs).toMatchObject({ conflicts: '1' });
    expect(kept.stdout).toContain('conflict: action-service "Team A Service" (dashboards/team-a/service.json) was last saved in Grafana by admin, not by dashsync (version 2');
    expect(kept.summary).toContain('> It left 1 dashboard edited in Grafana untouched (drift: each a conflict, below): action-service "Team A Service".');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service')).body.meta.folderUid).toBe('team-x');
  });

  // review-63b L2: under args: --force the one-step plan was made without looking for moves made in Grafana, yet its file is
  // marked unreviewed: a later apply of that file without --force took such a move for an adopted tree's and undid it.
  it('a forced one-step apply saves its moves judged as any one-step plan: the file shown says an apply of it keeps the move', async () => {
    const { sandbox, workspace, inputs, push } = await movedInGrafanaAfterApply();

    const forced = await runAction(workspace, { ...inputs, args: '--force' }, push);
    expect(forced.code, forced.stdout).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-service')).body.meta.folderUid).toBe('action-team-a');
    const env = { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: inputs['grafana-token']! };
    const shown = await runCliInProcess(['show', 'dashsync-plan.json'], { cwd: workspace, env });
    expect(shown.stdout).toMatch(/^  ! drift: action-service .*no one reviewed this plan \(a plan file the Action's one-step apply saved\), so an apply of it leaves that version untouched/m);
    expect(shown.stdout).not.toContain('applying changes only its folder');
  });

  // walk-66 M2: a dashboard made in Grafana, adopted by a bootstrap `pull --all` (committed), then moved in the UI: the
  // one-step apply moved it back, exit 0, as for a tree adopted from another tool. The bootstrap commit holds the version
  // Grafana had in the folder the file still stands for, and unified storage's history says where each version was: kept.
  it('a dashboard a bootstrap pull adopted and someone moved in Grafana since is kept in its new folder (Grafana 13: a conflict, named in the box)', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const token = await sandbox.createToken('Admin');
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'db', title: 'Databases' })).status).toBe(200);
    const panels = [{ id: 1, type: 'stat', title: 'Up', gridPos: { h: 4, w: 6, x: 0, y: 0 } }];
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'home', title: 'Home', schemaVersion: 39, panels } })).status).toBe(200);
    const workspace = await tempDir('dashsync-bootstrap-');
    const env = { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: token };
    expect((await runCliInProcess(['pull', '--all'], { cwd: workspace, env })).code).toBe(0);
    await commitAll(workspace, 'bootstrap');
    const live = (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/home')).body.dashboard;
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: live, folderUid: 'db', overwrite: true, message: 'moved in UI' })).status).toBe(200);

    const kept = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token }, { GITHUB_EVENT_NAME: 'push' });
    expect(kept.code, kept.stdout).toBe(1);
    expect(kept.outputs).toMatchObject({ conflicts: '1' });
    expect(kept.stdout).toMatch(/^  ! drift: home "Home" .*not by dashsync; that version is the file's commit [0-9a-f]{12} in another folder, "Databases": the edit made in Grafana is that move; no one reviewed this plan, so this step leaves that move untouched \(a conflict\)/m);
    expect(kept.summary).toContain('> It left 1 dashboard edited in Grafana untouched (drift: each a conflict, below): home "Home".');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/home')).body.meta.folderUid).toBe('db');
  });

  // review-54 F2: a tree adopted from another tool, its directories not yet Grafana's folders: the move loses no edit, so it
  // is made (the folder is created and the dashboard moves in), not kept as a conflict whose pull would undo the move.
  it('a same-content move (an adopted tree) is made, with the warning that only its folder changes; no conflict', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    await madeByHand(sandbox, { uid: 'old-f', title: 'Old' }, 'adopt-1', 'Adopted');
    const { id: _id, version: _version, ...model } = (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/adopt-1')).body.dashboard;
    const workspace = await tempDir('dashsync-adopt-');
    await mkdir(join(workspace, 'dashboards/new'), { recursive: true });
    await writeFile(join(workspace, 'dashboards/new/_folder.json'), JSON.stringify({ uid: 'new-f', title: 'New' }));
    await writeFile(join(workspace, 'dashboards/new/adopted.json'), JSON.stringify(model, null, 2));
    await commitAll(workspace, 'adopt');

    const run = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token }, { GITHUB_EVENT_NAME: 'push' });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ conflicts: '0', 'folder-changes': '1' });
    expect(run.stdout).toMatch(/^  ! drift: adopt-1 "Adopted" .*not by dashsync; the file holds the same content, so applying changes only its folder \(a move made in Grafana since is undone; to keep Grafana's folder instead, run dashsync pull (--env \S+ )?adopt-1 first, which moves the file to the directory of that folder\)$/m);
    expect(run.stdout + run.summary).not.toMatch(/conflict:|untouched|no one reviewed this plan/);
    expect(run.summary).toContain('**Applied: 0 created, 0 updated, 1 moved, 0 deleted. Folders: 1 created**');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/adopt-1')).body.meta.folderUid).toBe('new-f');
  });

  // stop 62 §9.3: the box counted only drift; another repository's dashboard and a folder takeover were conflict lines under it.
  it('names the other holds in the No reviewed plan box: another repository\'s dashboard, one not in this clone and a folder takeover; under api legacy, the deletes whose owner it cannot see', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    const board = (uid: string, title: string) => `${JSON.stringify({ uid, title, schemaVersion: 39, panels: [] })}\n`;
    // Team B's dashsync repository deploys pay-api to its folder; someone made and filled folder Data Team in Grafana.
    const teamB = await tempDir('dashsync-team-b-');
    await mkdir(join(teamB, 'dashboards/payments'), { recursive: true });
    await writeFile(join(teamB, 'dashboards/payments/pay-api.json'), board('pay-api', 'Payments API'));
    // review-64 M1: and pay-web to a folder no config lists: "not in this clone" (an unfetched branch looks the same), held too.
    await mkdir(join(teamB, 'dashboards/billing'), { recursive: true });
    await writeFile(join(teamB, 'dashboards/billing/pay-web.json'), board('pay-web', 'Payments web'));
    await commitAll(teamB, 'team B dashboards');
    expect((await runCliInProcess(['apply'], { cwd: teamB, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: token } })).code).toBe(0);
    await madeByHand(sandbox, { uid: 'data-team', title: 'Data Team' }, 'data-etl', 'ETL jobs');
    const workspace = await makeWorkspace();
    await writeFile(join(workspace, 'dashboards/ours-pay-api.json'), board('pay-api', 'Ours pay-api'));
    await writeFile(join(workspace, 'dashboards/ours-pay-web.json'), board('pay-web', 'Ours pay-web'));
    await mkdir(join(workspace, 'dashboards/analytics'));
    await writeFile(join(workspace, 'dashboards/analytics/_folder.json'), '{"uid": "data-team", "title": "Analytics"}\n');
    await writeFile(join(workspace, 'dashboards/analytics/board.json'), board('an-1', 'Analytics board'));
    // Team B's folder is another repository's by the config's word (a folder merely outside the tree may be an unfetched branch's).
    await writeFile(join(workspace, 'dashsync.config.json'), `${JSON.stringify({ externalFolders: [deriveFolderUid('payments')] })}\n`);
    await commitAll(workspace, 'ours');
    const inputs = { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token, prune: 'folders' };
    const push = { GITHUB_EVENT_NAME: 'push' };

    const held = await runAction(workspace, inputs, push);
    expect(held.code, held.stdout).toBe(1);
    expect(held.summary).toContain(
      '> [!WARNING]\n> No reviewed plan: planned and applied in one step.\n' +
        '> It left 1 dashboard another repository deployed untouched (from another repository: each a conflict, below; args: --force takes them): pay-api "Payments API".\n' +
        "> It left 1 dashboard dashsync saved from commits this checkout does not have untouched (not in this clone: not fetched yet, or another repository's; each a conflict, below; fetch-depth: 0 and plan again to know, args: --force takes them): pay-web \"Payments web\".\n" +
        '> It left folder "Data Team" (data-team) as it is, which `dashboards/analytics/_folder.json` takes over (folder takeover: its rename, the 1 delete in it and the 1 dashboard the tree would put in it, each a conflict, below; args: --force takes it over).',
    );
    // The plan in the summary names the delete's folder as people know it, with the rename.
    expect(held.summary).toContain('| 🔴 delete | ETL jobs | `data-etl` | Data Team (renamed "Analytics" by this plan) | — (made in Grafana, never pushed by dashsync: last saved by admin at ');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/data-etl')).status).toBe(200);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/pay-api')).body.dashboard.title).toBe('Payments API');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/pay-web')).body.dashboard.title).toBe('Payments web');

    // Through /api on 12 prune deletes only what dashsync pushed: the box says which deletes it held for that.
    await madeByHand(sandbox, { uid: 'ops-ui', title: 'Ops (UI)' }, 'ui-made', 'Made by hand');
    await rm(join(workspace, 'dashsync-plan.json'), { force: true });
    const legacy = await runAction(workspace, { ...inputs, prune: 'all', args: '--api legacy' }, push);
    expect(legacy.summary).toMatch(
      /^> It deleted none of the \d+ dashboards prune would delete whose owner api "legacy" cannot see \(owners not seen: the plan's warning names the plan that deletes them\): [^\n]*ui-made/m,
    );
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/ui-made')).status).toBe(200);
  });
});
