import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyPlan } from '../../../src/apply/apply-plan.js';
import { runApply } from '../../../src/apply/run-apply.js';
import type { ApplyEvent } from '../../../src/apply/types.js';
import { loadSettings } from '../../../src/config/load-settings.js';
import { createGrafanaPort } from '../../../src/grafana/create-grafana-port.js';
import { InputError } from '../../../src/errors.js';
import { createPlan } from '../../../src/plan/create-plan.js';
import { readPlanFile, writePlanFile } from '../../../src/plan/plan-file.js';
import { renderDiagnostic } from '../../../src/report/render-diagnostics.js';
import { renderApplySummary, renderConflict } from '../../../src/report/render-apply-result.js';
import { indexPlannedActions, renderApplyEventLine, renderApplyResultLine } from '../../../src/report/render-apply-json.js';
import { describeApplyEvent } from '../../../src/report/render-apply-event.js';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { dashboard, ref, writeFiles } from './library-tree.js';

/** A save of dashsync's (its note names the saver): prune through /api on 12+ deletes only what dashsync pushed. */
const PUSHED = 'dashsync: abc123 seed [content sha256:0123456789abcdef as admin]';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
const panelFile = (uid: string) => ({ uid, name: 'CPU usage', kind: 1, model: { type: 'timeseries', title: 'CPU', targets: [{ expr: `rate(${uid}[5m])` }] } });

/** Folder team with library panel lp-old "CPU usage" (used by dashboard `user` when `used`), applied with --prune all. */
async function appliedTree(used: boolean, grafanaVersion: '11.2' | '12' | '13' = '12', api: 'legacy' | 'k8s' = 'legacy', release?: string) {
  const sandbox = await startTestSandbox({ grafanaVersion, ...(release ? { release } : {}) });
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-library-name-prune-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await writeFiles(dir, {
    'dashboards/team/_folder.json': { uid: 'team', title: 'Team' },
    'dashboards/team/_library/cpu.json': panelFile('lp-old'),
    'dashboards/team/user.json': dashboard('user', 'User', used ? [ref(1, 'lp-old', 'CPU usage')] : []),
  });
  await commitAll(dir, 'first');
  const settings = await loadSettings({ flags: { api, prune: 'all' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken('Admin') }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  expect((await runApply({ settings, grafana, env: {}, force: false })).result?.failures).toEqual([]);
  return { sandbox, settings, grafana, dir };
}

/** The panel's file gets uid lp-new (same name), and dashboard `user` uses lp-new: committed. */
async function commitNewUid(dir: string) {
  await writeFiles(dir, {
    'dashboards/team/_library/cpu.json': panelFile('lp-new'),
    'dashboards/team/user.json': dashboard('user', 'User', [ref(1, 'lp-new', 'CPU usage')]),
  });
  await commitAll(dir, 'the panel gets a new uid');
}

describe('a library panel that takes the name of one the same plan prunes (names are unique per folder)', () => {
  it('applies: the pruned panel, which no dashboard holds, is deleted (backed up) before the save that takes its name', async () => {
    const { sandbox, settings, grafana, dir } = await appliedTree(false);
    await commitNewUid(dir);

    const { result } = await runApply({ settings, grafana, env: {}, force: false });
    expect([result?.libraryPanelsCreated, result?.libraryPanelsDeleted, result?.updated, result?.failures]).toEqual([['lp-new'], ['lp-old'], ['user'], []]);
    expect(result?.backups.some((path) => path.includes('lp-old'))).toBe(true);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-new')).body).toMatchObject({ result: { name: 'CPU usage', folderUid: 'team' } });
  });

  it('applies when only dashboards prune deletes hold the pruned panel: those deletes, then its delete, run before the save that takes its name', async () => {
    const { sandbox, settings, grafana, dir } = await appliedTree(false);
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'outside', title: 'Outside', panels: [ref(1, 'lp-old', 'CPU usage')] }, folderUid: 'team', overwrite: true, message: PUSHED });
    expect(saved.status).toBe(200);
    await commitNewUid(dir);

    const plan = await createPlan({ settings, grafana, git: GIT });
    expect(plan.warnings.filter((warning) => 'message' in warning && warning.message?.includes('takes the name'))).toEqual([]);
    const { result } = await runApply({ settings, grafana, env: {}, force: false });
    expect([result?.libraryPanelsCreated, result?.libraryPanelsDeleted, result?.deleted, result?.updated, result?.failures]).toEqual([['lp-new'], ['lp-old'], ['outside'], ['user'], []]);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-new/connections')).body.result.map((row: { connectionUid: string }) => row.connectionUid)).toEqual(['user']);
  });

  it.each([
    ['11.2', 'legacy'],
    ['12', 'legacy'],
    ['13', 'k8s'],
  ] as const)(
    'on %s over %s, hands the name over when the dashboards holding the pruned panel are saved with the new one: renamed, created, saved, deleted, in that order',
    async (version, api) => {
      const { sandbox, settings, grafana, dir } = await appliedTree(true, version, api);
      await commitNewUid(dir);

      const plan = await createPlan({ settings, grafana, git: GIT });
      const old = plan.actions.find((action) => action.uid === 'lp-old');
      expect(old).toMatchObject({ action: 'delete', handsNameOver: { to: 'lp-new', renameTo: 'lp-old (being replaced by lp-new)' } });
      sandbox.clearRequests();
      const events: ApplyEvent[] = [];
      const { result } = await runApply({ settings, grafana, env: {}, force: false, onEvent: (event) => events.push(event) });
      expect([result?.libraryPanelsCreated, result?.libraryPanelsDeleted, result?.updated, result?.failures, result?.conflicts, result?.skipped]).toEqual([['lp-new'], ['lp-old'], ['user'], [], [], []]);
      expect(events.filter((event) => event.uid === 'lp-old').map((event) => [event.outcome, event.message ?? event.backup?.replace(/.*\//, '')])).toEqual([
        ['backed-up', expect.stringMatching(/-v1\.json$/)],
        ['renamed', 'now "lp-old (being replaced by lp-new)", so that library panel lp-new takes its name "CPU usage"; it is deleted once the dashboards that hold it (user "User") are saved or deleted'],
        ['deleted', undefined],
      ]);
      // What apply JSON says of the old panel: the rename made version 2, and the delete removed that version, under the handover name.
      const planned = indexPlannedActions(plan);
      const json = events.filter((event) => event.uid === 'lp-old' && event.outcome !== 'backed-up').map((event) => JSON.parse(renderApplyEventLine(event, planned, dir)!));
      expect(json.map(({ type, title, versionBefore, versionAfter, text }) => ({ type, title, versionBefore, versionAfter, text: text.split(':')[0] }))).toEqual([
        { type: 'renamed', title: 'CPU usage', versionBefore: 1, versionAfter: 2, text: 'renamed' },
        { type: 'deleted', title: 'lp-old (being replaced by lp-new)', versionBefore: 2, versionAfter: null, text: 'deleted' },
      ]);
      expect(json[1].text).toBe('deleted: library panel lp-old "lp-old (being replaced by lp-new)"');
      // One backup, taken before the rename: restore gives the panel back as the user had it.
      expect(result?.backups.filter((path) => path.includes('lp-old'))).toHaveLength(1);
      const backup = JSON.parse(await readFile(result!.backups[0]!, 'utf8'));
      expect([backup.uid, backup.element.name]).toEqual(['lp-old', 'CPU usage']);
      const writes = sandbox
        .requests()
        .filter((entry) => entry.method !== 'GET')
        .map((entry) => `${entry.method} ${entry.path.replace(/\/apis\/dashboard\.grafana\.app\/[^/]+\/namespaces\/[^/]+\/dashboards.*/, '/apis/…/dashboards')}`);
      const saveUser = writes.find((write) => write.includes('dashboards'))!;
      expect([writes.indexOf('PATCH /api/library-elements/lp-old'), writes.indexOf('POST /api/library-elements'), writes.indexOf(saveUser), writes.indexOf('DELETE /api/library-elements/lp-old')]).toEqual([0, 1, 2, 3]);
      expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-new')).body).toMatchObject({ result: { name: 'CPU usage', folderUid: 'team' } });
      expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-old')).status).toBe(404);
      expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-new/connections')).body.result.map((row: { connectionUid: string }) => row.connectionUid)).toEqual(['user']);
      expect((await createPlan({ settings, grafana, git: GIT })).summary).toMatchObject({ create: 0, update: 0, delete: 0 });
    },
  );
});

describe('on Grafana 11.2, whose "Recently deleted" keeps a soft-deleted dashboard connected', () => {
  it('refuses a name that only such a delete would free, and applies with --delete-mode hard, which purges it', async () => {
    const { sandbox, settings, grafana, dir } = await appliedTree(false, '11.2');
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'outside', title: 'Outside', panels: [ref(1, 'lp-old', 'CPU usage')] }, folderUid: 'team', overwrite: true, message: PUSHED });
    expect(saved.status).toBe(200);
    await writeFiles(dir, { 'dashboards/team/_library/cpu.json': panelFile('lp-new') });
    await commitAll(dir, 'the panel gets a new uid');

    const refused = await createPlan({ settings, grafana, git: GIT }).catch((error: unknown) => error);
    expect((refused as InputError).diagnostics?.map((d) => [d.rule, d.message.split('; ').at(-1)])).toEqual([
      ['library-name-held', 'Grafana allows a name once per folder, so it would refuse this panel\'s save: apply with --delete-mode hard (which purges them), or give this panel another name (or folder) for one apply and take the name back in a later commit'],
    ]);
    const hard = await loadSettings({ flags: { api: 'legacy', prune: 'all', deleteMode: 'hard' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken('Admin') }, cwd: dir });
    const { result } = await runApply({ settings: hard, grafana, env: {}, force: false });
    expect([result?.libraryPanelsCreated, result?.libraryPanelsDeleted, result?.deleted, result?.failures]).toEqual([['lp-new'], ['lp-old'], ['outside'], []]);
  });
});

describe('on Grafana 11.6, whose library panel delete lets dashboards in "Recently deleted" go (PR #99612)', () => {
  it('refuses a name that only the soft delete of its users would free (dashsync keeps the panel for them while they wait there), and applies with --delete-mode hard', async () => {
    const { sandbox, settings, grafana, dir } = await appliedTree(false, '11.2', 'legacy', '11.6.0');
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'outside', title: 'Outside', panels: [ref(1, 'lp-old', 'CPU usage')] }, folderUid: 'team', overwrite: true, message: PUSHED });
    expect(saved.status).toBe(200);
    await writeFiles(dir, { 'dashboards/team/_library/cpu.json': panelFile('lp-new') });
    await commitAll(dir, 'the panel gets a new uid');

    const refused = await createPlan({ settings, grafana, git: GIT }).catch((error: unknown) => error);
    expect((refused as InputError).diagnostics?.map((d) => [d.rule, d.message])).toEqual([
      [
        'library-name-held',
        'takes the name "CPU usage" in folder "Team" from library panel lp-old, which has no file but stays: dashboards outside "Outside" use it and this plan soft-deletes them ' +
          'into "Recently deleted", where dashsync keeps their panel (restored, they show it); Grafana allows a name once per folder, so it would refuse this panel\'s save: ' +
          'apply with --delete-mode hard (which purges them), or give this panel another name (or folder) for one apply and take the name back in a later commit',
      ],
    ]);
    const hard = await loadSettings({ flags: { api: 'legacy', prune: 'all', deleteMode: 'hard' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken('Admin') }, cwd: dir });
    const { result } = await runApply({ settings: hard, grafana, env: {}, force: false });
    expect([result?.libraryPanelsCreated, result?.libraryPanelsDeleted, result?.deleted, result?.failures]).toEqual([['lp-new'], ['lp-old'], ['outside'], []]);
  });
});

describe('a library panel that takes the name of a pruned panel dashboards outside prune keep', () => {
  it('is refused with the dashboards named, alike in text, json (errors[]) and apply, which writes nothing', async () => {
    const { sandbox, dir } = await appliedTree(false);
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'elsewhere', title: 'Elsewhere', panels: [ref(1, 'lp-old', 'CPU usage')] }, overwrite: true, message: PUSHED });
    expect(saved.status).toBe(200);
    await writeFiles(dir, {
      'dashsync.config.json': { prune: 'folders', environments: { prod: { url: sandbox.url } } },
      'dashboards/team/_library/cpu.json': panelFile('lp-new'),
      'dashboards/team/user.json': dashboard('user', 'User', [ref(1, 'lp-new', 'CPU usage')]),
    });
    await commitAll(dir, 'the panel gets a new uid, while a dashboard at the General level keeps the old one');
    const env = { GRAFANA_TOKEN_PROD: await sandbox.createToken('Admin') };
    const line =
      'takes the name "CPU usage" in folder "Team" from library panel lp-old, which has no file but stays: dashboards elsewhere "Elsewhere" are connected to it and stay ' +
      '(Grafana refuses to delete a panel in use); Grafana allows a name once per folder, so it would refuse this panel\'s save: ' +
      'give this panel another name (or folder) for one apply and take the name back in a later commit, or first apply a commit that moves those dashboards off lp-old';

    const text = await runCliInProcess(['plan', '--env', 'prod'], { cwd: dir, env });
    expect(text.code).toBe(1);
    expect(text.stderr.split('\n')).toContain(`dashboards/team/_library/cpu.json:3:11: error: ${line} (library-name-held)`);
    const json = await runCliInProcess(['plan', '--all-envs', '--format', 'json'], { cwd: dir, env });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).errors).toEqual([
      {
        environment: 'prod',
        message: '1 error in the dashboards tree',
        diagnostics: [{ file: 'dashboards/team/_library/cpu.json', line: 3, col: 11, severity: 'error', rule: 'library-name-held', message: line }],
      },
    ]);
    const before = sandbox.requests().length;
    const apply = await runCliInProcess(['apply', '--env', 'prod'], { cwd: dir, env });
    expect([apply.code, apply.stderr.split('\n').at(-2)]).toEqual([1, 'error: 1 error in the dashboards tree; nothing was written to Grafana. Fix the files above and run again.']);
    expect(sandbox.requests().slice(before).filter((entry) => entry.method !== 'GET')).toEqual([]);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-new')).status).toBe(404);
  });
});

describe('a name handover whose holders the plan partly deletes and partly saves', () => {
  it('is refused while one holder stays outside the plan (named, with what to do), and applies once it is gone: dashboard deletes and saves both let go', async () => {
    const { sandbox, dir } = await appliedTree(true);
    for (const [uid, folderUid] of [['outside', 'team'], ['elsewhere', '']] as const) {
      const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid, title: uid, panels: [ref(1, 'lp-old', 'CPU usage')] }, folderUid, overwrite: true, message: PUSHED });
      expect(saved.status).toBe(200);
    }
    await writeFiles(dir, { 'dashsync.config.json': { prune: 'folders', environments: { prod: { url: sandbox.url } } } });
    await commitNewUid(dir);
    const env = { GRAFANA_TOKEN_PROD: await sandbox.createToken('Admin') };

    // `outside` (no file, in the managed folder) is deleted and `user` saved with lp-new, but `elsewhere` (General) stays.
    const refused = await runCliInProcess(['apply', '--env', 'prod'], { cwd: dir, env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'dashboards/team/_library/cpu.json:3:11: error: takes the name "CPU usage" in folder "Team" from library panel lp-old, which has no file but stays: dashboards elsewhere "elsewhere" are connected to it and stay',
    );
    expect(refused.stderr).toContain('or first apply a commit that moves those dashboards off lp-old (library-name-held)');
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-old')).body.result.name).toBe('CPU usage');

    expect((await apiRequest(sandbox, 'DELETE', '/api/dashboards/uid/elsewhere')).status).toBe(200);
    const markdown = await runCliInProcess(['plan', '--env', 'prod', '--format', 'markdown'], { cwd: dir, env });
    expect(markdown.stdout).toMatch(/Backed up, then renamed .lp-old \\?\(being replaced by lp-new\\?\). before library panel lp-new takes its name/);
    const applied = await runCliInProcess(['apply', '--env', 'prod'], { cwd: dir, env });
    expect(applied.code).toBe(0);
    const lines = applied.stdout.split('\n');
    expect(lines).toContain(
      '- delete        library panel "CPU usage" (uid lp-old, live version 1) in "Team"; no file in the tree (backed up, then renamed "lp-old (being replaced by lp-new)" ' +
        'before library panel lp-new takes its name; deleted once the dashboards that hold it are saved or deleted)',
    );
    const at = (prefix: string) => lines.findIndex((line) => line.startsWith(prefix));
    expect(lines[at('renamed: library panel lp-old')]).toBe(
      'renamed: library panel lp-old "CPU usage": now "lp-old (being replaced by lp-new)", so that library panel lp-new takes its name "CPU usage"; ' +
        'it is deleted once the dashboards that hold it (outside "outside", user "User") are saved or deleted',
    );
    const order = ['renamed: library panel lp-old', 'created: library panel lp-new', 'updated: user', 'deleted: outside', 'deleted: library panel lp-old'].map(at);
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-old')).status).toBe(404);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-new')).body.result.name).toBe('CPU usage');
  });
});

describe('a name handover that stops midway', () => {
  it('leaves the pruned panel in place when its rename fails (a sandbox fault): nothing that needs it is attempted, and the next apply finishes the job', async () => {
    const { sandbox, settings, grafana, dir } = await appliedTree(true);
    await commitNewUid(dir);
    sandbox.setFaults({ pathPrefix: '/api/library-elements/lp-old', methods: ['PATCH'], script: Array.from({ length: 10 }, () => ({ kind: 'status' as const, status: 500 })) });

    const events: ApplyEvent[] = [];
    const { result } = await runApply({ settings, grafana, env: {}, force: false, onEvent: (event) => events.push(event) });
    expect(result?.failures.map((failure) => [failure.uid, failure.action, failure.notAttempted ?? false])).toEqual([
      ['lp-old', 'library-panel-delete', false],
      ['lp-new', 'library-panel-create', true],
      ['user', 'update', true],
    ]);
    expect(result?.failures[1]!.message).toBe('not attempted: library panel lp-old, which holds its name in its folder, could not be renamed');
    // Counted once, as the failure of its rename: its delete adds no skip of the same panel.
    expect(result?.skipped).toEqual([]);
    expect(result?.libraryPanelsRenamed).toBeUndefined();
    // Grafana is as it was: the old panel under its name, still used by `user`; no new panel.
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-old')).body.result.name).toBe('CPU usage');
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-new')).status).toBe(404);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/user')).body.dashboard.panels[0].libraryPanel.uid).toBe('lp-old');

    sandbox.setFaults(undefined);
    const again = await runApply({ settings, grafana, env: {}, force: false });
    expect([again.result?.libraryPanelsCreated, again.result?.libraryPanelsDeleted, again.result?.updated, again.result?.failures]).toEqual([['lp-new'], ['lp-old'], ['user'], []]);
  });

  it('keeps the renamed panel while a holder refuses its save (changed in Grafana after the plan: its version check holds); a new plan finishes the job', async () => {
    const { sandbox, settings, grafana, dir } = await appliedTree(true);
    await commitNewUid(dir);
    // A saved plan (its handsNameOver read back from the file), applied after someone edited `user` in Grafana.
    await writePlanFile('plan.json', await createPlan({ settings, grafana, git: GIT }), dir);
    const plan = await readPlanFile('plan.json', dir);
    expect(plan.actions.find((action) => action.uid === 'lp-old')).toHaveProperty('handsNameOver', { to: 'lp-new', renameTo: 'lp-old (being replaced by lp-new)' });
    const live = (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/user')).body.dashboard;
    expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live, description: 'edited in Grafana' }, folderUid: 'team' })).status).toBe(200);

    const result = await applyPlan({ plan, settings, grafana, message: 'test', force: false });
    expect([result.libraryPanelsCreated, result.libraryPanelsDeleted, result.updated, result.conflicts.map((conflict) => conflict.uid)]).toEqual([['lp-new'], [], [], ['user']]);
    expect(result.skipped.map((skip) => [skip.uid, skip.reason])).toEqual([
      ['lp-old', 'library panel kept under its handover name "lp-old (being replaced by lp-new)": dashboards still use it (user "User"), and Grafana refuses to delete a library panel in use'],
    ]);
    // The rename is in the result, its JSON line and the summary, not only in a streamed line.
    expect(result.libraryPanelsRenamed).toEqual([{ uid: 'lp-old', from: 'CPU usage', to: 'lp-old (being replaced by lp-new)' }]);
    expect(renderApplySummary(result)).toBe('Applied: 0 created, 0 updated, 0 moved, 0 deleted; 1 conflict. Library panels: 1 created, 1 renamed to hand a name over, 1 skipped');
    const resultLine = JSON.parse(renderApplyResultLine(result, { backupDir: join(dir, '.dashsync-backups'), cwd: dir, selection: {}, retried: null, exitCode: 1 }));
    expect(resultLine.libraryPanelsRenamed).toEqual([{ uid: 'lp-old', from: 'CPU usage', to: 'lp-old (being replaced by lp-new)' }]);
    // Nothing lost: the edited dashboard still shows the old panel, which keeps its model under the handover name, and its backup holds it as it was.
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-old')).body.result).toMatchObject({ name: 'lp-old (being replaced by lp-new)', model: { targets: [{ expr: 'rate(lp-old[5m])' }] } });
    expect(JSON.parse(await readFile(result.backups[0]!, 'utf8')).element.name).toBe('CPU usage');

    // The next plan sees an ordinary prune: the holder is saved (overwriting the edit, with a drift warning), then the panel goes.
    const next = await createPlan({ settings, grafana, git: GIT });
    expect(next.actions.find((action) => action.uid === 'lp-old')).toMatchObject({ action: 'delete', dependsOn: ['dashboard:user'] });
    expect(next.actions.find((action) => action.uid === 'lp-old')).not.toHaveProperty('handsNameOver');
    const again = await applyPlan({ plan: next, settings, grafana, message: 'test', force: false });
    expect([again.libraryPanelsDeleted, again.updated, again.failures]).toEqual([['lp-old'], ['user'], []]);
  });

  it('stopped by Ctrl-C after the rename (the new panel\'s create in flight): the holder is not started, the old panel stays under its handover name, and a new plan finishes the job', async () => {
    const { sandbox, settings, grafana, dir } = await appliedTree(true);
    await commitNewUid(dir);
    const plan = await createPlan({ settings, grafana, git: GIT });
    sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/library-elements', script: [{ kind: 'hold' }] });
    const controller = new AbortController();
    const applying = applyPlan({ plan, settings, grafana, message: 'test', force: false, signal: controller.signal });
    await sandbox.whenHeld(1);
    controller.abort();
    sandbox.releaseHeld();
    const result = await applying;
    expect([result.stoppedBy, result.libraryPanelsCreated, result.notStarted.map((ref) => ref.uid)]).toEqual(['interrupt', ['lp-new'], ['user', 'lp-old']]);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-old')).body.result.name).toBe('lp-old (being replaced by lp-new)');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/user')).body.dashboard.panels[0].libraryPanel.uid).toBe('lp-old');

    sandbox.setFaults(undefined);
    const next = await createPlan({ settings, grafana, git: GIT });
    expect(next.actions.filter((action) => action.action !== 'noop').map((action) => `${action.kind} ${action.uid} ${action.action}`)).toEqual(['dashboard user update', 'library-panel lp-old delete']);
    const again = await applyPlan({ plan: next, settings, grafana, message: 'test', force: false });
    expect([again.libraryPanelsDeleted, again.updated, again.failures]).toEqual([['lp-old'], ['user'], []]);
  });
});

describe('a saved handover plan applied again after Ctrl-C stopped it past the rename', () => {
  /** Plan saved; apply stopped by Ctrl-C with the new panel's create in flight (lp-old already renamed). */
  async function interruptedAfterRename() {
    const tree = await appliedTree(true);
    await commitNewUid(tree.dir);
    await writePlanFile('plan.json', await createPlan({ settings: tree.settings, grafana: tree.grafana, git: GIT }), tree.dir);
    tree.sandbox.setFaults({ methods: ['POST'], pathPrefix: '/api/library-elements', script: [{ kind: 'hold' }] });
    const controller = new AbortController();
    const applying = applyPlan({ plan: await readPlanFile('plan.json', tree.dir), settings: tree.settings, grafana: tree.grafana, message: 'test', force: false, signal: controller.signal });
    await tree.sandbox.whenHeld(1);
    controller.abort();
    tree.sandbox.releaseHeld();
    expect((await applying).stoppedBy).toBe('interrupt');
    tree.sandbox.setFaults(undefined);
    expect((await apiRequest(tree.sandbox, 'GET', '/api/library-elements/lp-old')).body.result.name).toBe('lp-old (being replaced by lp-new)');
    return tree;
  }

  it('refuses to delete the old panel edited in Grafana since its rename: a conflict, nothing deleted, the edit kept', async () => {
    const { sandbox, settings, grafana, dir } = await interruptedAfterRename();
    const renamed = (await apiRequest(sandbox, 'GET', '/api/library-elements/lp-old')).body.result;
    const fixed = { ...renamed.model, targets: [{ expr: 'rate(fixed[5m])' }] };
    expect((await apiRequest(sandbox, 'PATCH', '/api/library-elements/lp-old', { name: renamed.name, model: fixed, folderUid: 'team', kind: 1, version: renamed.version })).status).toBe(200);

    const again = await applyPlan({ plan: await readPlanFile('plan.json', dir), settings, grafana, message: 'test', force: false });
    expect([again.conflicts.map((conflict) => conflict.uid), again.libraryPanelsDeleted, again.deleted]).toEqual([['lp-old'], [], []]);
    // Counted once: the conflict, not a skip of the same panel besides.
    expect(again.skipped.filter((skip) => skip.uid === 'lp-old')).toEqual([]);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-old')).body.result).toMatchObject({ name: 'lp-old (being replaced by lp-new)', model: { targets: [{ expr: 'rate(fixed[5m])' }] } });
  });

  it('finishes the job when the renamed panel is as the rename left it, its deleted line naming it as it was deleted', async () => {
    const { sandbox, settings, grafana, dir } = await interruptedAfterRename();
    const events: ApplyEvent[] = [];
    const again = await applyPlan({ plan: await readPlanFile('plan.json', dir), settings, grafana, message: 'test', force: false, onEvent: (event) => events.push(event) });
    expect([again.conflicts, again.libraryPanelsDeleted, again.updated, again.failures]).toEqual([[], ['lp-old'], ['user'], []]);
    const deleted = events.find((event) => event.uid === 'lp-old' && event.outcome === 'deleted')!;
    expect(describeApplyEvent(deleted, dir, 'cli')).toBe('deleted: library panel lp-old "lp-old (being replaced by lp-new)"');
    expect(JSON.parse(renderApplyEventLine(deleted, indexPlannedActions(await readPlanFile('plan.json', dir)), dir)!)).toMatchObject({ versionBefore: 2, versionAfter: null });
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-old')).status).toBe(404);
  });
});

describe('pull while a name handover is stopped (the old panel under its handover name, still used in Grafana)', () => {
  /** The handover stopped by an edit of `user` in Grafana: lp-new created, lp-old renamed and still used by `user`. */
  async function stoppedByConflict() {
    const tree = await appliedTree(true);
    await commitNewUid(tree.dir);
    const plan = await createPlan({ settings: tree.settings, grafana: tree.grafana, git: GIT });
    expect((await apiRequest(tree.sandbox, 'POST', '/__sandbox/ui-edit', { uid: 'user', spec: { description: 'edited in Grafana' } })).status).toBe(200);
    const result = await applyPlan({ plan, settings: tree.settings, grafana: tree.grafana, message: 'test', force: false });
    expect(result.conflicts.map((conflict) => conflict.uid)).toEqual(['user']);
    const env = { GRAFANA_URL: tree.sandbox.url, GRAFANA_TOKEN: await tree.sandbox.createToken('Admin') };
    return { ...tree, env };
  }
  const note =
    'note: library panel lp-old is named "lp-old (being replaced by lp-new)": an apply renamed it so that library panel lp-new takes its name, and stopped before it could delete it ' +
    '(a dashboard that uses it was not saved): not written, as that name belongs in no file';
  const finish = 'Run dashsync plan, then dashsync apply, to finish the handover (it saves the dashboards and deletes lp-old)';
  const libraryFiles = async (dir: string) => (await readdir(join(dir, 'dashboards/team/_library'))).sort();

  // apply-52: the two commands repeat the run's flags (main: `Run dashsync plan, then dashsync apply` whatever the flags).
  const finishWithRoot = 'Run dashsync plan --root dashboards, then dashsync apply --root dashboards, to finish the handover (it saves the dashboards and deletes lp-old)';
  it.each([
    [['pull', 'user'], finish],
    [['pull'], finish],
    [['pull', '--dry-run'], finish],
    [['pull', '--root', 'dashboards', 'user'], finishWithRoot],
  ])('%j writes no file for the old panel and says what it is and what finishes the handover', async (args, finishing) => {
    const { dir, env } = await stoppedByConflict();
    const pulled = await runCliInProcess(args, { cwd: dir, env });
    expect(pulled.stdout).not.toContain('lp-old');
    expect(pulled.stderr.split('\n')).toContain(`${note}; user uses it in Grafana: a dashboard file this pull writes refers to lp-old as Grafana does, so point it at lp-new before you commit (check reports library-panel-missing until then). ${finishing}`);
    expect(await libraryFiles(dir)).toEqual(['cpu.json']);
  });

  it('pull --force user writes the dashboard as Grafana holds it (on lp-old) and no panel file; pointed back at lp-new, the next apply finishes the handover with the edit kept', async () => {
    const { sandbox, settings, grafana, dir, env } = await stoppedByConflict();
    const pulled = await runCliInProcess(['pull', '--force', 'user'], { cwd: dir, env });
    expect(pulled.stderr).toContain(note);
    expect(await libraryFiles(dir)).toEqual(['cpu.json']);
    const file = join(dir, 'dashboards/team/user.json');
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect([written.description, written.panels[0].libraryPanel.uid]).toEqual(['edited in Grafana', 'lp-old']);
    const checked = await runCliInProcess(['check'], { cwd: dir, env });
    expect(checked.stdout + checked.stderr).toContain('library-panel-missing');

    written.panels[0].libraryPanel = { uid: 'lp-new', name: 'CPU usage' };
    await writeFile(file, `${JSON.stringify(written, null, 2)}\n`);
    await commitAll(dir, 'keep the edit, on lp-new');
    const { result } = await runApply({ settings, grafana, env: {}, force: false });
    expect([result?.libraryPanelsDeleted, result?.updated, result?.failures]).toEqual([['lp-old'], ['user'], []]);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/user')).body.dashboard).toMatchObject({ description: 'edited in Grafana', panels: [{ libraryPanel: { uid: 'lp-new' } }] });
  });

  it('a file a pull wrote under the handover name before this fix is named for deletion', async () => {
    const { dir, env } = await stoppedByConflict();
    await writeFiles(dir, { 'dashboards/team/_library/lp-old-being-replaced-by-lp-new.json': { ...panelFile('lp-old'), name: 'lp-old (being replaced by lp-new)' } });
    const pulled = await runCliInProcess(['pull', '--dry-run'], { cwd: dir, env });
    expect(pulled.stderr).toContain(`${note}; delete dashboards/team/_library/lp-old-being-replaced-by-lp-new.json, which a pull wrote during the handover; user uses it in Grafana`);
  });
});

describe('a name handover stopped by a conflict on the old panel (edited in Grafana after the plan)', () => {
  it('advises carrying the live edit into the file of the panel that takes the name; followed, check passes and the next apply hands the name over with the edit', async () => {
    const { sandbox, settings, grafana, dir } = await appliedTree(true);
    await commitNewUid(dir);
    const plan = await createPlan({ settings, grafana, git: GIT });
    const old = (await apiRequest(sandbox, 'GET', '/api/library-elements/lp-old')).body.result;
    const edited = { ...old.model, targets: [{ expr: 'rate(edited[5m])' }] };
    expect((await apiRequest(sandbox, 'PATCH', '/api/library-elements/lp-old', { name: old.name, model: edited, folderUid: 'team', kind: 1, version: old.version })).status).toBe(200);

    const result = await applyPlan({ plan, settings, grafana, message: 'test', force: false });
    expect(result.conflicts.map((conflict) => conflict.uid)).toEqual(['lp-old']);
    expect(renderConflict(result.conflicts[0]!).split('. Run ')[1]).toBe(
      'dashsync plan to review, to keep the live edit: dashsync pull lp-old writes it to a file of its own; copy its model into dashboards/team/_library/cpu.json (library panel lp-new), ' +
        'which takes over its name, and delete that file (a name is once per folder), or dashsync apply --force to delete it anyway (a backup is written first)',
    );

    const env = { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: await sandbox.createToken('Admin') };
    const pulled = await runCliInProcess(['pull', 'lp-old'], { cwd: dir, env });
    const written = /created  (\S+)/.exec(pulled.stdout)![1]!;
    const panel = join(dir, 'dashboards/team/_library/cpu.json');
    const copied = JSON.parse(await readFile(panel, 'utf8'));
    copied.model = JSON.parse(await readFile(join(dir, written), 'utf8')).model;
    await writeFile(panel, `${JSON.stringify(copied, null, 2)}\n`);
    await rm(join(dir, written));
    expect((await runCliInProcess(['check'], { cwd: dir, env })).code).toBe(0);
    await commitAll(dir, 'keep the edit on lp-new');

    const again = await runApply({ settings, grafana, env: {}, force: false });
    expect([again.result?.libraryPanelsCreated, again.result?.libraryPanelsDeleted, again.result?.failures]).toEqual([['lp-new'], ['lp-old'], []]);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-new')).body.result).toMatchObject({ name: 'CPU usage', model: { targets: [{ expr: 'rate(edited[5m])' }] } });
  });
});
