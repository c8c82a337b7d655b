import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadSettings } from '../../src/config/load-settings.js';
import type { ApiMode } from '../../src/config/types.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import { createPlan } from '../../src/plan/create-plan.js';
import { dashboardActions, type Plan } from '../../src/plan/types.js';
import { describeWarning } from '../../src/report/describe-warning.js';
import { renderApplyEvent } from '../../src/report/render-apply-event.js';
import { renderPlanText } from '../../src/report/render-plan-text.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';

vi.setConfig({ testTimeout: 60_000 });

const GIT = { sha: '0123456789abcdef0123456789abcdef01234567', subject: 'test', actor: 'tester' };

/** A resource file with a label, at the schemaVersion Grafana's /apis write leaves as it is on neither release (42). */
const LABELLED = {
  apiVersion: 'dashboard.grafana.app/v1beta1',
  kind: 'Dashboard',
  metadata: { name: 'mysql-overview', labels: { team: 'platform' } },
  spec: { panels: [], schemaVersion: 41, title: 'MySQL overview' },
};

/** A classic model written outside this project: Grafana's /apis write migrates it (singlestat → stat). */
const OLD = {
  uid: 'old-one',
  title: 'Old',
  schemaVersion: 27,
  panels: [{ id: 1, type: 'singlestat', title: 'S', gridPos: { x: 0, y: 0, w: 6, h: 4 }, datasource: 'prometheus', targets: [{ refId: 'A', expr: 'up' }] }],
};

async function tree(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-switch-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'dashboards'), { recursive: true });
  for (const [path, content] of Object.entries(files)) await writeFile(join(dir, 'dashboards', path), `${JSON.stringify(content, null, 2)}\n`);
  return dir;
}

/** Plan and apply one tree through one `api` setting; apply's lines as the CLI prints them. */
async function through(sandbox: SandboxHandle, dir: string, api: ApiMode) {
  const settings = await loadSettings({ flags: { api }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: dir });
  const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
  onTestFinished(() => grafana.close());
  const plan = () => createPlan({ settings, grafana, git: GIT });
  const apply = async (planned?: Plan, force = false) => {
    const lines: string[] = [];
    const onEvent = (event: Parameters<typeof renderApplyEvent>[0]) => {
      const line = renderApplyEvent(event);
      if (line) lines.push(line.line);
    };
    const result = await applyPlan({ plan: planned ?? (await plan()), settings, grafana, message: 'dashsync: test', force, onEvent });
    return { result, lines };
  };
  return { plan, apply, grafana };
}

const messages = (plan: Plan) => plan.warnings.map(describeWarning);
const header = (plan: Plan) => renderPlanText(plan, { color: false }).split('\n')[0];

describe.each([
  { grafanaVersion: '12' as const, v1: 'v1beta1', k8sWrites: 'dashboard.grafana.app/v1beta1' },
  { grafanaVersion: '13' as const, v1: 'v1', k8sWrites: 'dashboard.grafana.app/v1, dashboard.grafana.app/v1beta1' },
])('Grafana $grafanaVersion', ({ grafanaVersion, v1, k8sWrites }) => {
  it('switching a labelled resource file from api k8s to legacy: the plan shows each label it removes, and apply keeps them unless --force', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const dir = await tree({ 'mysql.json': LABELLED });
    await (await through(sandbox, dir, 'k8s')).apply();

    const legacy = await through(sandbox, dir, 'legacy');
    const plan = await legacy.plan();
    const [action] = dashboardActions(plan);
    expect(action).toMatchObject({ uid: 'mysql-overview', action: 'update', removesMetadata: true });
    expect(action!.changes).toContainEqual({ path: 'metadata.labels.team', kind: 'removed', before: 'platform' });
    const text = renderPlanText(plan, { color: false });
    expect(text).toContain('      - metadata.labels.team: "platform"');
    expect(messages(plan)).toContain(
      'labels removed: mysql-overview "MySQL overview" (dashboards/mysql.json) goes through /api (api "legacy"), whose save removes every label and annotation ' +
        'Grafana holds for it (team of its file among them; Grafana 12 and later keep them only through /apis, which this run does not read); ' +
        'apply skips it unless run with --force; to keep them, plan and apply with --api auto or k8s',
    );
    // The generic note is not said twice.
    expect(messages(plan).filter((message) => message.startsWith('labels and annotations not kept: mysql-overview goes through /api'))).toEqual([]);

    const object = () => apiRequest(sandbox, 'GET', `/apis/dashboard.grafana.app/${v1}/namespaces/default/dashboards/mysql-overview`);
    const labelsBefore = (await object()).body.metadata.labels;
    const skipped = await legacy.apply(plan);
    expect(skipped.result.updated).toEqual([]);
    expect(skipped.lines).toEqual([expect.stringMatching(/^skipped: mysql-overview: not written: its file has labels or annotations, and this run's \/api save would remove every one/)]);
    expect((await object()).body.metadata.labels).toEqual(labelsBefore);

    const forced = await legacy.apply(plan, true);
    expect(forced.result.updated).toEqual(['mysql-overview']);
    expect((await object()).body.metadata.labels.team).toBeUndefined();
  });

  it('a classic file below Grafana\'s schemaVersion written through /apis: plan and apply say Grafana migrates it', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const dir = await tree({ 'old.json': OLD });
    const k8s = await through(sandbox, dir, 'k8s');
    const plan = await k8s.plan();
    expect(plan.warnings).toContainEqual({ kind: 'schema-migration', uid: 'old-one', title: 'Old', file: 'dashboards/old.json', from: 27, to: 42 });
    expect(renderPlanText(plan, { color: false })).toContain(
      '  ! schema migration: old-one "Old" (dashboards/old.json) goes through /apis, where Grafana migrates it on write (schemaVersion 27 → 42: ' +
        'panels such as singlestat become stat, datasource names become references); ' +
        'later plans and dashsync pull take what Grafana stores for the file (no change; the file keeps its schemaVersion)\n',
    );
    const applied = await k8s.apply(plan);
    expect(applied.lines).toEqual([
      'created: old-one "Old" (dashboards/old.json); Grafana migrated it on write (schemaVersion 27 → 42); later plans and dashsync pull take that for the file (no change)',
    ]);
    const stored = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/old-one');
    expect(stored.body.dashboard).toMatchObject({ schemaVersion: 42, panels: [{ type: 'stat' }] });
    // Nothing left to write: no note.
    const again = await k8s.plan();
    expect(again.summary).toMatchObject({ create: 0, update: 0, unchanged: 1 });
    expect(again.warnings.filter((warning) => warning.kind === 'schema-migration')).toEqual([]);
  });

  it('through /api (api auto without labels, or legacy) nothing is migrated: no note', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const dir = await tree({ 'old.json': OLD });
    for (const api of ['auto', 'legacy'] as const) {
      const plan = await (await through(sandbox, dir, api)).plan();
      expect(plan.warnings.filter((warning) => warning.kind === 'schema-migration')).toEqual([]);
    }
  });

  it('the plan header names the API the plan reads through and its writes go through', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const dir = await tree({ 'mysql.json': LABELLED, 'old.json': OLD });
    expect(header(await (await through(sandbox, dir, 'legacy')).plan())).toBe(`dashsync plan for ${sandbox.url} (org 1, from the credentials) through /api`);
    // A model file at the release's v1-family version, the resource file at its own (v1beta1).
    expect(header(await (await through(sandbox, dir, 'k8s')).plan())).toBe(`dashsync plan for ${sandbox.url} (org 1, from the credentials) through /apis (${k8sWrites})`);
    expect(header(await (await through(sandbox, dir, 'auto')).plan())).toBe(
      `dashsync plan for ${sandbox.url} (org 1, from the credentials) through /apis (1 write through /api: api "auto" saves classic dashboards without labels there, which Grafana stores as sent, without migrating them; 1 through /apis at dashboard.grafana.app/v1beta1)`,
    );
  });
});

// `[auth.anonymous] hide_version`: /api/health names no release, so dashsync cannot tell 12 from 11 through /api, nor 12.2
// from 12.3 through /apis (review-6 #6, #7).
describe.each([
  { grafanaVersion: '12' as const, v1: 'v1beta1' },
  { grafanaVersion: '13' as const, v1: 'v1' },
])('Grafana $grafanaVersion with its version hidden', ({ grafanaVersion, v1 }) => {
  it('api legacy: the plan still warns that the /api save removes the labels Grafana holds, and apply still skips it unless --force', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion, hideVersion: true });
    const dir = await tree({ 'mysql.json': LABELLED });
    await (await through(sandbox, dir, 'k8s')).apply();

    const legacy = await through(sandbox, dir, 'legacy');
    expect((await legacy.grafana.describeServer()).version).toBeNull();
    const plan = await legacy.plan();
    expect(dashboardActions(plan)[0]).toMatchObject({ uid: 'mysql-overview', action: 'update', removesMetadata: true });
    expect(messages(plan)).toContainEqual(expect.stringMatching(/^labels removed: mysql-overview "MySQL overview" \(dashboards\/mysql\.json\) goes through \/api .*apply skips it unless run with --force/));

    const object = () => apiRequest(sandbox, 'GET', `/apis/dashboard.grafana.app/${v1}/namespaces/default/dashboards/mysql-overview`);
    const before = (await object()).body;
    const skipped = await legacy.apply(plan);
    expect(skipped.result.updated).toEqual([]);
    expect(skipped.lines).toEqual([expect.stringMatching(/^skipped: mysql-overview: not written: its file has labels or annotations/)]);
    expect((await object()).body.metadata).toEqual(before.metadata);
  });

  it('api k8s: a classic file below 41 still gets the schema-migration note, which says "at least 41" since the release is unknown', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion, hideVersion: true });
    const dir = await tree({ 'old.json': OLD });
    const k8s = await through(sandbox, dir, 'k8s');
    expect((await k8s.grafana.describeServer()).version).toBeNull();
    const plan = await k8s.plan();
    expect(plan.warnings).toContainEqual({ kind: 'schema-migration', uid: 'old-one', title: 'Old', file: 'dashboards/old.json', from: 27, to: 41, atLeast: true });
    expect(renderPlanText(plan, { color: false })).toContain(
      '  ! schema migration: old-one "Old" (dashboards/old.json) goes through /apis, where Grafana migrates it on write (schemaVersion 27 → at least 41: ',
    );
    const applied = await k8s.apply(plan);
    expect(applied.lines).toEqual([
      'created: old-one "Old" (dashboards/old.json); Grafana migrated it on write (schemaVersion 27 → at least 41); later plans and dashsync pull take that for the file (no change)',
    ]);
    // It did: this release migrates to 42, which "at least 41" covers.
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/old-one')).body.dashboard).toMatchObject({ schemaVersion: 42, panels: [{ type: 'stat' }] });
  });

  it('api k8s: more than 3 such notes are one line, which still says "at least 41" (review-7 #2)', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion, hideVersion: true });
    const dir = await tree(Object.fromEntries(['a', 'b', 'c', 'd'].map((uid) => [`${uid}.json`, { ...OLD, uid, title: uid.toUpperCase() }])));
    const plan = await (await through(sandbox, dir, 'k8s')).plan();
    const lines = renderPlanText(plan, { color: false }).split('\n').filter((line) => line.includes('schema migration'));
    expect(lines).toEqual([expect.stringContaining('  ! schema migration: 4 dashboards go through /apis, where Grafana migrates them on write (schemaVersion 27 → at least 41: ')]);
  });

  it('api k8s: a classic file at 41 may be migrated to 42 by the hidden release: the plan notes it as "may migrate", apply\'s line as "may have migrated" (review-7 #6)', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion, hideVersion: true });
    const dir = await tree({ 'at41.json': { ...OLD, uid: 'at-41', title: 'At 41', schemaVersion: 41, panels: [] } });
    const k8s = await through(sandbox, dir, 'k8s');
    const plan = await k8s.plan();
    expect(plan.warnings).toContainEqual({ kind: 'schema-migration', uid: 'at-41', title: 'At 41', file: 'dashboards/at41.json', from: 41, to: 42, atLeast: true, maybe: true });
    expect(renderPlanText(plan, { color: false })).toContain(
      '  ! schema migration: at-41 "At 41" (dashboards/at41.json) goes through /apis, where Grafana may migrate it on write ' +
        '(schemaVersion 41 → at least 42 if its release migrates past 41, which its version does not tell: ',
    );
    const applied = await k8s.apply(plan);
    expect(applied.lines).toEqual([
      'created: at-41 "At 41" (dashboards/at41.json); Grafana may have migrated it on write (schemaVersion 41 → at least 42 if its release migrates past 41, which its version does not tell); later plans and dashsync pull take that for the file (no change)',
    ]);
    // This release did.
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/at-41')).body.dashboard).toMatchObject({ schemaVersion: 42 });
  });
});

// On the old code a plan through /api on 13 said nothing, and its apply removed the label without a word.
describe('api legacy on Grafana 13: labels set through /apis are not seen', () => {
  it('a plan that updates through /api warns once that it cannot see labels, and names the setting that does', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const plain = (title: string) => ({ uid: 'plain', title, schemaVersion: 42, panels: [] });
    const dir = await tree({ 'plain.json': plain('Plain'), 'other.json': { ...plain('Other'), uid: 'other' } });
    await (await through(sandbox, dir, 'legacy')).apply();
    // Someone labels it through /apis (kubectl label): /api shows nothing of it.
    const object = `/apis/dashboard.grafana.app/v1/namespaces/default/dashboards/plain`;
    const labelled = await apiRequest(sandbox, 'PATCH', object, { metadata: { labels: { team: 'web' } } }, { ...adminHeaders(), 'content-type': 'application/merge-patch+json' });
    expect(labelled.status).toBe(200);
    await writeFile(join(dir, 'dashboards', 'plain.json'), `${JSON.stringify(plain('Plain, renamed'), null, 2)}\n`);
    await writeFile(join(dir, 'dashboards', 'other.json'), `${JSON.stringify({ ...plain('Other, renamed'), uid: 'other' }, null, 2)}\n`);

    const legacy = await through(sandbox, dir, 'legacy');
    const plan = await legacy.plan();
    const unseen = messages(plan).filter((message) => message.startsWith('labels not seen: '));
    expect(unseen).toEqual([
      'labels not seen: this plan reads dashboards through /api (api "legacy"), which shows none of the labels and annotations Grafana 13 keeps ' +
        'on a dashboard (set through /apis: kubectl, another tool); its 2 saves of dashboards already in Grafana (updates and moves) go through /api, which removes every one without a line in this plan; ' +
        'to see and keep them, plan and apply with --api auto or k8s',
    ]);
    expect(renderPlanText(plan, { color: false })).toContain('  ! labels not seen: this plan reads dashboards through /api');
    // auto reads them (and keeps the label: it is a change made in Grafana the plan shows): no such warning.
    const auto = await (await through(sandbox, dir, 'auto')).plan();
    expect(messages(auto).filter((message) => message.startsWith('labels not seen: '))).toEqual([]);
  });
});
