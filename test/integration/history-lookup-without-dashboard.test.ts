import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { writeDashboardTree } from '../../scripts/lib/generate-dashboards.mjs';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createLegacyApi } from '../../src/grafana/legacy/create-legacy-api.js';
import { parseWithoutMember } from '../../src/grafana/http/parse-without-member.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { dashboardActions } from '../../src/plan/types.js';
import { describeWarning } from '../../src/report/describe-warning.js';
import { labelsNotSeenMessage } from '../helpers/labels-not-seen.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 120_000 });

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };
const COUNT = 6;
/** What someone types when saving in Grafana: characters Grafana's JSON escapes, and text that looks like the `data` member. */
const EDIT_MESSAGE = 'tuned <thresholds> & "data": {"panels": [';

/** A versions answer's entries as the whole answer parsed gives them (what the drift check read before). */
async function versionsParsedWhole(sandbox: { url: string }, uid: string, limit: number) {
  const answer = await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${uid}/versions?limit=${limit}`);
  expect(answer.status).toBe(200);
  const list = (Array.isArray(answer.body) ? answer.body : answer.body.versions) as Record<string, unknown>[];
  return {
    cut: parseWithoutMember(Buffer.from(answer.text), 'data') !== null,
    data: list.map((entry) => entry.data),
    versions: list.map(({ version, parentVersion, restoredFrom, created, createdBy, message }) => ({ version, parentVersion, restoredFrom, created, createdBy, message })),
  };
}

/** A sandbox and a workspace of COUNT generated dashboards, planned and applied in-process through `api`. */
async function generatedWorkspace(grafanaVersion: '11.2' | '12' | '13', api: 'legacy' | 'k8s') {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-history-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const tree = join(dir, 'dashboards');
  writeDashboardTree(tree, { count: COUNT, seed: 4 });
  await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ root: 'dashboards' }));
  const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
  const settings = await loadSettings({ flags: { api }, env, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  const plan = () => createPlan({ settings, grafana, git: GIT });
  const apply = async () => applyPlan({ plan: await plan(), settings, grafana, message: 'dashsync: test', force: false });
  /** The tree's files rewritten: `mutate` as writeDashboardTree takes it. */
  const rewrite = (mutate: { fraction: number; seed: number }) => writeDashboardTree(tree, { count: COUNT, seed: 4, mutate });
  return { sandbox, grafana, plan, apply, rewrite };
}

/** Grafana 13 through /api: the plan's once-per-run warning that /api shows no labels (its COUNT updates). */
const labelsNotSeen = (grafanaVersion: string) => (grafanaVersion === '13' ? [{ kind: 'other', uid: null, message: labelsNotSeenMessage(COUNT) }] : []);

describe.each(['11.2', '12', '13'] as const)('the drift check reads each version without its data (Grafana %s, /api)', (grafanaVersion) => {
  it('plans an all-changed tree with the drift warning of the one dashboard edited in Grafana, and reads every version as the whole answer gives it', async () => {
    const { sandbox, plan: createTreePlan, apply, rewrite } = await generatedWorkspace(grafanaVersion, 'legacy');

    // Created by dashsync (version 1, "Initial save" by our login), then half of them saved again by it (the marker).
    expect((await apply()).created).toHaveLength(COUNT);
    rewrite({ fraction: 0.5, seed: 2 });
    expect((await apply()).updated).toHaveLength(COUNT / 2);
    // Someone else saves one of them in Grafana.
    const uids = dashboardActions(await createTreePlan()).map((action) => action.uid);
    const edited = uids[1]!;
    const editor = await sandbox.createToken('Editor');
    const live = (await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${edited}`)).body;
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.dashboard, description: 'edited in the UI' }, folderUid: live.meta.folderUid, message: EDIT_MESSAGE }, bearerHeaders(editor));
    expect(saved.status).toBe(200);
    // How /api's history names a service account's save: its name (12+), Anonymous (11.2).
    const editorName = grafanaVersion === '11.2' ? 'Anonymous' : ((await apiRequest(sandbox, 'GET', '/api/user', undefined, bearerHeaders(editor))).body.name as string);

    rewrite({ fraction: 1, seed: 5 });
    const plan = await createTreePlan();

    expect(plan.summary).toMatchObject({ create: 0, update: COUNT, move: 0, delete: 0, unchanged: 0 });
    const whole = await versionsParsedWhole(sandbox, edited, 1);
    expect(plan.warnings).toEqual([
      { kind: 'drift', uid: edited, title: live.dashboard.title, version: saved.body.version, updatedBy: editorName, updated: whole.versions[0]!.created, message: EDIT_MESSAGE },
      ...labelsNotSeen(grafanaVersion),
    ]);

    // Every version list, one entry or all, reads as the whole answer parsed gives it; each entry carries its dashboard
    // (11.2's too: the SQL list selects the data column), which is cut out.
    const api = createLegacyApi({ url: sandbox.url, auth: { kind: 'basic', user: 'admin', password: 'admin' }, timeoutMs: 10_000, concurrency: 2 });
    onTestFinished(() => api.close());
    for (const uid of uids) {
      for (const limit of [1, 10]) {
        const expected = await versionsParsedWhole(sandbox, uid, limit);
        expect(await api.listDashboardVersions(uid, limit)).toEqual(expected.versions);
        expect(expected.data.every((data) => typeof data === 'object' && data !== null)).toBe(true);
        expect(expected.cut).toBe(true);
      }
    }
  });

  it('reports a sign-in page in place of the versions answer as any request does: HTTP 200, not JSON, with its text', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const api = createLegacyApi({ url: sandbox.url, auth: { kind: 'basic', user: 'admin', password: 'admin' }, timeoutMs: 10_000, concurrency: 2 });
    onTestFinished(() => api.close());
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'cpu', title: 'CPU', panels: [] }, message: 'x' });
    expect(saved.status).toBe(200);
    sandbox.setFaults({ methods: ['GET'], pathPrefix: '/api/dashboards/uid/cpu/versions', script: [{ kind: 'login-page' }] });

    await expect(api.listDashboardVersions('cpu', 1)).rejects.toThrow(/^GET \/api\/dashboards\/uid\/cpu\/versions\?limit=1 failed: HTTP 200: the answer is not JSON \("Sign in Sign in to continue"\)/);
  });
});

describe.each(['12', '13'] as const)('the drift check reads the newest history entry without its spec (Grafana %s, /apis)', (grafanaVersion) => {
  it('plans an all-changed tree with the drift warning of the one dashboard edited in the UI, each last save as the whole history answer gives it', async () => {
    const { sandbox, grafana, plan: createTreePlan, apply, rewrite } = await generatedWorkspace(grafanaVersion, 'k8s');
    expect((await apply()).created).toHaveLength(COUNT);
    const uids = dashboardActions(await createTreePlan()).map((action) => action.uid);
    const edited = uids[2]!;
    const edit = await fetch(`${sandbox.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid: edited, user: 'jane', message: EDIT_MESSAGE }) });
    expect(edit.status).toBe(200);

    rewrite({ fraction: 1, seed: 5 });
    const plan = await createTreePlan();

    expect(plan.summary).toMatchObject({ create: 0, update: COUNT, move: 0, delete: 0, unchanged: 0 });
    // The generated files are at schemaVersion 39–41: Grafana holds them migrated since the first apply's writes through /apis,
    // whose plan noted the migration; these updates change nothing more there and are not noted again (walk-69 L6).
    expect(plan.warnings).toEqual([expect.objectContaining({ kind: 'drift', uid: edited, updatedBy: 'jane', message: EDIT_MESSAGE })]);
    // Asked of every dashboard (none told by its record), each last save is what the whole history answer gives.
    for (const uid of uids) {
      const path = `/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards?limit=1&labelSelector=grafana.app%2Fget-history%3Dtrue&fieldSelector=metadata.name%3D${uid}`;
      const answer = await apiRequest(sandbox, 'GET', path);
      expect(parseWithoutMember(Buffer.from(answer.text), 'spec', 3)).not.toBeNull();
      const { metadata } = answer.body.items[0];
      const unknown = { by: '', at: '', message: null, byDashsync: null, version: 0 };
      expect(await grafana.readLastSave({ uid, version: 0, lastSave: unknown })).toEqual({
        by: metadata.annotations['grafana.app/updatedBy'] || metadata.annotations['grafana.app/createdBy'],
        at: metadata.annotations['grafana.app/updatedTimestamp'] || metadata.creationTimestamp,
        message: metadata.annotations['grafana.app/message'],
        byDashsync: uid !== edited,
        version: metadata.generation,
      });
    }
  });
});

describe.each(['12', '13'] as const)('a history Grafana cannot convert (Grafana %s, /api)', (grafanaVersion) => {
  it('plans the update with one line saying the history could not be read, not as a dashboard without history', async () => {
    const { sandbox, plan: createTreePlan, apply, rewrite } = await generatedWorkspace(grafanaVersion, 'legacy');
    expect((await apply()).created).toHaveLength(COUNT);
    const uids = dashboardActions(await createTreePlan()).map((action) => action.uid);
    const edited = uids[0]!;
    // Someone saves it in Grafana with a message that looks like a restore's: 12+ then answer its versions list 404.
    const live = (await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${edited}`)).body;
    const message = 'Restored from version 1 (by hand)';
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.dashboard, description: 'edited in the UI' }, folderUid: live.meta.folderUid, message });
    expect(saved.status).toBe(200);
    expect((await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${edited}/versions?limit=1`)).status).toBe(404);

    rewrite({ fraction: 1, seed: 5 });
    const plan = await createTreePlan();

    expect(plan.summary).toMatchObject({ update: COUNT, delete: 0 });
    expect(plan.warnings).toEqual([{ kind: 'drift-not-checked', uid: null, uids: [edited], reason: 'unconvertible' }, ...labelsNotSeen(grafanaVersion)]);
    expect(describeWarning(plan.warnings[0]!)).toBe(
      `drift not checked for 1 dashboard (${edited}): Grafana could not read their version history (it answers 404 "No versions found" ` +
        'for a dashboard that exists), so whether someone edited them in Grafana is not known; they will be overwritten as planned',
    );
  });
});
