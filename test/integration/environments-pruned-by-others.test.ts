import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { lines, readJson, saveLive, writeJson } from '../e2e/plan/plan-fixture.js';
import { appliedTree, dashsyncAsAdmin as dashsync, orphanInTeam } from '../helpers/orphan-in-team.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { grid, gridItem, v2Spec } from '../unit/v2-builders.js';

// Each test runs the CLI (in-process) several times.
vi.setConfig({ testTimeout: 120_000 });

// env-61 (stop 60 §11.4): ops (prune off) and team (prune on) share one Grafana org and one folder; team's apply deletes a
// dashboard made by hand there. ops' plan (its PR comment) said nothing of it, and a restore through ops said only "a prune
// that covers it deletes it again": team's next apply did.

const exists = async (handle: SandboxHandle, uid: string) => (await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`)).status === 200;

interface JsonPlan {
  target: { environment: string };
  dashboards: { action: string; uid: string }[];
  warnings: { message: string }[];
}

const deletes = (plan: JsonPlan) => plan.dashboards.filter((dashboard) => dashboard.action === 'delete').map((dashboard) => dashboard.uid);

/** ops (every file, prune off) and team (its directory, prune `teamPrune`), one org; `root` as the config file reaches the tree. */
function config(handle: SandboxHandle, teamPrune: false | 'folders' = 'folders', root = 'dashboards') {
  return { api: 'legacy', root, environments: { ops: { url: handle.url, prune: false }, team: { url: handle.url, include: ['team'], prune: teamPrune } } };
}

const TOLD = (command: string) =>
  `1 dashboard in folder "Team" that no file holds is deleted by environment team's next apply, which prunes there unless its maxDeletes refuses that apply (${command} shows it); ` +
  'prune off here keeps only what no environment that prunes owns; to keep it, give it a file in the tree';

describe("a plan with prune off names another environment's apply that deletes in its folders", () => {
  it("ops' plan says team's apply deletes the dashboard made by hand in Team, in every format and in a run of both; with team's prune off it says nothing", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await orphanInTeam(handle, config(handle));

    const text = await dashsync(dir, ['plan', '--env', 'ops']);
    const markdown = await dashsync(dir, ['plan', '--env', 'ops', '--format', 'markdown']);
    const all = await dashsync(dir, ['plan', '--all-envs', '--format', 'json']);

    expect([text.code, markdown.code, all.code], text.stderr + markdown.stderr + all.stderr).toEqual([0, 0, 0]);
    expect(lines(text.stdout)).toContain(`  ! ${TOLD('dashsync plan --env team')}`);
    expect(lines(text.stdout).filter((line) => line.startsWith('- delete'))).toEqual([]);
    // The PR comment is the markdown plan.
    expect(markdown.stdout).toContain("deleted by environment team's next apply, which prunes there unless its maxDeletes refuses that apply (dashsync plan --env team shows it)");
    const plans = JSON.parse(all.stdout).plans as JsonPlan[];
    const ops = plans.find((plan) => plan.target.environment === 'ops')!;
    const team = plans.find((plan) => plan.target.environment === 'team')!;
    expect([deletes(ops), deletes(team)]).toEqual([[], ['old-board']]);
    expect(ops.warnings.map((warning) => warning.message)).toContain(TOLD('dashsync plan --env team'));

    await writeJson(dir, 'dashsync.config.json', config(handle, false));
    const off = await dashsync(dir, ['plan', '--env', 'ops']);
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).not.toContain('deleted by environment');
  });

  it("on Grafana 13 through /apis (listed without titles) ops' plan says the same", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const { api, ...throughApis } = config(handle);
    const dir = await orphanInTeam(handle, throughApis);

    const json = await dashsync(dir, ['plan', '--env', 'ops', '--format', 'json']);

    expect(json.code, json.stderr).toBe(0);
    const plan = JSON.parse(json.stdout) as JsonPlan;
    expect(deletes(plan)).toEqual([]);
    expect(plan.warnings.map((warning) => warning.message)).toContain(TOLD('dashsync plan --env team'));
  });

  it("with --config in a subdirectory and a typed --include, the command repeats --config, not the include, which narrows ops' run alone (team is judged by its own), and pasted as printed plans the delete", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await orphanInTeam(handle, config(handle));
    await writeJson(dir, 'ops/dashsync.config.json', config(handle, 'folders', '../dashboards'));
    await rm(join(dir, 'dashsync.config.json'));

    const text = await dashsync(dir, ['plan', '--config', 'ops/dashsync.config.json', '--env', 'ops', '--include', 'team']);

    expect(text.code, text.stderr).toBe(0);
    const told = lines(text.stdout).find((line) => line.includes('deleted by environment team'));
    expect(told).toBe(`  ! ${TOLD('dashsync plan --env team --config ops/dashsync.config.json')}`);
    const advised = /\(dashsync (plan .*) shows it\)/.exec(told!)![1]!.split(' ');
    const pasted = await dashsync(dir, [...advised, '--format', 'json']);
    expect(pasted.code, pasted.stderr).toBe(0);
    expect(deletes(JSON.parse(pasted.stdout) as JsonPlan)).toEqual(['old-board']);
  });
});

describe("ops' plan judges team's candidates as team's plan does under api legacy on Grafana 12 (own-63)", () => {
  it("does not name a dashboard made by hand that team's legacy plan holds (owners-not-seen), and names it where team plans through /apis", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await orphanInTeam(handle, config(handle));
    // A second save by hand: its history shows dashsync did not save it last, so team's plan through /api on 12 may not delete it.
    await saveLive(handle, { uid: 'old-board', title: 'Old board', panels: [{ id: 1, type: 'text', title: 'Note', gridPos: { x: 0, y: 0, w: 6, h: 4 } }] }, 'team', 'by hand again');

    const team = await dashsync(dir, ['plan', '--env', 'team', '--format', 'json']);
    const ops = await dashsync(dir, ['plan', '--env', 'ops']);

    expect([team.code, ops.code], team.stderr + ops.stderr).toEqual([0, 0]);
    const held = JSON.parse(team.stdout) as JsonPlan;
    expect(deletes(held)).toEqual([]);
    const warnings = held.warnings as unknown as { kind: string; uids?: string[] }[];
    expect(warnings.filter((warning) => warning.kind === 'owners-not-seen').map((warning) => warning.uids)).toEqual([['old-board']]);
    expect(ops.stdout).not.toContain('that no file holds');

    // team through /apis (api auto) sees that no tool manages it, and deletes it: ops (still legacy) says so.
    const mixed = { ...config(handle), environments: { ops: { url: handle.url, prune: false }, team: { url: handle.url, include: ['team'], prune: 'folders', api: 'auto' } } };
    await writeJson(dir, 'dashsync.config.json', mixed);
    const autoTeam = await dashsync(dir, ['plan', '--env', 'team', '--format', 'json']);
    const told = await dashsync(dir, ['plan', '--env', 'ops']);
    expect([autoTeam.code, told.code], autoTeam.stderr + told.stderr).toEqual([0, 0]);
    expect(deletes(JSON.parse(autoTeam.stdout) as JsonPlan)).toEqual(['old-board']);
    expect(lines(told.stdout)).toContain(`  ! ${TOLD('dashsync plan --env team')}`);
  });
});

describe("ops' plan with credentials that may not read version history, where team plans through /api on Grafana 12 (own-64)", () => {
  it("says team's apply may delete the dashboard made by hand, if dashsync saved it last, instead of counting it as held or as a delete", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await orphanInTeam(handle, config(handle));
    const viewer = { GRAFANA_TOKEN: await handle.createToken('Viewer') };

    const ops = await runCliInProcess(['plan', '--env', 'ops'], { cwd: dir, env: viewer });

    expect(ops.code, ops.stderr).toBe(0);
    expect(lines(ops.stdout)).toContain(
      `  ! 1 dashboard in folder "Team" that no file holds may be deleted by environment team's next apply, which prunes there through /api (api "legacy"), ` +
        'if dashsync saved it last and its maxDeletes does not refuse that apply: its apply reads its version history, which these credentials may not read (dashsync plan --env team shows it); ' +
        'prune off here keeps only what no environment that prunes owns; to keep it, give it a file in the tree',
    );
    // The admin's plan for ops, which reads that history (dashsync's credentials saved it first), says team's apply deletes it.
    expect(lines((await dashsync(dir, ['plan', '--env', 'ops'])).stdout)).toContain(`  ! ${TOLD('dashsync plan --env team')}`);
  });
});

describe("ops' plan names every environment whose apply deletes, and library panels", () => {
  it('a dashboard at the General level two environments that prune all delete is named with both, once', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const environments = {
      ops: { url: handle.url, include: ['top.json', 'team'], prune: false },
      team: { url: handle.url, include: ['team'], prune: 'all' },
      prod: { url: handle.url, include: ['prod'], prune: 'all' },
    };
    const dir = await appliedTree({ api: 'legacy', root: 'dashboards', environments }, {
      'dashboards/top.json': { uid: 'top', title: 'Top', panels: [] },
      'dashboards/team/_folder.json': { uid: 'team', title: 'Team' },
      'dashboards/team/t1.json': { uid: 't1', title: 'Team one', panels: [] },
      'dashboards/prod/_folder.json': { uid: 'prod', title: 'Prod' },
      'dashboards/prod/p1.json': { uid: 'p1', title: 'Prod one', panels: [] },
    }, ['ops', 'team', 'prod']);
    expect((await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: { uid: 'loose', title: 'Loose board', panels: [] }, message: 'by hand' })).status).toBe(200);

    const text = await dashsync(dir, ['plan', '--env', 'ops']);
    const all = await dashsync(dir, ['plan', '--all-envs', '--format', 'json']);

    expect([text.code, all.code], text.stderr + all.stderr).toEqual([0, 0]);
    expect(lines(text.stdout).filter((line) => line.includes('that no file holds'))).toEqual([
      '  ! 1 dashboard at the General level that no file holds is deleted by whichever of environments team and prod applies next, as each prunes there unless its maxDeletes ' +
        'refuses that apply (dashsync plan --env team and dashsync plan --env prod show it); prune off here keeps only what no environment that prunes owns; to keep it, give it a file in the tree',
    ]);
    // Both plans do delete it.
    const plans = JSON.parse(all.stdout).plans as JsonPlan[];
    expect(plans.map((plan) => [plan.target.environment, deletes(plan)])).toEqual([['ops', []], ['team', ['loose']], ['prod', ['loose']]]);
    // The Action's words (a saved plan keeps both) name its plan steps' input.
    expect((await dashsync(dir, ['plan', '--env', 'ops', '--out', 'ops.plan.json'])).code).toBe(0);
    const saved = (await readJson(dir, 'ops.plan.json')) as { warnings: { actionMessage?: string }[] };
    expect(saved.warnings.map((warning) => warning.actionMessage).filter((message) => message?.includes('that no file holds'))).toEqual([
      '1 dashboard at the General level that no file holds is deleted by whichever of environments team and prod applies next, as each prunes there unless its maxDeletes ' +
        'refuses that apply (the plan steps with environment: team and environment: prod show it); prune off here keeps only what no environment that prunes owns; to keep it, give it a file in the tree',
    ]);
  });

  it("names the library panels team's prune deletes in Team with the dashboard, not one a dashboard team keeps uses", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await orphanInTeam(handle, config(handle));
    const panel = (uid: string, name: string) => ({ uid, name, kind: 1, folderUid: 'team', model: { type: 'stat', title: name } });
    for (const [uid, name] of [['lp-old', 'Old panel'], ['lp-held', 'Held by old board'], ['lp-kept', 'Held by top']] as const) {
      expect((await apiRequest(handle, 'POST', '/api/library-elements', panel(uid, name))).status).toBe(200);
    }
    const using = (uid: string, name: string) => [{ id: 1, type: 'stat', title: name, gridPos: { x: 0, y: 0, w: 6, h: 4 }, libraryPanel: { uid, name } }];
    // Made again in one save, so its history is one version by these credentials (as orphanInTeam's): under api "legacy" on 12
    // a second save by hand would hold team's delete of it (owners-not-seen), and lp-held with it.
    expect((await apiRequest(handle, 'DELETE', '/api/dashboards/uid/old-board')).status).toBe(200);
    await saveLive(handle, { uid: 'old-board', title: 'Old board', panels: using('lp-held', 'Held by old board') }, 'team', 'by hand');
    // A dashboard at the General level, which team's prune of folders leaves, uses lp-kept: team's plan keeps it.
    expect((await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: { uid: 'top', title: 'Top', panels: using('lp-kept', 'Held by top') } })).status).toBe(200);

    const text = await dashsync(dir, ['plan', '--env', 'ops']);
    const team = await dashsync(dir, ['plan', '--env', 'team', '--format', 'json']);

    expect([text.code, team.code], text.stderr + team.stderr).toEqual([0, 0]);
    expect(lines(text.stdout).filter((line) => line.includes('that no file holds'))).toEqual([
      '  ! 1 dashboard and 2 library panels in folder "Team" that no file holds are deleted by environment team\'s next apply, which prunes there unless its maxDeletes ' +
        'refuses that apply (dashsync plan --env team shows them); prune off here keeps only what no environment that prunes owns; to keep them, give each a file in the tree',
    ]);
    const planned = JSON.parse(team.stdout) as JsonPlan & { libraryPanels: { action: string; uid: string }[] };
    expect(planned.libraryPanels.filter((entry) => entry.action === 'delete').map((entry) => entry.uid).sort()).toEqual(['lp-held', 'lp-old']);
  });
});

describe("ops' plan judges a library panel's v2 users as team's plan does (Grafana 12.3 leaves them out of its connections)", () => {
  /** A v2 spec (the dynamic-dashboards editor's) holding library panel `panelUid`. */
  const libraryV2Spec = (uid: string, panelUid: string) =>
    v2Spec({ elements: { 'panel-1': { kind: 'LibraryPanel', spec: { id: 1, title: 'Shared', libraryPanel: { uid: panelUid, name: 'Used by v2' } } } }, layout: grid(gridItem('panel-1')), title: `Dynamic ${uid}` });

  it("does not name a library panel in Team that only a v2 dashboard at the General level uses: team's plan keeps it", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await orphanInTeam(handle, { ...config(handle), api: 'auto' });
    const panel = { uid: 'lp-v2', name: 'Used by v2', kind: 1, folderUid: 'team', model: { type: 'stat', title: 'Used by v2' } };
    expect((await apiRequest(handle, 'POST', '/api/library-elements', panel)).status).toBe(200);
    const saved = await apiRequest(handle, 'POST', '/apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards', { metadata: { name: 'dyn', annotations: {} }, spec: libraryV2Spec('dyn', 'lp-v2') });
    expect(saved.status, saved.text).toBe(201);

    const team = await dashsync(dir, ['plan', '--env', 'team', '--format', 'json']);
    const ops = await dashsync(dir, ['plan', '--env', 'ops']);

    expect([team.code, ops.code], team.stderr + ops.stderr).toEqual([0, 0]);
    const planned = JSON.parse(team.stdout) as JsonPlan & { libraryPanels: { action: string; uid: string }[] };
    expect(deletes(planned)).toEqual(['old-board']);
    expect(planned.libraryPanels.filter((entry) => entry.action === 'delete')).toEqual([]);
    expect(lines(ops.stdout).filter((line) => line.includes('that no file holds'))).toEqual([`  ! ${TOLD('dashsync plan --env team')}`]);
  });
});

describe('a folder below one another tool keeps (Grafana 13)', () => {
  it("ops' plan does not name a dashboard there, which team's plan leaves as in a folder another tool manages", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const { api, ...throughApis } = config(handle);
    const dir = await orphanInTeam(handle, throughApis);
    // Team put below Platform, which Git Sync then took over: Team carries no manager of its own.
    expect((await apiRequest(handle, 'POST', '/api/folders', { uid: 'platform', title: 'Platform' })).status).toBe(200);
    expect((await apiRequest(handle, 'POST', '/api/folders/team/move', { parentUid: 'platform' })).status).toBe(200);
    expect((await apiRequest(handle, 'POST', '/__sandbox/git-sync', { folder: { uid: 'platform', title: 'Platform' }, repository: 'infra', path: 'platform/' })).status).toBe(200);

    const ops = await dashsync(dir, ['plan', '--env', 'ops', '--format', 'json']);
    const team = await dashsync(dir, ['plan', '--env', 'team', '--format', 'json']);

    expect([ops.code, team.code], ops.stderr + team.stderr).toEqual([0, 0]);
    const [opsPlan, teamPlan] = [JSON.parse(ops.stdout) as JsonPlan, JSON.parse(team.stdout) as JsonPlan];
    expect(deletes(teamPlan)).toEqual([]);
    expect(teamPlan.warnings.map((warning) => warning.message).filter((message) => message.includes('in a folder another tool manages'))).toHaveLength(1);
    expect(opsPlan.warnings.map((warning) => warning.message).filter((message) => message.includes('that no file holds'))).toEqual([]);
  });
});

describe("restore through an environment with prune off names the environment whose apply deletes the dashboard again", () => {
  it('restore --env ops, its dry run and its JSON say team\'s next apply deletes it again, which it does; a file pulled keeps it', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await orphanInTeam(handle, config(handle));
    const applied = await dashsync(dir, ['apply', '--env', 'team', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await exists(handle, 'old-board')).toBe(false);

    const again =
      "old-board has no file in the tree: environment team's next apply deletes it again, as its prune covers it, unless a file of the tree holds it by then " +
      '(dashsync plan --env team shows the delete); run dashsync pull --env ops old-board to write it';
    const dryRun = await dashsync(dir, ['restore', '--env', 'ops', 'old-board', '--dry-run']);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(lines(dryRun.stdout)).toContain(again);
    expect(await exists(handle, 'old-board')).toBe(false);

    const restored = await dashsync(dir, ['restore', '--env', 'ops', 'old-board']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(lines(restored.stdout)).toContain(again);
    expect(await exists(handle, 'old-board')).toBe(true);
    // The line is true: team's next plan deletes it again.
    const teamPlan = await dashsync(dir, ['plan', '--env', 'team', '--format', 'json']);
    expect(deletes(JSON.parse(teamPlan.stdout) as JsonPlan)).toEqual(['old-board']);

    expect((await apiRequest(handle, 'DELETE', '/api/dashboards/uid/old-board')).status).toBe(200);
    const json = await dashsync(dir, ['restore', '--env', 'ops', 'old-board', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const noFile = lines(json.stdout).map((line) => JSON.parse(line)).find((line) => line.type === 'no-file');
    expect(noFile).toEqual({ type: 'no-file', uids: ['old-board'], text: again, prunedBy: 'team' });

    // Following it: the pulled file holds the dashboard, and team's plan keeps it.
    const pulled = await dashsync(dir, ['pull', '--env', 'ops', 'old-board']);
    expect(pulled.code, pulled.stderr).toBe(0);
    const kept = await dashsync(dir, ['plan', '--env', 'team', '--format', 'json']);
    expect(deletes(JSON.parse(kept.stdout) as JsonPlan)).toEqual([]);
  });
});

describe("restore's dry run of a dashboard only Recently deleted holds", () => {
  it("names the environment whose apply deletes it again, as the run does (13: no backup of a dashboard deleted by hand)", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const { api, ...throughApis } = config(handle);
    const dir = await orphanInTeam(handle, throughApis);
    expect((await apiRequest(handle, 'DELETE', '/api/dashboards/uid/old-board')).status).toBe(200);
    const again =
      "old-board has no file in the tree: environment team's next apply deletes it again, as its prune covers it, unless a file of the tree holds it by then " +
      '(dashsync plan --env team shows the delete); run dashsync pull --env ops old-board to write it';

    const dryRun = await dashsync(dir, ['restore', '--env', 'ops', 'old-board', '--dry-run']);

    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toContain('"Recently deleted"');
    expect(lines(dryRun.stdout)).toContain(again);
    expect(await exists(handle, 'old-board')).toBe(false);
    const restored = await dashsync(dir, ['restore', '--env', 'ops', 'old-board']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(lines(restored.stdout)).toContain(again);
  });
});

describe('an environment with an exclude and no include', () => {
  it("is said to leave the file in with its exclude, not to select it with its include", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const environments = { a: { url: handle.url, include: ['team/a1.json'], prune: 'folders' }, b: { url: handle.url, exclude: ['team/a1.json'], prune: 'folders' } };
    const dir = await appliedTree({ api: 'legacy', root: 'dashboards', environments }, {
      'dashboards/team/_folder.json': { uid: 'team', title: 'Team' },
      'dashboards/team/a1.json': { uid: 'a1', title: 'A one', panels: [] },
      'dashboards/team/b1.json': { uid: 'b1', title: 'B one', panels: [] },
    }, ['a', 'b']);
    await saveLive(handle, { uid: 'hand', title: 'Hand board', panels: [] }, 'team', 'by hand');

    const text = await dashsync(dir, ['plan', '--env', 'a']);

    expect(text.code, text.stderr).toBe(0);
    expect(lines(text.stdout)).toContain('  ! 1 dashboard in folder "Team" left to environment b (its exclude leaves the file in; dashsync plan --env b prunes it)');
    expect(text.stdout).not.toContain('its include');
  });
});

