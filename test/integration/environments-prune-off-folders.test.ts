import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { copyFixture, editJson, lines, saveLive, writeJson } from '../e2e/plan/plan-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Each test runs the CLI (in-process) several times.
vi.setConfig({ testTimeout: 120_000 });

/** dashsync in `dir`, the url from each environment of the config, as the admin. */
const dashsync = (dir: string, args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
const exists = async (handle: SandboxHandle, uid: string) => (await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`)).status === 200;

const LEFT =
  '1 dashboard in folder "Team (stage)" left to environment stage, which deploys with prune off: no plan deletes it; delete it in Grafana, or turn stage\'s prune on';

interface JsonPlan {
  target: { environment: string };
  dashboards: { action: string; uid: string }[];
  summary: Record<string, number>;
  warnings: { message: string }[];
}

const deletes = (plan: JsonPlan) => plan.dashboards.filter((dashboard) => dashboard.action === 'delete').map((dashboard) => dashboard.uid);

/** dev (prune on) and stage, each its own directory; stage's `_folder.json` names its folder "Team (stage)". */
function config(dev: SandboxHandle, stage: SandboxHandle, stagePrune: false | 'folders') {
  return {
    api: 'legacy',
    root: 'dashboards',
    environments: {
      dev: { url: dev.url, include: ['dev'], prune: 'folders' },
      stage: { url: stage.url, include: ['stage'], prune: stagePrune },
    },
  };
}

/** `apply --env stage`, then `--env dev`, each without a question. */
async function applyStageThenDev(dir: string): Promise<void> {
  for (const env of ['stage', 'dev']) {
    const applied = await dashsync(dir, ['apply', '--env', env, '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
  }
}

/** The tree of dev and stage; both applied; then "Old stage board", which no file holds, made by hand in stage's folder of `stageHandle`. */
async function orphanInStage(devHandle: SandboxHandle, stageHandle: SandboxHandle): Promise<string> {
  const dir = await copyFixture('basic');
  for (const path of ['dashboards/apps', 'dashboards/infra', 'dashboards/overview.json']) await rm(join(dir, path), { recursive: true });
  await writeJson(dir, 'dashsync.config.json', config(devHandle, stageHandle, false));
  await writeJson(dir, 'dashboards/dev/d1.json', { uid: 'd1', title: 'Dev one', panels: [] });
  await writeJson(dir, 'dashboards/stage/_folder.json', { uid: 'team-stage', title: 'Team (stage)' });
  await writeJson(dir, 'dashboards/stage/s1.json', { uid: 's1', title: 'Stage one', panels: [] });
  await applyStageThenDev(dir);
  // On separate Grafanas dev's has no stage folder of its own: made by hand there, as stage's apply makes it in one org.
  if (devHandle !== stageHandle) expect((await apiRequest(devHandle, 'POST', '/api/folders', { uid: 'team-stage', title: 'Team (stage)' })).status).toBe(200);
  await saveLive(devHandle, { uid: 'old-stage', title: 'Old stage board', panels: [] }, 'team-stage', 'by hand');
  return dir;
}

// env-56b (lead's decision from env-56's walk): dev's prune deleted what no file holds in the folder stage deploys with prune
// off; nobody reviewing stage saw it, and after a restore dev's next plan deleted it again.
describe('a folder an environment of the org deploys with prune off is left to it', () => {
  it("dev's plan leaves stage's orphan, says so once in every format, and counts it; dev's apply keeps it", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await orphanInStage(handle, handle);

    const text = await dashsync(dir, ['plan', '--env', 'dev']);
    const markdown = await dashsync(dir, ['plan', '--env', 'dev', '--format', 'markdown']);
    const json = await dashsync(dir, ['plan', '--env', 'dev', '--format', 'json']);

    expect([text.code, markdown.code, json.code], text.stderr + markdown.stderr + json.stderr).toEqual([0, 0, 0]);
    expect(lines(text.stdout).filter((line) => line.startsWith('- delete'))).toEqual([]);
    expect(lines(text.stdout)).toContain(`  ! ${LEFT}`);
    expect(text.stdout).toContain('1 not pruned (left to an environment of this Grafana org with prune off; see the warning)');
    expect(markdown.stdout).not.toContain('🔴 delete');
    expect(markdown.stdout).toContain('left to environment stage, which deploys with prune off: no plan deletes it');
    const plan = JSON.parse(json.stdout) as JsonPlan;
    expect(deletes(plan)).toEqual([]);
    expect(plan.summary).toMatchObject({ delete: 0, pruneOff: 1 });
    expect(plan.summary.otherEnvironments).toBeUndefined();
    expect(plan.warnings.map((warning) => warning.message)).toEqual([LEFT]);

    const applied = await dashsync(dir, ['apply', '--env', 'dev', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(lines(applied.stdout)).toContain('Nothing to apply; 1 not pruned (its file is outside environment dev\'s selection); 1 not pruned (left to an environment of this Grafana org with prune off; see the warning).');
    expect(await exists(handle, 'old-stage')).toBe(true);
  });

  it('plan --all-envs deletes it in no plan; once stage turns its prune on, stage\'s plan deletes it and dev\'s leaves it to stage; a restore says which', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await orphanInStage(handle, handle);

    const off = await dashsync(dir, ['plan', '--all-envs', '--format', 'json']);
    expect(off.code, off.stderr).toBe(0);
    const [devOff, stageOff] = JSON.parse(off.stdout).plans as JsonPlan[];
    expect([deletes(devOff!), deletes(stageOff!)]).toEqual([[], []]);
    expect(devOff!.summary.pruneOff).toBe(1);
    expect(devOff!.warnings.map((warning) => warning.message)).toEqual([LEFT]);

    await writeJson(dir, 'dashsync.config.json', config(handle, handle, 'folders'));
    const on = await dashsync(dir, ['plan', '--all-envs', '--format', 'json']);
    expect(on.code, on.stderr).toBe(0);
    const [devOn, stageOn] = JSON.parse(on.stdout).plans as JsonPlan[];
    expect([deletes(devOn!), deletes(stageOn!)]).toEqual([[], ['old-stage']]);
    expect(devOn!.summary).toMatchObject({ otherEnvironments: 1 });
    expect(devOn!.warnings.map((warning) => warning.message)).toEqual(['1 dashboard in folder "Team (stage)" left to environment stage (its directory; dashsync plan --env stage prunes it)']);
    const applied = await dashsync(dir, ['apply', '--env', 'stage', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await exists(handle, 'old-stage')).toBe(false);

    // Restored, it is pruned again by stage's next plan: the restore says so.
    const restoredOn = await dashsync(dir, ['restore', '--env', 'stage', 'old-stage']);
    expect(restoredOn.code, restoredOn.stderr).toBe(0);
    expect(restoredOn.stdout).toContain('old-stage has no file in the tree: a prune that covers it deletes it again; run dashsync pull --env stage old-stage to write it');
    // With stage's prune off again, no plan deletes it (env-56's walk: the line said dev's next plan would, and it did).
    await writeJson(dir, 'dashsync.config.json', config(handle, handle, false));
    expect((await apiRequest(handle, 'DELETE', '/api/dashboards/uid/old-stage')).status).toBe(200);
    const restoredOff = await dashsync(dir, ['restore', '--env', 'stage', 'old-stage']);
    expect(restoredOff.code, restoredOff.stderr).toBe(0);
    expect(restoredOff.stdout).toContain(
      'old-stage has no file in the tree: no plan deletes it while environment stage, which deploys its folder, keeps its prune off; run dashsync pull --env stage old-stage to write it',
    );
    expect(deletes(JSON.parse((await dashsync(dir, ['plan', '--env', 'dev', '--format', 'json'])).stdout) as JsonPlan)).toEqual([]);
  });

  // tree-58: stage was judged by its config's prune, so dev's plan said "no plan deletes it" beside stage's plan deleting it.
  it('plan --all-envs --prune judges stage by the prune its plan in this run has: dev leaves the orphan to it, with the command that prunes it, and stage\'s plan deletes it', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await orphanInStage(handle, handle);

    const json = await dashsync(dir, ['plan', '--all-envs', '--format', 'json', '--prune']);
    const text = await dashsync(dir, ['plan', '--all-envs', '--prune']);

    expect([json.code, text.code], json.stderr + text.stderr).toEqual([0, 0]);
    const [dev, stage] = JSON.parse(json.stdout).plans as JsonPlan[];
    expect([deletes(dev!), deletes(stage!)]).toEqual([[], ['old-stage']]);
    expect(dev!.summary).toMatchObject({ otherEnvironments: 1 });
    expect(dev!.summary.pruneOff).toBeUndefined();
    const left = '1 dashboard in folder "Team (stage)" left to environment stage (its directory; dashsync plan --env stage --prune prunes it)';
    expect(dev!.warnings.map((warning) => warning.message)).toEqual([left]);
    expect(lines(text.stdout)).toContain(`  ! ${left}`);
    expect(text.stdout).not.toContain('which deploys with prune off');
  });

  // review-58 F3: the command was built from nothing but --env and --prune, so pasted it read ./dashsync.config.json.
  it('with --config in a subdirectory, the command that prunes it carries --config, and pasted as printed plans the delete', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await orphanInStage(handle, handle);
    await writeJson(dir, 'ops/dashsync.config.json', { ...config(handle, handle, false), root: '../dashboards' });
    await rm(join(dir, 'dashsync.config.json'));

    const text = await dashsync(dir, ['plan', '--config', 'ops/dashsync.config.json', '--all-envs', '--prune']);

    expect(text.code, text.stderr).toBe(0);
    const left = lines(text.stdout).find((line) => line.includes('left to environment stage'));
    expect(left).toBe('  ! 1 dashboard in folder "Team (stage)" left to environment stage (its directory; dashsync plan --env stage --config ops/dashsync.config.json --prune prunes it)');
    const advised = /; dashsync (plan .*) prunes it\)$/.exec(left!)![1]!.split(' ');
    const pasted = await dashsync(dir, [...advised, '--format', 'json']);
    expect(pasted.code, pasted.stderr).toBe(0);
    expect(deletes(JSON.parse(pasted.stdout) as JsonPlan)).toEqual(['old-stage']);
  });

  it('stage on another Grafana: dev prunes the orphan in its own Grafana as before (the folder of a directory it leaves out)', async () => {
    const devHandle = await startTestSandbox({ grafanaVersion: '12' });
    const stageHandle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await orphanInStage(devHandle, stageHandle);

    const planned = await dashsync(dir, ['plan', '--env', 'dev', '--format', 'json']);

    expect(planned.code, planned.stderr).toBe(0);
    const plan = JSON.parse(planned.stdout) as JsonPlan;
    expect(deletes(plan)).toEqual(['old-stage']);
    expect(plan.summary.pruneOff).toBeUndefined();
    expect(plan.warnings.map((warning) => warning.message).filter((message) => message.includes('left to'))).toEqual([]);
  });
});

/**
 * One org: dev (prune on) and stage (prune off, or `stage.prune`) each name their own files in one directory, team/ (folder
 * "Team"), or (`stage.include`, `devInclude`) other files of it; both applied.
 */
async function sharedFolder(handle: SandboxHandle, options: { devInclude?: string[]; stage?: { include: string[]; prune: false | 'folders' } } = {}): Promise<string> {
  const dir = await copyFixture('basic');
  for (const path of ['dashboards/apps', 'dashboards/infra', 'dashboards/overview.json']) await rm(join(dir, path), { recursive: true });
  const stage = options.stage ?? { include: ['team/stage-*.json'], prune: false };
  await writeJson(dir, 'dashsync.config.json', {
    api: 'legacy',
    root: 'dashboards',
    environments: {
      dev: { url: handle.url, include: options.devInclude ?? ['team/dev-*.json'], prune: 'folders' },
      stage: { url: handle.url, ...stage },
    },
  });
  await writeJson(dir, 'dashboards/team/_folder.json', { uid: 'team', title: 'Team' });
  await writeJson(dir, 'dashboards/team/dev-a.json', { uid: 'dev-a', title: 'Dev A', panels: [] });
  await writeJson(dir, 'dashboards/team/stage-a.json', { uid: 'stage-a', title: 'Stage A', panels: [] });
  await applyStageThenDev(dir);
  return dir;
}

/** sharedFolder on a 12 sandbox, then two dashboards made by hand in "Team": "Hand board", and "Stage hand", whose file as pull would write it (team/stage-hand.json) stage's include selects. */
async function madeByHandInShared(): Promise<{ handle: SandboxHandle; dir: string }> {
  const handle = await startTestSandbox({ grafanaVersion: '12' });
  const dir = await sharedFolder(handle);
  await saveLive(handle, { uid: 'hand', title: 'Hand board', panels: [] }, 'team', 'by hand');
  await saveLive(handle, { uid: 'stage-hand', title: 'Stage hand', panels: [] }, 'team', 'by hand');
  return { handle, dir };
}

// env-57 (stop 56 §11.4): env-56b left a folder dev deploys files in too to stage, so dev's prune never cleaned a folder of its own.
describe('a folder an environment that prunes deploys files in too is its to prune, but for what the prune-off one selects', () => {
  it("dev's plan deletes a dashboard made by hand in the folder both deploy, leaves the one whose file stage selects, and a restore says dev's prune deletes it again", async () => {
    const { handle, dir } = await madeByHandInShared();

    const text = await dashsync(dir, ['plan', '--env', 'dev']);
    const json = await dashsync(dir, ['plan', '--env', 'dev', '--format', 'json']);

    expect([text.code, json.code], text.stderr + json.stderr).toEqual([0, 0]);
    expect(lines(text.stdout).filter((line) => line.startsWith('- delete'))).toEqual([
      '- delete        "Hand board" (uid hand, live version 1) in "Team"; no file in the tree (backed up before delete)',
    ]);
    const left = '1 dashboard in folder "Team" left to environment stage, which deploys with prune off: no plan deletes it; delete it in Grafana, or turn stage\'s prune on';
    expect(lines(text.stdout)).toContain(`  ! ${left}`);
    const plan = JSON.parse(json.stdout) as JsonPlan;
    expect(deletes(plan)).toEqual(['hand']);
    expect(plan.summary).toMatchObject({ delete: 1, pruneOff: 1 });
    expect(plan.warnings.map((warning) => warning.message).filter((message) => message.includes('left to'))).toEqual([left]);

    const applied = await dashsync(dir, ['apply', '--env', 'dev', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect([await exists(handle, 'hand'), await exists(handle, 'stage-hand')]).toEqual([false, true]);

    // The restore's line is true: dev's next plan deletes it again, and pull --env dev skips the file it would write (dev
    // names its own files): the line says so, and following it keeps the dashboard.
    const restored = await dashsync(dir, ['restore', '--env', 'dev', 'hand']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(lines(restored.stdout)[1]).toBe(
      'hand has no file in the tree: a prune that covers it deletes it again; its file would be dashboards/team/hand-board.json, which is not in environment "dev"\'s include in dashsync.config.json, ' +
        'so dashsync pull --env dev hand skips it: to write it, make that list select dashboards/team/hand-board.json, then run dashsync pull --env dev hand',
    );
    expect(deletes(JSON.parse((await dashsync(dir, ['plan', '--env', 'dev', '--format', 'json'])).stdout) as JsonPlan)).toEqual(['hand']);
    await editJson(dir, 'dashsync.config.json', (config) => config.environments.dev.include.push('team/hand-board.json'));
    const pulled = await dashsync(dir, ['pull', '--env', 'dev', 'hand']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)).toContain('created  dashboards/team/hand-board.json');
    expect(deletes(JSON.parse((await dashsync(dir, ['plan', '--env', 'dev', '--format', 'json'])).stdout) as JsonPlan)).toEqual([]);
  });
});

// walk-58 F5: in a run where both prune, each plan deleted the dashboard made by hand in the folder both deploy (two deletes
// of one dashboard, both counted against maxDeletes; the second apply said "already gone").
describe('a folder two environments that prune deploy files in is the first one\'s (config order)', () => {
  it('plan --all-envs --prune deletes the dashboard made by hand there in dev\'s plan only; stage\'s says it is left to dev, and dev\'s that stage\'s file is stage\'s', async () => {
    const { handle, dir } = await madeByHandInShared();

    const [text, json] = [await dashsync(dir, ['plan', '--all-envs', '--prune']), await dashsync(dir, ['plan', '--all-envs', '--prune', '--format', 'json'])];

    expect([text.code, json.code], text.stderr + json.stderr).toEqual([0, 0]);
    // One delete for each of the two dashboards: three before (both plans deleted "Hand board").
    const deleted = lines(text.stdout).filter((line) => line.startsWith('- delete'));
    expect(deleted.map((line) => line.replace(/ \(uid .*/, ''))).toEqual(['- delete        "Hand board"', '- delete        "Stage hand"']);
    const [dev, stage] = JSON.parse(json.stdout).plans as JsonPlan[];
    expect([deletes(dev!), deletes(stage!)]).toEqual([['hand'], ['stage-hand']]);
    const toStage = '1 dashboard in folder "Team" left to environment stage (its include selects the file; dashsync plan --env stage --prune prunes it)';
    const toDev = '1 dashboard in folder "Team" left to environment dev (it deploys files there too and comes first in the config; dashsync plan --env dev prunes it)';
    expect(dev!.warnings.map((warning) => warning.message).filter((message) => message.includes('left to'))).toEqual([toStage]);
    expect(stage!.warnings.map((warning) => warning.message).filter((message) => message.includes('left to'))).toEqual([toDev]);
    expect([dev!.summary.otherEnvironments, stage!.summary.otherEnvironments]).toEqual([1, 1]);
    expect(lines(text.stdout)).toEqual(expect.arrayContaining([`  ! ${toStage}`, `  ! ${toDev}`]));

    for (const env of ['dev', 'stage']) {
      const applied = await dashsync(dir, ['apply', '--env', env, '--prune', '--auto-approve']);
      expect(applied.code, applied.stderr).toBe(0);
      expect(applied.stdout).not.toContain('already gone');
    }
    expect([await exists(handle, 'hand'), await exists(handle, 'stage-hand')]).toEqual([false, false]);
  });
});

// env-57 (stop 56 §11.4): a restored library panel got "a prune that covers it deletes it again" where no plan does.
describe('a library panel restored into a folder left to an environment with prune off', () => {
  it("says no plan deletes it while stage keeps its prune off, and dev's plan does not", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await orphanInStage(handle, handle);
    const created = await apiRequest(handle, 'POST', '/api/library-elements', { uid: 'lp-stage', name: 'Stage panel', kind: 1, folderUid: 'team-stage', model: { type: 'stat', title: 'Stage panel' } });
    expect(created.status).toBe(200);
    // Pruned while stage's prune was on, then stage turns it off.
    await writeJson(dir, 'dashsync.config.json', config(handle, handle, 'folders'));
    const pruned = await dashsync(dir, ['apply', '--env', 'stage', '--auto-approve']);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect((await apiRequest(handle, 'GET', '/api/library-elements/lp-stage')).status).toBe(404);
    await writeJson(dir, 'dashsync.config.json', config(handle, handle, false));

    const restored = await dashsync(dir, ['restore', '--env', 'stage', 'lp-stage']);

    expect(restored.code, restored.stderr).toBe(0);
    expect(lines(restored.stdout)).toEqual([
      expect.stringMatching(/^restored library panel lp-stage "Stage panel" from \S+ into folder "Team \(stage\)" \(team-stage\), now version 1$/),
      'lp-stage has no file in the tree: no plan deletes it while environment stage, which deploys its folder, keeps its prune off; run dashsync pull --env stage lp-stage to write it',
    ]);
    const devPlan = JSON.parse((await dashsync(dir, ['plan', '--env', 'dev', '--format', 'json'])).stdout) as JsonPlan & { libraryPanels?: { action: string }[] };
    expect((devPlan.libraryPanels ?? []).filter((panel) => panel.action === 'delete')).toEqual([]);
    expect(devPlan.summary).toMatchObject({ libraryPanelDelete: 0, pruneOff: 1 });
  });
});

// env-59 (stop 58 §10.3): a directory both include in full was pruned by both plans (two deletes of one dashboard).
describe('a directory two environments that prune include in full is the first one\'s (config order)', () => {
  it('plan --all-envs deletes a dashboard made by hand there in dev\'s plan only; stage\'s leaves it to dev, and stage\'s apply keeps it', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await sharedFolder(handle, { devInclude: ['team'], stage: { include: ['team'], prune: 'folders' } });
    await saveLive(handle, { uid: 'hand', title: 'Hand board', panels: [] }, 'team', 'by hand');

    const json = await dashsync(dir, ['plan', '--all-envs', '--format', 'json']);
    const text = await dashsync(dir, ['plan', '--env', 'stage']);

    expect([json.code, text.code], json.stderr + text.stderr).toEqual([0, 0]);
    const [dev, stage] = JSON.parse(json.stdout).plans as JsonPlan[];
    expect([deletes(dev!), deletes(stage!)]).toEqual([['hand'], []]);
    const left = '1 dashboard in folder "Team" left to environment dev (its include selects the file too and comes first in the config; dashsync plan --env dev prunes it)';
    expect(stage!.warnings.map((warning) => warning.message)).toEqual([left]);
    expect(stage!.summary).toMatchObject({ delete: 0, otherEnvironments: 1 });
    expect(lines(text.stdout)).toContain(`  ! ${left}`);
    expect((await dashsync(dir, ['apply', '--env', 'stage', '--auto-approve'])).code).toBe(0);
    expect(await exists(handle, 'hand')).toBe(true);
    expect((await dashsync(dir, ['apply', '--env', 'dev', '--auto-approve'])).code).toBe(0);
    expect(await exists(handle, 'hand')).toBe(false);
  });

  // env-59 (stop 58 §10.3): in a run of both, "outside this run's selection" named files the run's other plan deploys.
  it("plan --all-envs counts what each plan leaves for a file outside that environment's selection, naming the environment", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await sharedFolder(handle, { stage: { include: ['team/stage-*.json'], prune: 'folders' } });

    const text = await dashsync(dir, ['plan', '--all-envs']);
    const markdown = await dashsync(dir, ['plan', '--all-envs', '--format', 'markdown']);

    expect([text.code, markdown.code], text.stderr + markdown.stderr).toEqual([0, 0]);
    for (const env of ['dev', 'stage']) expect(text.stdout).toContain(`Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged, 1 not pruned (its file is outside environment ${env}'s selection).`);
    expect(markdown.stdout).toContain("1 unchanged, 1 not pruned (its file is outside environment dev's selection).");
    expect(text.stdout + markdown.stdout).not.toContain("this run's selection");
  });
});
