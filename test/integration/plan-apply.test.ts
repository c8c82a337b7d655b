import { DASHBOARD_DIGESTS, digestActions } from '../../src/plan/action-digests.js';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it, onTestFinished } from 'vitest';
import { canonicalModelText } from '../../src/apply/canonical-model-text.js';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { runApply } from '../../src/apply/run-apply.js';
import type { ApplyEvent } from '../../src/apply/types.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { describeError } from '../../src/describe-error.js';
import type { Settings } from '../../src/config/types.js';
import { withListedSaverNote } from '../../src/grafana/content-note.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import type { GrafanaPort } from '../../src/grafana/port.js';
import { compactJsonObject } from '../../src/files/compact-json-object.js';
import { hashBytes } from '../../src/files/hash-text.js';
import { contentDigest } from '../../src/normalize/content-digest.js';
import { hashContentSettings } from '../../src/plan/hash-content-settings.js';
import { pushedSource } from '../../src/plan/pushed-source.js';
import { PUSHED_FROM, PUSHED_SHA256 } from '../../src/grafana/k8s/to-live-dashboard.js';
import { stableTextDigest } from '../../src/normalize/stable-text-digest.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { dashboardActions, type Plan } from '../../src/plan/types.js';
import { readDesired } from '../../src/plan/read-desired.js';
import { writePlanFile } from '../../src/plan/plan-file.js';
import { renderApplyProblems, renderFailure } from '../../src/report/render-apply-result.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { GRAFANA_VERSIONS } from '../helpers/releases.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { copyExampleTree } from '../e2e/apply/workspace.js';

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

/** The line apply prints for the failure that ended `run` (the error's description, hint included). */
async function failureLine(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => new Error('the run did not fail'),
    (failure: unknown) => failure,
  );
  const described = describeError(error, 'cli');
  return `${described.line}${described.hint ?? ''}`;
}

/**
 * A copy of the example tree (its classic models) and config, resolved settings against the sandbox, and the port:
 * the use cases run in-process, through /api (test/integration/apis-scenarios.test.ts runs them through /apis).
 */
async function setUp(sandbox: SandboxHandle, flags: Record<string, unknown> = {}): Promise<{ dir: string; settings: Settings; grafana: GrafanaPort }> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-use-case-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await copyExampleTree(dir);
  const settings = await loadSettings({ flags: { api: 'legacy', ...flags }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  return { dir, settings, grafana };
}

describe.each(GRAFANA_VERSIONS)('createPlan and applyPlan in-process against Grafana %s', (grafanaVersion) => {
  it('plans the tree, applies it phase by phase with one event per action, then plans nothing', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const { settings, grafana } = await setUp(sandbox);

    const plan = await createPlan({ settings, grafana, git: GIT });
    expect(plan.summary).toMatchObject({ create: 7, folderCreate: 5 });
    expect(plan.target).toEqual({ url: sandbox.url, urlSha256: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), orgId: null, credentialsOrgId: 1, grafanaVersion: expect.stringMatching(new RegExp(`^${grafanaVersion.replace('.', '\\.')}\\.`)), api: 'legacy', environment: null });
    const events: ApplyEvent[] = [];
    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false, onEvent: (event) => events.push(event) });

    expect(result).toMatchObject({ conflicts: [], failures: [], stoppedBy: null });
    expect([result.created.length, result.foldersCreated.length]).toEqual([7, 5]);
    expect(events).toHaveLength(12);
    expect(events.slice(0, 5).every((event) => event.kind === 'folder' && event.outcome === 'created')).toBe(true);
    expect(events.slice(5).every((event) => event.kind === 'dashboard' && event.outcome === 'created')).toBe(true);

    const again = await createPlan({ settings, grafana, git: GIT });
    expect(again.summary).toMatchObject({ create: 0, update: 0, move: 0, delete: 0, unchanged: 7, folderCreate: 0, folderUpdate: 0 });
  });

  it.each(grafanaVersion === '11.2' ? ['legacy'] : ['legacy', 'k8s'])(
    'a folder renamed in Grafana after the plan is a conflict that names the title Grafana showed, the tree\'s, the live one, who and when, and pull <uid> (through %s); the dashboards in it are still saved',
    async (api) => {
      const sandbox = await startTestSandbox({ grafanaVersion });
      const { dir, settings, grafana } = await setUp(sandbox, { api });
      await applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force: false });
      await writeFile(join(dir, 'dashboards/platform/_folder.json'), JSON.stringify({ uid: 'platform-team', title: 'Platform Engineering' }));
      const redis = join(dir, 'dashboards/platform/databases/redis.json');
      const model = JSON.parse(await readFile(redis, 'utf8'));
      await writeFile(redis, JSON.stringify({ ...model, description: 'from git' }));
      const plan = await createPlan({ settings, grafana, git: GIT });
      expect(plan.actions.filter((a) => a.action !== 'noop').map((a) => `${a.kind} ${a.action} ${a.uid}`)).toEqual(['folder update platform-team', 'dashboard update redis-exporter']);

      const folder = await apiRequest(sandbox, 'GET', '/api/folders/platform-team');
      const renamed = await apiRequest(sandbox, 'PUT', '/api/folders/platform-team', { title: 'Renamed in the UI', version: folder.body.version });
      expect(renamed.status).toBe(200);

      const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });
      const live = (await apiRequest(sandbox, 'GET', '/api/folders/platform-team')).body;
      // 11.x answers `Anonymous` for a folder's saver (its folder table keeps none): nobody is named then.
      const by = grafanaVersion === '11.2' ? null : 'admin';
      expect(result.conflicts).toMatchObject([{ uid: 'platform-team', title: 'Platform Engineering', action: 'folder-update', changedBy: by, currentTitle: 'Renamed in the UI', opaqueRevisions: true }]);
      // Who and when as Grafana records them (on /apis the updatedBy annotation, named through the display lookup); no revision
      // numbers. Where Grafana names nobody (11.x), the line says so (pull-restore-54; it left "changed by" out).
      const at = result.conflicts[0]!.changedAt;
      const who = by ? `changed by ${by} at ${at}` : `changed at ${at} (Grafana did not say by whom)`;
      expect(renderApplyProblems(result)).toBe(
        `conflict: folder platform-team "Platform Team" (titled "Platform Engineering" in the tree) changed in Grafana after the plan: now titled "Renamed in the UI", ${who}; left untouched. ` +
          'Run dashsync plan to review, dashsync pull platform-team to bring the live edit into the file (it refuses a file that holds a change not applied yet, and says how to merge the two), or dashsync apply --force to overwrite it\n',
      );
      if (api === 'legacy') expect(result.conflicts[0]!.changedAt).toBe(live.updated);
      expect(result.updated).toEqual(['redis-exporter']);
      expect(live.title).toBe('Renamed in the UI');
    },
  );
});

describe('conflict lines when the plan itself renames (Grafana 11.2)', () => {
  it('names no rename when only the description changed in Grafana: the live title is compared with the one the plan saw, not the file\'s', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const { dir, settings, grafana } = await setUp(sandbox);
    await applyPlan({ plan: await createPlan({ settings, grafana, git: GIT }), settings, grafana, message: 'dashsync: test', force: false });
    // The files rename the dashboard and its folder; Grafana then changes something else in each.
    await writeFile(join(dir, 'dashboards/platform/_folder.json'), JSON.stringify({ uid: 'platform-team', title: 'Platform Renamed' }));
    const redis = join(dir, 'dashboards/platform/databases/redis.json');
    const model = JSON.parse(await readFile(redis, 'utf8'));
    await writeFile(redis, JSON.stringify({ ...model, title: 'Redis Renamed' }));
    const plan = await createPlan({ settings, grafana, git: GIT });

    const live = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/redis-exporter');
    const edit = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.body.dashboard, description: 'edited in the UI' }, folderUid: live.body.meta.folderUid, overwrite: false });
    expect(edit.status).toBe(200);
    const folder = await apiRequest(sandbox, 'GET', '/api/folders/platform-team');
    const touched = await apiRequest(sandbox, 'PUT', '/api/folders/platform-team', { title: folder.body.title, description: 'edited in the UI', version: folder.body.version, overwrite: false });
    expect(touched.status).toBe(200);

    const result = await applyPlan({ plan, settings, grafana, message: 'dashsync: test', force: false });
    const problems = renderApplyProblems(result);
    // The folder's title and parent are still those the plan saw: only saved again (its description), so renamed all the same (content-52).
    expect(result.conflicts.map((c) => c.uid)).toEqual(['redis-exporter']);
    expect(result.foldersUpdated).toEqual(['platform-team']);
    expect(problems).toContain('conflict: redis-exporter "Redis" (dashboards/platform/databases/redis.json, titled "Redis Renamed" there) changed in Grafana after the plan: planned version');
    expect(problems).not.toContain('now titled');

    // A real rename in Grafana is still named.
    const again = await createPlan({ settings, grafana, git: GIT });
    const current = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/redis-exporter');
    await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...current.body.dashboard, title: 'Redis (UI)' }, folderUid: current.body.meta.folderUid, overwrite: false });
    const renamed = renderApplyProblems(await applyPlan({ plan: again, settings, grafana, message: 'dashsync: test', force: false }));
    expect(renamed).toContain('now titled "Redis (UI)"');
  });
});

describe('runApply: the one apply of the CLI and the Action', () => {
  it('a saved plan: its files checked, the explicit delete mode over the plan\'s, git from the plan where the run has none', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const { dir, settings, grafana } = await setUp(sandbox);
    await runApply({ settings, grafana, env: {}, force: false });
    await rm(join(dir, 'dashboards/platform/databases/redis.json'));
    const pruning = { ...settings, prune: 'folders' as const };
    await writePlanFile('plan.json', await createPlan({ settings: pruning, grafana, git: GIT }), dir);

    sandbox.clearRequests();
    const planned: string[] = [];
    const { source, result } = await runApply({ settings, grafana, env: { GITHUB_SHA: '' }, planFile: 'plan.json', force: false, deleteMode: 'hard', onPlan: (plan, from) => void planned.push(`${from} ${plan.summary.delete}`) });
    expect([source, planned]).toEqual(['saved', ['saved 1']]);
    expect(result?.deleted).toEqual(['redis-exporter']);
    const writes = sandbox.requests().filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
    expect(writes).toEqual(['DELETE /api/dashboards/uid/redis-exporter', 'DELETE /api/dashboards/uid/redis-exporter/trash']);
  });

  it('plans first without a saved plan, and sends nothing when there is nothing to do', async () => {
    const sandbox = await startTestSandbox();
    const { settings, grafana } = await setUp(sandbox);
    const first = await runApply({ settings, grafana, env: {}, force: false });
    expect([first.source, first.result?.created.length]).toEqual(['planned', 7]);
    sandbox.clearRequests();
    const second = await runApply({ settings, grafana, env: {}, force: false });
    expect(second.result).toBeNull();
    expect(sandbox.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('saves what it planned without parsing the files again, and still refuses an update\'s file edited after the plan', async () => {
    const sandbox = await startTestSandbox();
    const { dir, settings, grafana } = await setUp(sandbox);
    await runApply({ settings, grafana, env: {}, force: false });
    const redis = join(dir, 'dashboards/platform/databases/redis.json');
    const postgres = join(dir, 'dashboards/platform/databases/postgresql.json');
    const retitle = async (path: string, prefix: string) => writeFile(path, (await readFile(path, 'utf8')).replace('"title": "', `"title": "${prefix} `));
    await retitle(redis, 'Planned');
    await retitle(postgres, 'Planned');
    // An update's file was read after Grafana's answer; one edited after the plan fails at its save alone.
    const { result } = await runApply({ settings, grafana, env: {}, force: false, onPlan: () => retitle(redis, 'Edited') });
    expect(result?.updated).toEqual(['postgresql-overview']);
    expect(result?.failures.map((f) => [f.uid, f.message])).toEqual([['redis-exporter', 'dashboards/platform/databases/redis.json changed since the plan was made']]);
    // Its line ends with the new plan to make, as commands with the run's flags (stop 53: `run dashsync plan again`, no flag).
    const selection = { root: 'dashboards', include: ['platform/**'], environment: 'prod' };
    const line = renderFailure(result!.failures[0]!, 'cli', selection, 'my plan.json');
    expect(line).toMatch(/^failed: update redis-exporter "[^"]+": /);
    expect(line.slice(line.indexOf('": ') + 3)).toBe(
      'dashboards/platform/databases/redis.json changed since the plan was made; ' +
        "run dashsync plan --env prod --root dashboards --include 'platform/**' --out 'my plan.json' again and review it, then dashsync apply --env prod 'my plan.json'",
    );
    expect(renderFailure(result!.failures[0]!, 'action', selection)).toMatch(/: dashboards\/platform\/databases\/redis\.json changed since the plan was made; make the plan again and review it: push a commit to this branch \(or merge a pull request into it\), whose run plans anew \(a re-run of this job reads this same file\)$/);
    // What was saved is what the files hold: a new plan has only the refused one left to update.
    expect((await createPlan({ settings, grafana, git: GIT })).summary).toMatchObject({ create: 0, update: 1, unchanged: 6 });
  });

  it('plans a create from the tree pass\'s read of its file: one edited while the plan waits on Grafana is planned as read, and the run stops before its first write (review-7 #3)', async () => {
    const sandbox = await startTestSandbox();
    const { dir, settings, grafana } = await setUp(sandbox);
    const file = 'dashboards/platform/databases/redis.json';
    const read = await readFile(join(dir, file), 'utf8');
    sandbox.setFaults({ methods: ['GET'], pathPrefix: '/api/dashboards/uid/redis-exporter', script: [{ kind: 'hold' }] });
    let planned: Plan | undefined;
    const applying = runApply({ settings, grafana, env: {}, force: false, onPlan: (plan) => void (planned = plan) });
    await sandbox.whenHeld(1);
    await writeFile(join(dir, file), read.replace('"title": "', '"title": "Edited '));
    sandbox.releaseHeld();
    expect(await failureLine(applying)).toBe(`1 file changed since the plan was made (${file}); nothing was applied. Run dashsync plan again and review it`);
    const redis = dashboardActions(planned!).find((action) => action.uid === 'redis-exporter');
    expect([redis?.action, redis?.contentHash]).toEqual(['create', hashBytes(Buffer.from(read))]);
    expect(sandbox.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('sends each save as before, canonical model files sent as their bytes among them: the model with id and version, the folder, the message', async () => {
    const sandbox = await startTestSandbox();
    const { dir, settings, grafana } = await setUp(sandbox);
    const files = await fg('dashboards/**/*.json', { cwd: dir, ignore: ['**/_folder.json'] });
    const saves = () => sandbox.requests().filter((r) => r.method === 'POST' && r.path === '/api/dashboards/db').map((r) => r.body);
    // What a save sent before: the file's canonical model, its id and version as the plan read them, the plan's folder, the message.
    const planAndExpect = async () => {
      const plan = await createPlan({ settings, grafana, git: GIT });
      const wanted = await Promise.all(dashboardActions(plan).map(async (action) => {
        const { spec } = await readDesired(action.file!, settings);
        const live = action.live && (await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${action.uid}`)).body;
        // The message carries the content note every /api save writes: the digest of the file's content, saved as admin.
        const message = withListedSaverNote('dashsync: test', contentDigest({ schema: 'v1', spec }), 'admin');
        return { dashboard: { ...spec, ...(live ? { id: live.dashboard.id, version: live.meta.version } : { id: null }) }, folderUid: action.folderUid ?? '', message, overwrite: false };
      }));
      sandbox.clearRequests();
      return { plan, wanted: sortByUid(wanted) };
    };
    // Both kinds are in the example tree: files that are the canonical model, and files that are not (inputs, library panels).
    const sentAsText = files.filter((file) => canonicalModelText(compactJsonObject(readFileSync(join(dir, file))), { uid: String(JSON.parse(readFileSync(join(dir, file), 'utf8')).uid), minRefreshInterval: '5s' }) !== null);
    expect([sentAsText.length > 0, sentAsText.length < files.length]).toEqual([true, true]);
    // Their content notes' digests come from the bytes when already in the digest's form (sorted keys, as pulled), else from the parse.
    const digestedAsBytes = sentAsText.filter((file) => stableTextDigest(compactJsonObject(readFileSync(join(dir, file)))!.bytes) !== null);
    expect(digestedAsBytes.length).toBeGreaterThan(0);

    const creates = await planAndExpect();
    const created = await applyPlan({ plan: creates.plan, settings, grafana, message: 'dashsync: test', force: false });
    expect(created.created).toHaveLength(files.length);
    expect(sortByUid(saves())).toEqual(creates.wanted);

    // Updates: every file changed (written in canonical form), saved at the version the plan read.
    for (const file of files) {
      const model = JSON.parse(await readFile(join(dir, file), 'utf8'));
      await writeFile(join(dir, file), `${JSON.stringify({ ...model, description: 'changed in git' }, null, 2)}\n`);
    }
    const updates = await planAndExpect();
    const updated = await applyPlan({ plan: updates.plan, settings, grafana, message: 'dashsync: test', force: false });
    expect(updated.updated).toHaveLength(files.length);
    expect(sortByUid(saves())).toEqual(updates.wanted);
  });

  it('sends each save through /apis as before, canonical model files sent as their bytes among them: the spec without uid, the record of that content', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const { dir, settings, grafana } = await setUp(sandbox, { api: 'k8s' });
    const files = await fg('dashboards/**/*.json', { cwd: dir, ignore: ['**/_folder.json'] });
    const writes = () => sandbox.requests().filter((r) => (r.method === 'POST' || r.method === 'PUT') && r.path.startsWith('/apis/dashboard.grafana.app/'));
    // What a write sent before: the file's canonical model without uid, id and version as the spec, its folder, no labels, the record of its content.
    const planAndExpect = async () => {
      const plan = await createPlan({ settings, grafana, git: GIT });
      const wanted = await Promise.all(dashboardActions(plan).map(async (action) => {
        const { spec, hash } = await readDesired(action.file!, settings);
        const { uid: _uid, id: _id, version: _version, ...sent } = spec;
        const record = { sha256: contentDigest({ schema: 'v1', spec }), from: pushedSource(hash, hashContentSettings(settings), action.write!) };
        return { name: action.uid, folder: action.folderUid ?? undefined, labels: undefined, record, spec: sent };
      }));
      sandbox.clearRequests();
      return { plan, wanted: sortByName(wanted) };
    };
    const sent = () => sortByName(writes().map(({ body }) => {
      const { metadata, spec } = body as { metadata: { name: string; labels?: unknown; annotations: Record<string, string> }; spec: unknown };
      const record = { sha256: metadata.annotations[PUSHED_SHA256], from: metadata.annotations[PUSHED_FROM] };
      return { name: metadata.name, folder: metadata.annotations['grafana.app/folder'], labels: metadata.labels, record, spec };
    }));
    // Both kinds are in the example tree: files that are the canonical model, and files that are not (inputs, library panels).
    const sentAsText = files.filter((file) => canonicalModelText(compactJsonObject(readFileSync(join(dir, file))), { uid: String(JSON.parse(readFileSync(join(dir, file), 'utf8')).uid), minRefreshInterval: '5s' }) !== null);
    expect([sentAsText.length > 0, sentAsText.length < files.length]).toEqual([true, true]);

    const creates = await planAndExpect();
    const created = await applyPlan({ plan: creates.plan, settings, grafana, message: 'dashsync: test', force: false });
    expect(created.created).toHaveLength(files.length);
    expect(sent()).toEqual(creates.wanted);

    // Updates: every file changed (written in canonical form, the uid first, in the middle or last), saved at the revision the plan read.
    for (const [index, file] of files.entries()) {
      const { uid, ...model } = JSON.parse(await readFile(join(dir, file), 'utf8'));
      const entries = Object.entries({ ...model, description: 'changed in git' });
      entries.splice([0, 2, entries.length][index % 3]!, 0, ['uid', uid]);
      await writeFile(join(dir, file), `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`);
    }
    const updates = await planAndExpect();
    const updated = await applyPlan({ plan: updates.plan, settings, grafana, message: 'dashsync: test', force: false });
    expect(updated.updated).toHaveLength(files.length);
    expect(sent()).toEqual(updates.wanted);
    expect(writes().every((write) => write.method === 'PUT')).toBe(true);
    expect(await createPlan({ settings, grafana, git: GIT }).then((plan) => plan.summary)).toMatchObject({ create: 0, update: 0 });
  });

  it('a saved plan whose canonical model file changed is refused before any write; unchanged, it applies', async () => {
    const sandbox = await startTestSandbox();
    const { dir, settings, grafana } = await setUp(sandbox);
    const file = 'dashboards/platform/databases/postgresql.json';
    const text = await readFile(join(dir, file), 'utf8');
    await writePlanFile('plan.json', await createPlan({ settings, grafana, git: GIT }), dir);
    await writeFile(join(dir, file), text.replace('"title": "', '"title": "Edited '));
    sandbox.clearRequests();
    expect(await failureLine(runApply({ settings, grafana, env: {}, planFile: 'plan.json', force: false }))).toBe(
      `1 file changed since the plan was made (${file}); nothing was applied. Run dashsync plan again and review it`,
    );
    expect(sandbox.requests().filter((r) => r.method !== 'GET')).toEqual([]);
    await writeFile(join(dir, file), text);
    expect((await runApply({ settings, grafana, env: {}, planFile: 'plan.json', force: false })).result?.created).toHaveLength(7);
  });

  it('a saved plan naming the digest of a file nested too deep is refused with the tree pass\'s named error, before any write (review-7 #4)', async () => {
    const sandbox = await startTestSandbox();
    const { dir, settings, grafana } = await setUp(sandbox);
    const file = 'dashboards/platform/databases/postgresql.json';
    const uid = JSON.parse(await readFile(join(dir, file), 'utf8')).uid as string;
    await writePlanFile('plan.json', await createPlan({ settings, grafana, git: GIT }), dir);
    // Deep enough that a recursive walk of it overflows the stack; a hand-made plan names its digest.
    const deep = Buffer.from(`{"uid": "${uid}", "title": "Deep", "panels": [], "x": ${'['.repeat(200_000)}${']'.repeat(200_000)}}\n`);
    await writeFile(join(dir, file), deep);
    const saved = JSON.parse(await readFile(join(dir, 'plan.json'), 'utf8'));
    const action = saved.actions.find((candidate: { uid: string; kind: string }) => candidate.kind === 'dashboard' && candidate.uid === uid);
    action.contentHash = hashBytes(deep);
    saved.dashboardActionsSha256 = digestActions(DASHBOARD_DIGESTS, saved.actions);
    await writeFile(join(dir, 'plan.json'), JSON.stringify(saved));
    sandbox.clearRequests();
    await expect(runApply({ settings, grafana, env: {}, planFile: 'plan.json', force: false })).rejects.toMatchObject({
      name: 'InputError',
      diagnostics: [{ file, line: 1, rule: 'json-syntax', message: 'JSON nested deeper than 1000 levels; no dashboard needs that many: flatten it' }],
    });
    expect(sandbox.requests().filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('refuses a canonical model file edited after the plan, as any other', async () => {
    const sandbox = await startTestSandbox();
    const { dir, settings, grafana } = await setUp(sandbox);
    const file = 'dashboards/platform/databases/postgresql.json';
    const text = await readFile(join(dir, file), 'utf8');
    expect(canonicalModelText(compactJsonObject(Buffer.from(text)), { uid: JSON.parse(text).uid, minRefreshInterval: '5s' })).not.toBeNull();
    const edit = () => writeFile(join(dir, file), text.replace('"title": "', '"title": "Edited '));
    // A create of this run's own plan: its file's digest is checked before the first write, so nothing is applied (review-7 #3).
    sandbox.clearRequests();
    expect(await failureLine(runApply({ settings, grafana, env: {}, force: false, onPlan: edit }))).toBe(
      `1 file changed since the plan was made (${file}); nothing was applied. Run dashsync plan again and review it`,
    );
    expect(sandbox.requests().filter((r) => r.method !== 'GET')).toEqual([]);
    expect((await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${JSON.parse(text).uid}`)).status).toBe(404);
  });

  it('an apply that plans in the same run sends each file as it is when saved, and refuses a canonical model file edited after the plan without sending what the plan read', async () => {
    const sandbox = await startTestSandbox();
    const { dir, settings, grafana } = await setUp(sandbox);
    const files = await fg('dashboards/**/*.json', { cwd: dir, ignore: ['**/_folder.json'] });
    const sent = () => sortByUid(sandbox.requests().filter((r) => r.method === 'POST' && r.path === '/api/dashboards/db').map((r) => ({ dashboard: (r.body as { dashboard: unknown }).dashboard })));
    // What each save must send: the file's canonical model as it reads now; a create's id null, an update's id and version as the plan read them.
    const wanted = async (uids: readonly string[], live: Record<string, unknown>) => {
      const specs = await Promise.all(files.map(async (file) => (await readDesired(file, settings)).spec));
      return sortByUid(specs.filter((spec) => uids.includes(String(spec.uid))).map((spec) => ({ dashboard: { ...spec, ...live } })));
    };
    const uids = files.map((file) => String(JSON.parse(readFileSync(join(dir, file), 'utf8')).uid));
    const created = await runApply({ settings, grafana, env: {}, force: false });
    expect(created.result?.created).toHaveLength(files.length);
    expect(sent()).toEqual(await wanted(uids, { id: null }));

    // Every file changed; the canonical model one edited once more after the plan (when it is shown), before its save.
    for (const file of files) {
      const model = JSON.parse(await readFile(join(dir, file), 'utf8'));
      await writeFile(join(dir, file), `${JSON.stringify({ ...model, description: 'changed in git' }, null, 2)}\n`);
    }
    const edited = 'dashboards/platform/databases/postgresql.json';
    const planned = await readFile(join(dir, edited), 'utf8');
    const editedUid = String(JSON.parse(planned).uid);
    expect(canonicalModelText(compactJsonObject(Buffer.from(planned)), { uid: editedUid, minRefreshInterval: '5s' })).not.toBeNull();
    sandbox.clearRequests();
    const { result } = await runApply({ settings, grafana, env: {}, force: false, onPlan: () => writeFile(join(dir, edited), planned.replace('"title": "', '"title": "Edited ')) });
    expect(result?.failures.map((f) => [f.uid, f.message])).toEqual([[editedUid, `${edited} changed since the plan was made`]]);
    const others = uids.filter((uid) => uid !== editedUid);
    expect([...(result?.updated ?? [])].sort()).toEqual([...others].sort());
    // Neither what the plan read nor the edit went out for it; every other save sent its file as it is.
    expect(sent()).toEqual(await wanted(others, { id: expect.any(Number), version: expect.any(Number) }));
  });
});

function sortByName<T extends { name: string }>(writes: T[]): T[] {
  return [...writes].sort((a, b) => a.name.localeCompare(b.name));
}

function sortByUid(bodies: unknown[]): unknown[] {
  return [...bodies].sort((a, b) => String((a as any).dashboard.uid).localeCompare(String((b as any).dashboard.uid)));
}

