import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { deriveFolderUid } from '../../src/files/folder-uid.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { copyFixture, lines, saveLive, writeJson } from '../e2e/plan/plan-fixture.js';
import { commitAll } from '../pull/pull-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Each test runs the CLI (in-process) several times.
vi.setConfig({ testTimeout: 120_000 });

const TEAM_A = deriveFolderUid('team-a');
const TEAM_B = deriveFolderUid('team-b');

/** dashsync in `dir`, the url from each environment of the config (no GRAFANA_URL), as the admin. */
const dashsync = (dir: string, args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
const exists = async (handle: SandboxHandle, path: string) => (await apiRequest(handle, 'GET', path)).status === 200;

/** Two environments of one Grafana org (its url written two ways, orgId 1 once by default), each selecting its own directory. */
async function twoTeamsOneOrg(handle: SandboxHandle, prune: 'folders' | 'all' | false): Promise<string> {
  const dir = await copyFixture('basic');
  await writeJson(dir, 'dashsync.config.json', {
    api: 'legacy',
    prune,
    environments: {
      a: { url: handle.url, include: ['team-a'] },
      b: { url: `${handle.url}/`, orgId: 1, include: ['team-b'] },
    },
  });
  await writeJson(dir, 'dashboards/team-a/a1.json', { uid: 'a1', title: 'A one', panels: [] });
  await writeJson(dir, 'dashboards/team-b/b1.json', { uid: 'b1', title: 'B one', panels: [] });
  await writeJson(dir, 'dashboards/team-b/b2.json', { uid: 'b2', title: 'B two', panels: [] });
  await keepOnlyEnvironmentDirectories(dir);
  return dir;
}

/** Only the environments' directories: the fixture's other files, which no environment selects, are a warning of their own (check-48's test below). */
async function keepOnlyEnvironmentDirectories(dir: string): Promise<void> {
  for (const path of ['dashboards/apps', 'dashboards/infra', 'dashboards/overview.json']) await rm(join(dir, path), { recursive: true });
}

/** dev and prod in one Grafana org (prod's url with a slash), each selecting its own directory. */
const devAndProd = (handle: SandboxHandle, prodUrl = `${handle.url}/`) => ({
  api: 'legacy',
  environments: { dev: { url: handle.url, include: ['dev'] }, prod: { url: prodUrl, include: ['prod'] } },
});

async function devAndProdOneOrg(handle: SandboxHandle): Promise<string> {
  const dir = await copyFixture('basic');
  await keepOnlyEnvironmentDirectories(dir);
  await writeJson(dir, 'dashsync.config.json', devAndProd(handle));
  return dir;
}

/** prod moved to another Grafana: dev's plan has nothing to warn about. */
async function expectNoWarningsApart(handle: SandboxHandle, dir: string): Promise<void> {
  await writeJson(dir, 'dashsync.config.json', devAndProd(handle, 'https://grafana.example.com'));
  const apart = await dashsync(dir, ['plan', '--env', 'dev', '--format', 'json']);
  expect(apart.code, apart.stderr).toBe(0);
  expect(JSON.parse(apart.stdout).warnings).toEqual([]);
}

describe('environments that share one Grafana org', () => {
  // check-48: the plan only counted such a file's dashboard among those not pruned.
  it('a file no environment selects is named in one warning (text and JSON); prune keeps its dashboard', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await twoTeamsOneOrg(handle, 'folders');
    await writeJson(dir, 'dashboards/legacy/old.json', { uid: 'old', title: 'Old', panels: [] });
    const LEGACY = deriveFolderUid('legacy');
    await apiRequest(handle, 'POST', '/api/folders', { uid: LEGACY, title: 'legacy' });
    await saveLive(handle, { uid: 'old', title: 'Old', panels: [] }, LEGACY, 'dashsync: abc before');
    const line =
      'dashsync.config.json:4:3: no environment selects dashboards/legacy/old.json: nothing deploys it, yet every plan that prunes keeps the dashboard or library panel it holds ' +
      "(whose it is cannot be told); add it to an environment's include (or take it out of its exclude) in dashsync.config.json, or remove the file (selected-by-no-environment)";

    const planned = await dashsync(dir, ['plan', '--env', 'a', '--format', 'json']);

    expect(planned.code, planned.stderr).toBe(0);
    const plan = JSON.parse(planned.stdout);
    expect(plan.summary.outsideSelection).toBe(1);
    expect(plan.dashboards.filter((dashboard: { action: string }) => dashboard.action === 'delete')).toEqual([]);
    expect(plan.warnings.filter((warning: { rule?: string }) => warning.rule === 'selected-by-no-environment')).toEqual([
      { kind: 'other', uid: null, message: line, file: 'dashsync.config.json', line: 4, col: 3, rule: 'selected-by-no-environment', files: ['dashboards/legacy/old.json'] },
    ]);
    const text = await dashsync(dir, ['plan', '--env', 'a']);
    expect(text.stdout).toContain(`! ${line}`);
    expect(text.stdout).toContain("1 not pruned (its file is outside environment a's selection)");
  });

  // walk-through 16 M-2: with prune off everywhere (the default) no one named such a file, and nothing ever deployed it.
  it('with prune off everywhere, the plan still names a file no environment selects (nothing deploys it), without the prune clause', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await twoTeamsOneOrg(handle, false);
    await writeJson(dir, 'dashboards/sandbox-team/new.json', { uid: 'new', title: 'New', panels: [] });
    const line =
      "dashsync.config.json:4:3: no environment selects dashboards/sandbox-team/new.json: nothing deploys it; add it to an environment's include in dashsync.config.json, " +
      "or, to leave it undeployed on purpose, to an environment's exclude (selected-by-no-environment)";

    const planned = await dashsync(dir, ['plan', '--env', 'a', '--format', 'json']);

    expect(planned.code, planned.stderr).toBe(0);
    expect(JSON.parse(planned.stdout).warnings.filter((warning: { rule?: string }) => warning.rule === 'selected-by-no-environment')).toEqual([
      { kind: 'other', uid: null, message: line, file: 'dashsync.config.json', line: 4, col: 3, rule: 'selected-by-no-environment', files: ['dashboards/sandbox-team/new.json'] },
    ]);
    expect((await dashsync(dir, ['plan', '--env', 'b'])).stdout).toContain(`! ${line}`);
  });

  it.each(['all', 'folders'] as const)('prune (%s) in one never deletes the dashboards or folders the other deploys', async (prune) => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await twoTeamsOneOrg(handle, prune);
    expect((await dashsync(dir, ['apply', '--env', 'b'])).code).toBe(0);
    // What prune should take: a dashboard of team-a's folder whose file is gone (and, with "all", one at the General level).
    await apiRequest(handle, 'POST', '/api/folders', { uid: TEAM_A, title: 'team-a' });
    await saveLive(handle, { uid: 'a-gone', title: 'A gone', panels: [] }, TEAM_A, 'dashsync: abc before');
    await saveLive(handle, { uid: 'stray', title: 'Stray', panels: [] }, '', 'ui');

    const applied = await dashsync(dir, ['apply', '--env', 'a']);

    expect([applied.code, applied.stderr]).toEqual([0, '']);
    const deleted = lines(applied.stdout).filter((line) => line.startsWith('- delete'));
    expect(deleted.map((line) => /uid ([\w-]+)/.exec(line)![1])).toEqual(prune === 'all' ? ['a-gone', 'stray'] : ['a-gone']);
    expect(applied.stdout).toContain("2 not pruned (their files are outside environment a's selection)");
    for (const uid of ['b1', 'b2', 'a1']) expect(await exists(handle, `/api/dashboards/uid/${uid}`)).toBe(true);
    expect(await exists(handle, `/api/folders/${TEAM_B}`)).toBe(true);

    // And the other way round: b's plan leaves a's alone.
    const back = await dashsync(dir, ['plan', '--env', 'b', '--format', 'json']);
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout).summary).toMatchObject({ delete: 0, folderDelete: 0, outsideSelection: 1 });
  });

  it("an orphan in a folder of the other environment's directory is left to that one: plan --all-envs deletes it once, apply of this one keeps it", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await twoTeamsOneOrg(handle, 'folders');
    expect((await dashsync(dir, ['apply', '--env', 'a'])).code).toBe(0);
    expect((await dashsync(dir, ['apply', '--env', 'b'])).code).toBe(0);
    // a's file of "A gone" was removed from git: no file holds it, and it sits in team-a's folder.
    await saveLive(handle, { uid: 'a-gone', title: 'A gone', panels: [] }, TEAM_A, 'dashsync: abc before');

    const planned = await dashsync(dir, ['plan', '--all-envs', '--format', 'json']);

    expect(planned.code, planned.stderr).toBe(0);
    const [inA, inB] = JSON.parse(planned.stdout).plans as { dashboards: { action: string; uid: string }[]; summary: Record<string, number>; warnings: { message: string }[] }[];
    expect(inA!.dashboards.filter((dashboard) => dashboard.action === 'delete').map((dashboard) => dashboard.uid)).toEqual(['a-gone']);
    expect(inA!.summary.otherEnvironments).toBeUndefined();
    expect(inB!.dashboards.filter((dashboard) => dashboard.action === 'delete')).toEqual([]);
    expect(inB!.summary).toMatchObject({ delete: 0, otherEnvironments: 1 });
    const left = '1 dashboard in folder "team-a" left to environment a (its directory; dashsync plan --env a prunes it)';
    expect(inB!.warnings.map((warning) => warning.message)).toEqual([left]);

    const applied = await dashsync(dir, ['apply', '--env', 'b', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`! ${left}`);
    expect(await exists(handle, '/api/dashboards/uid/a-gone')).toBe(true);
    const own = await dashsync(dir, ['apply', '--env', 'a', '--auto-approve']);
    expect(own.code, own.stderr).toBe(0);
    expect(await exists(handle, '/api/dashboards/uid/a-gone')).toBe(false);
  });

  it("an environment whose every file moved out plans the prune of what it left (a warning, not a stop); the other leaves that to it", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await twoTeamsOneOrg(handle, 'folders');
    await writeJson(dir, 'dashboards/team-b/b3.json', { uid: 'b3', title: 'B three', panels: [] });
    await commitAll(dir, 'two teams');
    expect((await dashsync(dir, ['apply', '--env', 'a'])).code).toBe(0);
    expect((await dashsync(dir, ['apply', '--env', 'b'])).code).toBe(0);
    // team-b's dashboards move to team-a, but for b3, whose file goes: b's include selects nothing now.
    await rm(join(dir, 'dashboards/team-b'), { recursive: true });
    await writeJson(dir, 'dashboards/team-a/b1.json', { uid: 'b1', title: 'B one', panels: [] });
    await writeJson(dir, 'dashboards/team-a/b2.json', { uid: 'b2', title: 'B two', panels: [] });
    await commitAll(dir, 'team-b joins team-a');

    const planned = await dashsync(dir, ['plan', '--env', 'a', '--format', 'json']);

    expect(planned.code, planned.stderr).toBe(0);
    const plan = JSON.parse(planned.stdout);
    expect(plan.dashboards.filter((dashboard: { action: string }) => dashboard.action === 'delete')).toEqual([]);
    expect(plan.folders.filter((folder: { action: string }) => folder.action === 'folder-delete')).toEqual([]);
    expect(plan.summary.otherEnvironments).toBe(1);
    expect(plan.warnings.map((warning: { message: string }) => warning.message)).toContain(
      '1 dashboard in folder "team-b" and folder "team-b" left to environment b (its directory; dashsync plan --env b prunes them)',
    );
    expect((await dashsync(dir, ['apply', '--env', 'a', '--auto-approve'])).code).toBe(0);
    expect(await exists(handle, '/api/dashboards/uid/b3')).toBe(true);

    // b plans though its include selects no file: it prunes what it left, and says why it runs at all.
    const own = await dashsync(dir, ['plan', '--env', 'b', '--format', 'json']);
    expect(own.code, own.stderr).toBe(0);
    const ownPlan = JSON.parse(own.stdout);
    expect(ownPlan.dashboards.map((dashboard: { action: string; uid: string }) => [dashboard.action, dashboard.uid])).toEqual([['delete', 'b3']]);
    expect(ownPlan.folders.map((folder: { action: string; uid: string }) => [folder.action, folder.uid])).toEqual([['folder-delete', TEAM_B]]);
    // pull-check-51: at b's include list in the config file, as check's environment-emptied line (main: no position).
    expect(ownPlan.warnings).toContainEqual({
      kind: 'other',
      uid: null,
      message:
        'dashsync.config.json:14:18: environment "b"\'s include in dashsync.config.json (team-b) selects no dashboard or library panel file: this plan only prunes what environment b left in Grafana ' +
        '(its folders and the dashboards and library panels no file holds there); to clean up, apply the environment its files moved to (a) first, then b, ' +
        'then remove environment b from dashsync.config.json; or fix its include',
      file: 'dashsync.config.json',
      line: 14,
      col: 18,
    });
    // One warning per cause: the include's glob gets no glob-unmatched warning of its own.
    expect(ownPlan.warnings.filter((warning: { message: string }) => warning.message.includes('glob "team-b"'))).toEqual([]);
    expect((await dashsync(dir, ['apply', '--env', 'b', '--auto-approve'])).code).toBe(0);
    expect(await exists(handle, '/api/dashboards/uid/b3')).toBe(false);
    expect(await exists(handle, `/api/folders/${TEAM_B}`)).toBe(false);
    for (const uid of ['b1', 'b2']) expect(await exists(handle, `/api/dashboards/uid/${uid}`)).toBe(true);

    // Without prune, the empty include still stops the run.
    const unpruned = await dashsync(dir, ['plan', '--env', 'b', '--no-prune']);
    expect(unpruned.code).not.toBe(0);
    expect(unpruned.stderr).toContain('selects no dashboard or library panel file');

    // An include git never saw select a file is a typo: plan stops as check does, before asking Grafana anything.
    await writeJson(dir, 'dashsync.config.json', { api: 'legacy', prune: 'folders', environments: { a: { url: handle.url, include: ['team-a'] }, b: { url: handle.url, include: ['taem-b'] } } });
    const requests = handle.requests().length;
    const typo = await dashsync(dir, ['plan', '--env', 'b']);
    expect([typo.code, typo.stdout]).toEqual([1, '']);
    expect(typo.stderr).toContain('error: environment "b"\'s include in dashsync.config.json (taem-b) selects no dashboard or library panel file below dashboards, nor any of the files git holds or held there (none moved out of it): fix its include');
    expect(handle.requests().length).toBe(requests);
  });

  it("a library panel whose _library/ file left the other environment's directory is left to that one, counted in the Plan: and Nothing to apply lines", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await twoTeamsOneOrg(handle, 'folders');
    await writeJson(dir, 'dashboards/team-a/_library/panel.json', { uid: 'lp-a', name: 'Panel A', kind: 1, model: { type: 'text' } });
    await commitAll(dir, 'two teams');
    expect((await dashsync(dir, ['apply', '--env', 'a'])).code).toBe(0);
    expect((await dashsync(dir, ['apply', '--env', 'b'])).code).toBe(0);
    await rm(join(dir, 'dashboards/team-a/_library'), { recursive: true });
    await commitAll(dir, 'a drops its panel');

    const planned = await dashsync(dir, ['plan', '--env', 'b', '--format', 'json']);

    expect(planned.code, planned.stderr).toBe(0);
    const plan = JSON.parse(planned.stdout);
    expect(plan.libraryPanels.filter((panel: { action: string }) => panel.action === 'delete')).toEqual([]);
    expect(plan.summary).toMatchObject({ libraryPanelDelete: 0, otherEnvironments: 1 });
    const left = '1 library panel in folder "team-a" left to environment a (its directory; dashsync plan --env a prunes it)';
    expect(plan.warnings.map((warning: { message: string }) => warning.message)).toEqual([left]);
    const text = await dashsync(dir, ['plan', '--env', 'b']);
    expect(text.stdout).toContain(', 1 not pruned (left to another environment of this Grafana org; see the warning).');
    const applied = await dashsync(dir, ['apply', '--env', 'b', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(lines(applied.stdout)).toContain(
      "Nothing to apply; 1 not pruned (its file is outside environment b's selection); 1 not pruned (left to another environment of this Grafana org; see the warning).",
    );
    expect(await exists(handle, '/api/library-elements/lp-a')).toBe(true);

    const own = await dashsync(dir, ['plan', '--env', 'a', '--format', 'json']);
    expect(own.code, own.stderr).toBe(0);
    expect(JSON.parse(own.stdout).libraryPanels.map((panel: { action: string; uid: string }) => [panel.action, panel.uid])).toEqual([['delete', 'lp-a']]);
  });

  it("an include naming single files: an orphan is judged by the file git last held it in, not by its title's file name", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    await writeJson(dir, 'dashsync.config.json', {
      api: 'legacy',
      prune: 'folders',
      environments: {
        a: { url: handle.url, include: ['shared/a1.json', 'shared/a2.json'] },
        b: { url: `${handle.url}/`, include: ['shared/b1.json'] },
      },
    });
    await writeJson(dir, 'dashboards/shared/a1.json', { uid: 'a1', title: 'First of A', panels: [] });
    await writeJson(dir, 'dashboards/shared/a2.json', { uid: 'a2', title: 'Second of A', panels: [] });
    await writeJson(dir, 'dashboards/shared/b1.json', { uid: 'b1', title: 'First of B', panels: [] });
    await commitAll(dir, 'one directory, two environments');
    expect((await dashsync(dir, ['apply', '--env', 'a'])).code).toBe(0);
    expect((await dashsync(dir, ['apply', '--env', 'b'])).code).toBe(0);
    await rm(join(dir, 'dashboards/shared/a2.json'));
    await commitAll(dir, 'a2 goes');

    const planned = await dashsync(dir, ['plan', '--all-envs', '--format', 'json']);

    expect(planned.code, planned.stderr).toBe(0);
    const [inA, inB] = JSON.parse(planned.stdout).plans as { dashboards: { action: string; uid: string }[]; summary: Record<string, number> }[];
    expect(inA!.dashboards.filter((dashboard) => dashboard.action === 'delete').map((dashboard) => dashboard.uid)).toEqual(['a2']);
    expect(inB!.dashboards.filter((dashboard) => dashboard.action === 'delete')).toEqual([]);
    expect(inB!.summary.otherEnvironments).toBe(1);
  });

  it('plan --all-envs warns in each plan about a uid both save from different files (each apply would undo the other)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await devAndProdOneOrg(handle);
    for (const env of ['dev', 'prod']) {
      await writeJson(dir, `dashboards/${env}/svc.json`, { uid: 'svc', title: `Service (${env})`, panels: [] });
      await writeJson(dir, `dashboards/${env}/_library/panel.json`, { uid: 'lp', name: `Panel (${env})`, kind: 1, model: { type: 'text' } });
    }

    const planned = await dashsync(dir, ['plan', '--all-envs', '--format', 'json']);

    expect(planned.code, planned.stderr).toBe(0);
    const warnings = (JSON.parse(planned.stdout).plans as { warnings: { message: string }[] }[]).map((plan) => plan.warnings.map((w) => w.message));
    const advice = "each apply undoes the other's; give one of the files another uid, or leave it out of one environment's include/exclude";
    expect(warnings).toEqual([
      [
        `uid "svc" is saved from dashboards/dev/svc.json here and from dashboards/prod/svc.json by environment prod, which deploys to the same Grafana org: ${advice}`,
        `library panel uid "lp" is saved from dashboards/dev/_library/panel.json here and from dashboards/prod/_library/panel.json by environment prod, which deploys to the same Grafana org: ${advice}`,
      ],
      [
        `uid "svc" is saved from dashboards/prod/svc.json here and from dashboards/dev/svc.json by environment dev, which deploys to the same Grafana org: ${advice}`,
        `library panel uid "lp" is saved from dashboards/prod/_library/panel.json here and from dashboards/dev/_library/panel.json by environment dev, which deploys to the same Grafana org: ${advice}`,
      ],
    ]);
    // The text plan of one environment says it too.
    const text = await dashsync(dir, ['plan', '--env', 'dev']);
    expect(text.stdout).toContain('uid "svc" is saved from dashboards/dev/svc.json here and from dashboards/prod/svc.json by environment prod');

    // prod in another Grafana: each has its own svc, nothing to warn about.
    await expectNoWarningsApart(handle, dir);
  });

  // env-56b (from env-56's walk): one folder uid in two environments' _folder.json files of one org was check's error only; each
  // apply retitled the folder, and no plan said so.
  it('plan warns in each plan about a folder uid two environments save from different _folder.json files', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await devAndProdOneOrg(handle);
    for (const env of ['dev', 'prod']) {
      await writeJson(dir, `dashboards/${env}/_folder.json`, { uid: 'team', title: `Team (${env})` });
      await writeJson(dir, `dashboards/${env}/${env}.json`, { uid: env, title: `Board (${env})`, panels: [] });
    }

    const planned = await dashsync(dir, ['plan', '--all-envs', '--format', 'json']);

    expect(planned.code, planned.stderr).toBe(0);
    const warnings = (JSON.parse(planned.stdout).plans as { warnings: { message: string }[] }[]).map((plan) => plan.warnings.map((w) => w.message));
    const advice = "each apply undoes the other's; give one of the files another uid, or leave its directory out of one environment's include/exclude";
    expect(warnings).toEqual([
      [`folder uid "team" is saved from dashboards/dev/_folder.json here and from dashboards/prod/_folder.json by environment prod, which deploys to the same Grafana org: ${advice}`],
      [`folder uid "team" is saved from dashboards/prod/_folder.json here and from dashboards/dev/_folder.json by environment dev, which deploys to the same Grafana org: ${advice}`],
    ]);
    await expectNoWarningsApart(handle, dir);
  });

  it('plan warns about a file both save with different inputs (each apply flips its datasource), in --all-envs and one --env; the same inputs are no warning', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    const config = (prodPrometheus: string) => ({
      api: 'legacy',
      inputs: { DS_LOKI: 'loki' },
      environments: {
        dev: { url: handle.url, include: ['shared', 'dev'], inputs: { DS_PROM: 'prom-dev' } },
        prod: { url: `${handle.url}/`, include: ['shared'], inputs: { DS_PROM: prodPrometheus } },
      },
    });
    await keepOnlyEnvironmentDirectories(dir);
    await writeJson(dir, 'dashsync.config.json', config('prom-prod'));
    const panel = (uid: string) => ({ datasource: { type: 'prometheus', uid }, id: 1, title: 'Up', type: 'timeseries' });
    await writeJson(dir, 'dashboards/shared/svc.json', { uid: 'svc', title: 'Service', panels: [panel('${DS_PROM}')] });
    await writeJson(dir, 'dashboards/shared/logs.json', { uid: 'logs', title: 'Logs', panels: [panel('${DS_LOKI}')] });
    await writeJson(dir, 'dashboards/dev/only-dev.json', { uid: 'only-dev', title: 'Only dev', panels: [panel('${DS_PROM}')] });
    await writeJson(dir, 'dashboards/shared/_library/up.json', { uid: 'lp-up', name: 'Up', kind: 1, model: panel('${DS_PROM}') });

    const planned = await dashsync(dir, ['plan', '--all-envs', '--format', 'json']);

    expect(planned.code, planned.stderr).toBe(0);
    const warnings = (JSON.parse(planned.stdout).plans as { warnings: { message: string; uid: string }[] }[]).map((plan) => plan.warnings.map((w) => [w.uid, w.message]));
    const flip = (what: string, other: string) =>
      `${what} is saved here and by environment ${other}, which deploys to the same Grafana org, with different inputs (DS_PROM is "prom-dev" in dev, "prom-prod" in prod): ` +
      "each apply puts its own values back, undoing the other's; give DS_PROM one value for both environments, or select the file in one of them only (include/exclude)";
    expect(warnings).toEqual([
      [
        ['svc', flip('uid "svc" (dashboards/shared/svc.json)', 'prod')],
        ['lp-up', flip('library panel uid "lp-up" (dashboards/shared/_library/up.json)', 'prod')],
      ],
      [
        ['svc', flip('uid "svc" (dashboards/shared/svc.json)', 'dev').replace('"prom-dev" in dev, "prom-prod" in prod', '"prom-prod" in prod, "prom-dev" in dev')],
        ['lp-up', flip('library panel uid "lp-up" (dashboards/shared/_library/up.json)', 'dev').replace('"prom-dev" in dev, "prom-prod" in prod', '"prom-prod" in prod, "prom-dev" in dev')],
      ],
    ]);
    const text = await dashsync(dir, ['plan', '--env', 'dev']);
    expect(text.stdout).toContain(flip('uid "svc" (dashboards/shared/svc.json)', 'prod'));

    // The same datasource in both: one rendering, nothing flips.
    await writeJson(dir, 'dashsync.config.json', config('prom-dev'));
    const same = await dashsync(dir, ['plan', '--all-envs', '--format', 'json']);
    expect(same.code, same.stderr).toBe(0);
    expect((JSON.parse(same.stdout).plans as { warnings: unknown[] }[]).map((plan) => plan.warnings)).toEqual([[], []]);
  });

  // env-55b: bare check named such a pair; no plan did, though each apply writes the other's dashboard on Grafana over MySQL.
  it('plan warns about a uid one environment of the org saves that differs only in case from another\'s, once under --all-envs', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await devAndProdOneOrg(handle);
    await writeJson(dir, 'dashboards/dev/svc.json', { uid: 'svc', title: 'Service (dev)', panels: [] });
    await writeJson(dir, 'dashboards/prod/svc.json', { uid: 'SVC', title: 'Service (prod)', panels: [] });
    await writeJson(dir, 'dashboards/dev/_library/panel.json', { uid: 'lp', name: 'Panel (dev)', kind: 1, model: { type: 'text' } });
    await writeJson(dir, 'dashboards/prod/_library/panel.json', { uid: 'LP', name: 'Panel (prod)', kind: 1, model: { type: 'text' } });
    const advice = 'Grafana on MySQL compares uids without case, so there one save would update or be refused by the other; give one of them another uid';
    const org = '(selected by environments dev, prod, which deploy to the same Grafana org)';
    const dashboardLine = `dashboards/dev/svc.json: uid "svc" differs only in case from dashboard dashboards/prod/svc.json ${org} ("SVC"): ${advice}`;
    const panelLine = `dashboards/dev/_library/panel.json: uid "lp" differs only in case from library panel dashboards/prod/_library/panel.json ${org} ("LP"): ${advice}`;

    const all = await dashsync(dir, ['plan', '--all-envs']);

    expect(all.code, all.stderr).toBe(0);
    // Once, under the two environments of the org.
    expect(all.stdout).toContain(`Warnings about the tree and the config, in the plans of environments dev and prod:\n  ! ${dashboardLine}\n  ! ${panelLine}\n`);
    expect(all.stdout.split(dashboardLine).length - 1).toBe(1);
    const one = await dashsync(dir, ['plan', '--env', 'prod', '--format', 'json']);
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout).warnings.filter((w: { rule?: string }) => w.rule === 'uid-differs-in-case')).toEqual([
      { kind: 'other', uid: 'svc', message: dashboardLine, file: 'dashboards/dev/svc.json', rule: 'uid-differs-in-case' },
      { kind: 'other', uid: 'lp', message: panelLine, file: 'dashboards/dev/_library/panel.json', rule: 'uid-differs-in-case' },
    ]);

    // prod in another Grafana: the two never meet.
    await expectNoWarningsApart(handle, dir);
  });

});
