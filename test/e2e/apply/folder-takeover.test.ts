import { describe, expect, it, vi } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import { startTestSandbox, apiRequest, bearerHeaders } from '../../helpers/sandbox.js';
import { CLI_PATH, cleanEnv, refuseStaleDist } from '../../helpers/run-cli.js';
import { renderScreen, runInTerminal } from '../../helpers/terminal.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { dashsync, lines, writeJson } from '../plan/plan-fixture.js';
import { emptyWorkspace, getDashboard } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

/**
 * walk-62 H5: a `_folder.json` whose uid is a folder someone made and filled in Grafana. The plan says it takes that folder
 * over (renames it, prunes its dashboards), naming the deletes by the title people know; an apply no one reviewed holds the
 * takeover; a reviewed plan file makes it.
 */
const board = (uid: string, title: string) => ({ uid, title, panels: [], schemaVersion: 39 });

/** The conflict line of an `--auto-approve` apply that holds a part of Data Team's takeover (`subject`: what it did not do). */
const takeoverHeld = (subject: string, known = 'made in Grafana, none of its dashboards pushed by dashsync') =>
  `conflict: ${subject}: dashboards/analytics/_folder.json takes over folder "Data Team" (data-team), ${known}, ` +
  "and no one reviewed a plan that takes it over (--auto-approve without a plan file). If that folder is not this tree's, give dashboards/analytics/_folder.json a uid of its own; " +
  'to take it over anyway: dashsync plan --prune --out plan.json, review it (it shows the takeover), then dashsync apply plan.json; or dashsync apply --prune --auto-approve --force';

describe('a _folder.json claiming a folder made in Grafana', () => {
  it('warns, names the deletes by the live title, holds the takeover when unreviewed', async () => {
    refuseStaleDist();
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const ours = await dataTeamClaimed(handle);

    const plan = await dashsync(handle, ours, ['plan', '--prune']);
    expect(plan.code, plan.stderr).toBe(0);
    const out = lines(plan.stdout);
    expect(out).toContain(
      `  ! folder takeover: this plan takes over folder "Data Team" (data-team), made in Grafana, never dashsync's: dashboards/analytics/_folder.json renames it "Analytics" ` +
        'and prune deletes its 2 dashboards no file holds, none of which dashsync pushed (data-etl, data-quality). If that folder is not this tree\'s, give dashboards/analytics/_folder.json a uid of its own',
    );
    const deletes = out.filter((line) => line.startsWith('- delete'));
    expect(deletes).toHaveLength(2);
    for (const line of deletes) expect(line).toContain('in "Data Team" (renamed "Analytics" by this plan); no file in the tree');
    // The markdown plan's delete rows name it alike (the pull request's review).
    const markdown = await dashsync(handle, ours, ['plan', '--prune', '--format', 'markdown']);
    expect(markdown.code, markdown.stderr).toBe(0);
    expect(markdown.stdout).toContain('| 🔴 delete | ETL jobs | `data-etl` | Data Team (renamed "Analytics" by this plan) | — (made in Grafana');

    // review-63 L6: a terminal apply's question says that --auto-approve would keep the takeover.
    expect(await answerNoAtTerminal(handle, ours)).toContain(
      'This apply renames 1 folder made in Grafana that a _folder.json takes over (folder takeover) and deletes 2 dashboards; --auto-approve applies without asking, keeping the folder takeovers (the rename, the deletes in each folder and what the tree would put in it) as conflicts (add --force to take them).',
    );

    const auto = await dashsync(handle, ours, ['apply', '--prune', '--auto-approve']);
    expect(auto.code).toBe(1);
    expect(lines(auto.stderr)).toContain(takeoverHeld('data-etl "ETL jobs" not deleted'));
    expect(lines(auto.stderr)).toContainEqual(expect.stringContaining('conflict: folder "Data Team" (data-team) not renamed "Analytics": dashboards/analytics/_folder.json takes over'));
    expect((await getDashboard(handle, 'data-etl')).status).toBe(200);
    expect((await getDashboard(handle, 'data-quality')).status).toBe(200);
    expect((await apiRequest(handle, 'GET', '/api/folders/data-team')).body.title).toBe('Data Team');
    // review-66a H1: nor is the tree's own dashboard written into someone else's folder; a conflict of its own, not "not attempted".
    expect(lines(auto.stderr)).toContain(takeoverHeld(`an-1 "Analytics board" not created (its folder's takeover is held)`));
    expect(auto.stderr).not.toContain('not attempted');
    expect((await getDashboard(handle, 'an-1')).status).toBe(404);

    expect((await dashsync(handle, ours, ['plan', '--prune', '--out', 'plan.json'])).code).toBe(0);
    const applied = await dashsync(handle, ours, ['apply', 'plan.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect((await getDashboard(handle, 'data-etl')).status).toBe(404);
    expect((await apiRequest(handle, 'GET', '/api/folders/data-team')).body.title).toBe('Analytics');
  });

  for (const version of ['12', '13'] as const) {
    it(`Grafana ${version}: every later apply no one reviewed holds it again, also where an earlier one wrote the tree's own dashboard into the folder (review-66a H1)`, async () => {
      const handle = await startTestSandbox({ grafanaVersion: version });
      const ours = await dataTeamClaimed(handle);
      for (let run = 0; run < 2; run += 1) {
        const auto = await dashsync(handle, ours, ['apply', '--prune', '--auto-approve']);
        expect(auto.code).toBe(1);
        expect(lines(auto.stderr)).toContain(takeoverHeld('data-quality "Data quality" not deleted'));
        expect(auto.stderr).not.toContain('drift');
      }
      // Without --prune nothing is deleted, so no takeover: the rename is held as drift and the tree's own dashboard is written
      // into the folder (as an apply before review-66a H1 wrote it with --prune). It is no evidence the folder is the tree's.
      const unpruned = await dashsync(handle, ours, ['apply', '--auto-approve']);
      expect(unpruned.code).toBe(1);
      expect((await getDashboard(handle, 'an-1')).meta.folderUid).toBe('data-team');
      const plan = await dashsync(handle, ours, ['plan', '--prune']);
      // fixe-67: the tree's own dashboard in it, the words say what may have happened, not "made in Grafana, never dashsync's".
      expect(plan.stdout).toContain(
        '! folder takeover: this plan takes over folder "Data Team" (data-team), which holds the tree\'s own an-1 beside dashboards dashsync never pushed (a folder of this tree\'s renamed',
      );
      expect(plan.stdout).not.toContain('drift');
      const auto = await dashsync(handle, ours, ['apply', '--prune', '--auto-approve']);
      expect(auto.code).toBe(1);
      const treeInside =
        "which holds dashboards dashsync never pushed beside the tree's own (a folder of this tree's renamed in Grafana and added to there, or one made there that an earlier apply put the tree's dashboards into)";
      expect(lines(auto.stderr)).toContain(takeoverHeld('data-etl "ETL jobs" not deleted', treeInside));
      for (const uid of ['data-etl', 'data-quality']) expect((await getDashboard(handle, uid)).status).toBe(200);
      expect((await apiRequest(handle, 'GET', '/api/folders/data-team')).body.title).toBe('Data Team');
    });
  }

  it('holds the rest of what the tree would put into the folder too: a library panel, a folder made in it and what goes into that (fixe-67)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const ours = await dataTeamClaimed(handle, undefined, {
      'dashboards/analytics/_library/cpu.json': { uid: 'lp-an', name: 'Analytics CPU', kind: 1, model: { type: 'stat', title: 'CPU' } },
      'dashboards/analytics/sub/_folder.json': { uid: 'an-sub', title: 'Sub' },
      'dashboards/analytics/sub/board.json': { ...board('an-2', 'Sub board'), panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-an', name: 'Analytics CPU' } }] },
      // Elsewhere in the tree, a dashboard that uses the held library panel: it waits for it, and says why.
      'dashboards/home.json': { ...board('home', 'Home'), panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-an', name: 'Analytics CPU' } }] },
    });

    const auto = await dashsync(handle, ours, ['apply', '--prune', '--auto-approve']);

    expect(auto.code).toBe(1);
    const said = lines(auto.stderr);
    expect(said).toContain(takeoverHeld(`library panel lp-an "Analytics CPU" not created (its folder's takeover is held)`));
    expect(said).toContain(takeoverHeld(`folder "Sub" (an-sub) not created (its parent folder's takeover is held)`));
    expect(said).toContain(takeoverHeld(`an-2 "Sub board" not created (it would go into folder "Sub" (an-sub), made inside the folder whose takeover is held)`));
    expect(said).toContain(takeoverHeld(`an-1 "Analytics board" not created (its folder's takeover is held)`));
    expect(auto.stdout + auto.stderr).not.toContain('not attempted');
    expect(lines(auto.stdout + auto.stderr)).toContainEqual(expect.stringMatching(/^skipped: home: not written: library panel lp-an, which it uses, is held \(its folder's takeover: its conflict says why\)$/));
    expect(auto.stdout + auto.stderr).toMatch(/Applied: 0 created, 0 updated, 0 moved, 0 deleted\b.*7 conflicts/);
    expect((await apiRequest(handle, 'GET', '/api/library-elements/lp-an')).status).toBe(404);
    expect((await apiRequest(handle, 'GET', '/api/folders/an-sub')).status).toBe(404);
    expect((await getDashboard(handle, 'an-2')).status).toBe(404);

    // The JSON result counts them as conflicts, each naming the takeover (and the folder made inside it that it would go into).
    const json = await dashsync(handle, ours, ['apply', '--prune', '--auto-approve', '--format', 'json']);
    const result = json.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; conflicts?: { uid: string; action: string; takeover?: { folderUid: string; into?: { uid: string } } }[] }).at(-1)!;
    expect(result.conflicts?.map((conflict) => [conflict.uid, conflict.action, conflict.takeover?.folderUid, conflict.takeover?.into?.uid ?? null]).sort()).toEqual(
      [
        ['an-1', 'create', 'data-team', null],
        ['an-2', 'create', 'data-team', 'an-sub'],
        ['an-sub', 'folder-create', 'data-team', null],
        ['data-etl', 'delete', 'data-team', null],
        ['data-quality', 'delete', 'data-team', null],
        ['data-team', 'folder-update', 'data-team', null],
        ['lp-an', 'library-panel-create', 'data-team', null],
      ].sort(),
    );
  });

  it("says what may have happened to a folder the tree made, renamed in Grafana and holding a person's unpushed dashboard: held either way (fixe-67)", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const ours = await emptyWorkspace();
    await writeJson(ours, 'dashboards/ops/_folder.json', { uid: 'ops', title: 'Ops' });
    await writeJson(ours, 'dashboards/ops/board.json', board('ops-board', 'Ops board'));
    await commitAll(ours, 'ops');
    expect((await dashsync(handle, ours, ['apply', '--auto-approve'])).code).toBe(0);
    const someone = bearerHeaders(await handle.createToken('Admin'));
    expect((await apiRequest(handle, 'PUT', '/api/folders/ops', { title: 'Operations', overwrite: true }, someone)).status).toBe(200);
    expect((await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: board('oncall', 'On call'), folderUid: 'ops' }, someone)).status).toBe(200);

    const plan = await dashsync(handle, ours, ['plan', '--prune']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(lines(plan.stdout)).toContain(
      `  ! folder takeover: this plan takes over folder "Operations" (ops), which holds the tree's own ops-board beside dashboards dashsync never pushed ` +
        "(a folder of this tree's renamed in Grafana and added to there, or one made there that an earlier apply put the tree's dashboards into): " +
        'dashboards/ops/_folder.json renames it "Ops" and prune deletes its dashboard no file holds, none of which dashsync pushed (oncall). ' +
        "If that folder is not this tree's, give dashboards/ops/_folder.json a uid of its own",
    );
    expect(plan.stdout).not.toContain("made in Grafana, never dashsync's");

    const auto = await dashsync(handle, ours, ['apply', '--prune', '--auto-approve']);
    expect(auto.code).toBe(1);
    expect(lines(auto.stderr)).toContainEqual(
      expect.stringContaining(
        'conflict: oncall "On call" not deleted: dashboards/ops/_folder.json takes over folder "Operations" (ops), which holds dashboards dashsync never pushed beside the tree\'s own ' +
          "(a folder of this tree's renamed in Grafana and added to there, or one made there that an earlier apply put the tree's dashboards into), and no one reviewed a plan that takes it over",
      ),
    );
    expect(auto.stderr).not.toContain('made in Grafana, none of its dashboards');
    expect((await getDashboard(handle, 'oncall')).status).toBe(200);
    expect((await apiRequest(handle, 'GET', '/api/folders/ops')).body.title).toBe('Operations');
  });

  it('is no takeover where the tree made and keeps the folder (review-63 M1), under /api where the listing says nothing of who pushed', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const ours = await emptyWorkspace();
    await writeJson(ours, 'dashsync.config.json', { api: 'legacy' });
    // `team` was this tree's as it is now (its _folder.json in the commit before); `ops` is a directory's folder dashsync pushed a dashboard into.
    await writeJson(ours, 'dashboards/team/_folder.json', { uid: 'team', title: 'Team' });
    await writeJson(ours, 'dashboards/team/old-a.json', board('old-a', 'Old A'));
    await writeJson(ours, 'dashboards/team/api/board.json', board('api-board', 'API board'));
    await writeJson(ours, 'dashboards/ops/old-b.json', board('old-b', 'Old B'));
    await writeJson(ours, 'dashboards/ops/api/board.json', board('ops-board', 'Ops board'));
    await commitAll(ours, 'team and ops');
    const first = await dashsync(handle, ours, ['apply', '--auto-approve']);
    expect(first.code, first.stderr).toBe(0);
    await writeJson(ours, 'dashboards/team/_folder.json', { uid: 'team', title: 'Team Platform' });
    await writeJson(ours, 'dashboards/ops/_folder.json', { uid: deriveFolderUid('ops'), title: 'Operations' });
    await git(ours, 'rm', '-q', 'dashboards/team/old-a.json', 'dashboards/ops/old-b.json');
    await commitAll(ours, 'rename the team and ops folders');

    const plan = await dashsync(handle, ours, ['plan', '--prune']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).not.toContain('folder takeover');
    const auto = await dashsync(handle, ours, ['apply', '--prune', '--auto-approve']);
    expect(auto.code, auto.stderr).toBe(0);
    expect((await apiRequest(handle, 'GET', '/api/folders/team')).body.title).toBe('Team Platform');
    expect((await apiRequest(handle, 'GET', `/api/folders/${deriveFolderUid('ops')}`)).body.title).toBe('Operations');
    expect((await getDashboard(handle, 'old-a')).status).toBe(404);
    expect((await getDashboard(handle, 'old-b')).status).toBe(404);
  });

  it('under api "legacy", whose prune holds the dashboards dashsync did not save last, warns of the rename, which an apply no one reviewed holds (own-64)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const ours = await dataTeamClaimed(handle, 'legacy');

    const plan = await dashsync(handle, ours, ['plan', '--prune']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(lines(plan.stdout)).toContain(
      `  ! folder takeover: this plan takes over folder "Data Team" (data-team), made in Grafana, never dashsync's: dashboards/analytics/_folder.json renames it "Analytics" ` +
        'and prune holds its 2 dashboards no file holds, none of which dashsync pushed (data-etl, data-quality); api "legacy" deletes only dashboards dashsync saved last, ' +
        "so they stay in it under the new title. If that folder is not this tree's, give dashboards/analytics/_folder.json a uid of its own",
    );
    expect(lines(plan.stdout).filter((line) => line.startsWith('- delete'))).toEqual([]);

    // review-65a M1: at a terminal, the rename an unreviewed apply holds is asked about, even as the only loss; "no" writes nothing.
    expect(await answerNoAtTerminal(handle, ours)).toContain(
      'This apply renames 1 folder made in Grafana that a _folder.json takes over (folder takeover); --auto-approve applies without asking, keeping the folder takeovers (the rename of each folder and what the tree would put in it) as conflicts (add --force to take them).',
    );
    expect((await apiRequest(handle, 'GET', '/api/folders/data-team')).body.title).toBe('Data Team');
    expect((await getDashboard(handle, 'an-1')).status).toBe(404);

    const auto = await dashsync(handle, ours, ['apply', '--prune', '--auto-approve']);
    expect(auto.code).toBe(1);
    expect(lines(auto.stderr)).toContain(takeoverHeld('folder "Data Team" (data-team) not renamed "Analytics"'));
    expect((await apiRequest(handle, 'GET', '/api/folders/data-team')).body.title).toBe('Data Team');
    for (const uid of ['data-etl', 'data-quality']) expect((await getDashboard(handle, uid)).status).toBe(200);

    // A reviewed plan file renames it; the dashboards stay, held.
    expect((await dashsync(handle, ours, ['plan', '--prune', '--out', 'plan.json'])).code).toBe(0);
    const applied = await dashsync(handle, ours, ['apply', 'plan.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect((await apiRequest(handle, 'GET', '/api/folders/data-team')).body.title).toBe('Analytics');
    for (const uid of ['data-etl', 'data-quality']) expect((await getDashboard(handle, uid)).status).toBe(200);
  });

  it("takes no unreadable version history (a Viewer's through /api) for evidence that dashsync never pushed the folder's dashboards: it says that is not known (fix-63b leftover)", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const ours = await dataTeamClaimed(handle, 'legacy');
    const viewer = { kind: 'token' as const, token: await handle.createToken('Viewer') };

    const plan = await dashsync(handle, ours, ['plan', '--prune'], viewer);
    expect(plan.code, plan.stderr).toBe(0);
    const out = lines(plan.stdout);
    expect(plan.stdout).not.toContain("made in Grafana, never dashsync's:");
    expect(out).toContain(
      '  ! folder takeover not judged: this plan may take over folder "Data Team" (data-team): dashboards/analytics/_folder.json renames it "Analytics" ' +
        'and prune deletes its 2 dashboards no file holds (data-etl, data-quality), and the version history that shows whether dashsync pushed data-etl, data-quality could not be read ' +
        "(these credentials may not read it, or Grafana could not list it), so whether the folder was made in Grafana, never dashsync's, is not known. " +
        "If that folder is not this tree's, give dashboards/analytics/_folder.json a uid of its own",
    );
    const json = await dashsync(handle, ours, ['plan', '--prune', '--format', 'json'], viewer);
    expect((JSON.parse(json.stdout) as { warnings: { rule?: string; uid: string | null }[] }).warnings.filter((warning) => warning.rule?.startsWith('folder-takeover'))).toEqual([
      expect.objectContaining({ rule: 'folder-takeover-not-judged', uid: 'data-team', file: 'dashboards/analytics/_folder.json' }),
    ]);
  });
});

/** Folder "Data Team" (data-team) made and filled in Grafana by someone else; a tree (`api` in its config, if given) whose _folder.json claims that uid as "Analytics". */
/** `dashsync apply --prune` at a terminal in `ours`, answered "no" (exit 1): the screen's lines. */
async function answerNoAtTerminal(handle: Awaited<ReturnType<typeof startTestSandbox>>, ours: string): Promise<string[]> {
  refuseStaleDist();
  const env = cleanEnv({ GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' });
  const run = runInTerminal(`exec '${process.execPath}' '${CLI_PATH}' apply --prune`, { cwd: ours, env });
  await run.shows("Only 'yes' will be accepted: ");
  run.type('no\r');
  expect(await run.closed).toEqual({ code: 1 });
  return renderScreen(run.output()).lines;
}

async function dataTeamClaimed(handle: Awaited<ReturnType<typeof startTestSandbox>>, api?: 'legacy', more: Record<string, unknown> = {}): Promise<string> {
  // Someone else's credentials: a first version saved with dashsync's own reads as dashsync's push in the history.
  const someone = bearerHeaders(await handle.createToken('Admin'));
  expect((await apiRequest(handle, 'POST', '/api/folders', { uid: 'data-team', title: 'Data Team' }, someone)).status).toBe(200);
  for (const [uid, title] of [['data-etl', 'ETL jobs'], ['data-quality', 'Data quality']] as const) {
    const made = await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: board(uid, title), folderUid: 'data-team' }, someone);
    expect(made.status, made.text).toBe(200);
  }
  const ours = await emptyWorkspace();
  if (api !== undefined) await writeJson(ours, 'dashsync.config.json', { api });
  await writeJson(ours, 'dashboards/analytics/_folder.json', { uid: 'data-team', title: 'Analytics' });
  await writeJson(ours, 'dashboards/analytics/board.json', board('an-1', 'Analytics board'));
  for (const [path, value] of Object.entries(more)) await writeJson(ours, path, value);
  await commitAll(ours, 'analytics');
  return ours;
}
