import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import type { GrafanaVersion, SandboxHandle, SandboxFeature } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { grid, gridItem, panel, query, resource, rows, v2Spec } from '../unit/v2-builders.js';
import { commitAll, createFolder, dashsync, lines, makeWorkDir, saveDashboard, walkFiles } from './pull-fixture.js';

/** Grafana 12 stores v2 at v2beta1, 13 at v2; 13 also without the dynamic-dashboards flag (discovery then prefers v1). */
/** 12 with its dashboards in unified storage (12.4 migrates small instances): its legacy SQL storage keeps no labels or annotations to pull. */
const setups: { name: string; grafanaVersion: GrafanaVersion; v1: string; v2: string; features?: Partial<Record<SandboxFeature, boolean>>; storage?: 'unified' }[] = [
  { name: '12 (unified storage)', grafanaVersion: '12', v1: 'v1beta1', v2: 'v2beta1', storage: 'unified' },
  { name: '13', grafanaVersion: '13', v1: 'v1', v2: 'v2' },
  { name: '13 without dashboardNewLayouts', grafanaVersion: '13', v1: 'v1', v2: 'v2', features: { dashboardNewLayouts: false } },
];

const collection = (version: string) => `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards`;

const checkoutSpec = v2Spec({
  title: 'Checkout',
  elements: {
    'panel-1': panel(1, 'Requests', [query('A', 'sum(rate(http_requests_total{service="checkout"}[5m]))')]),
    'panel-2': panel(2, 'Errors', [query('A', 'sum(rate(http_requests_total{service="checkout",code=~"5.."}[5m]))')]),
  },
  layout: rows({ title: 'Traffic', layout: grid(gridItem('panel-1', 0, 0), gridItem('panel-2', 12, 0)) }),
});

async function createV2(handle: SandboxHandle, version: string, name: string, spec: object, folderUid: string | null, labels: Record<string, string> = {}): Promise<void> {
  const annotations: Record<string, string> = { 'example.com/owner': 'payments' };
  if (folderUid !== null) annotations['grafana.app/folder'] = folderUid;
  const created = await apiRequest(handle, 'POST', collection(version), { metadata: { name, labels, annotations }, spec });
  expect(created.status, created.text).toBe(201);
}

/** Re-saves a stored dashboard at `version` with `spec` (as the dynamic-dashboards editor does). */
async function replaceAt(handle: SandboxHandle, version: string, name: string, spec: object): Promise<void> {
  const current = await apiRequest(handle, 'GET', `${collection(version)}/${name}`);
  expect(current.status, current.text).toBe(200);
  const replaced = await apiRequest(handle, 'PUT', `${collection(version)}/${name}`, {
    apiVersion: `dashboard.grafana.app/${version}`,
    kind: 'Dashboard',
    metadata: { ...current.body.metadata },
    spec,
  });
  expect(replaced.status, replaced.text).toBe(200);
}

async function planLines(handle: SandboxHandle, work: string): Promise<string[]> {
  const plan = await dashsync(handle, work, ['plan']);
  expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  return lines(plan.stdout).slice(2);
}

describe.each(setups)('pull of v1 and v2 dashboards through /apis on Grafana $name', ({ grafanaVersion, v2, features, storage }) => {
  it('writes each in the version it is stored in; plan then shows nothing to do, check finds nothing', async () => {
    const handle = await startTestSandbox({ grafanaVersion, features, storage });
    const shop = await createFolder(handle, { uid: 'shop', title: 'Shop' });
    await saveDashboard(handle, { uid: 'classic', title: 'Classic', schemaVersion: 39, panels: [{ id: 1, type: 'stat', title: 'Up', gridPos: { x: 0, y: 0, w: 6, h: 4 } }] }, shop);
    await createV2(handle, v2, 'checkout', checkoutSpec, shop, { team: 'payments' });
    const work = await makeWorkDir();

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout).at(-1)).toBe('Pull: 2 created, 0 updated, 0 moved, 0 unchanged, 0 deleted.');
    const files = await walkFiles(join(work, 'dashboards'));
    expect(files.map((f) => f.path)).toEqual(['shop/_folder.json', 'shop/checkout.json', 'shop/classic.json']);
    const checkout = files.find((f) => f.path === 'shop/checkout.json')!.bytes;
    // Grafana's own annotations (folder, created by…) are not the author's: the file leaves them out.
    expect(checkout).toBe(canonicalJson(resource(v2, 'checkout', checkoutSpec, { labels: { team: 'payments' }, annotations: { 'example.com/owner': 'payments' } })));
    expect(JSON.parse(files.find((f) => f.path === 'shop/classic.json')!.bytes)).toMatchObject({ uid: 'classic', title: 'Classic' });

    expect(await planLines(handle, work)).toEqual(['Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 2 unchanged.']);
    const check = await dashsync(handle, work, ['check']);
    expect([check.stdout, check.stderr, check.code]).toEqual(['', 'check: 2 dashboards, 1 folder, 0 errors, 0 warnings\n', 0]);
  });

  it('a v2 dashboard edited in Grafana: a committed resource file takes the edit in its own form, then plan is empty', async () => {
    const handle = await startTestSandbox({ grafanaVersion, features, storage });
    await createV2(handle, v2, 'checkout', checkoutSpec, null);
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull'])).code).toBe(0);
    // The author prefers another v2 version than the stored one, and keeps the file at it.
    const file = join(work, 'dashboards/checkout.json');
    const other = v2 === 'v2' ? 'v2beta1' : 'v2alpha1';
    await writeFile(file, (await readFile(file, 'utf8')).replace(`dashboard.grafana.app/${v2}`, `dashboard.grafana.app/${other}`));
    await commitAll(work);
    const edited = { ...checkoutSpec, elements: { ...checkoutSpec.elements as object, 'panel-2': panel(2, 'Server errors', [query('A', 'sum(rate(errors_total[5m]))')]) } };
    await replaceAt(handle, v2, 'checkout', edited);

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.stderr).toBe('');
    expect(lines(pulled.stdout)).toEqual(['updated  dashboards/checkout.json', 'Pull: 0 created, 1 updated, 0 moved, 0 unchanged, 0 deleted.']);
    expect(await readFile(file, 'utf8')).toBe(canonicalJson(resource(other, 'checkout', edited, { annotations: { 'example.com/owner': 'payments' } })));
    expect(await planLines(handle, work)).toEqual(['Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.']);
  });

  it('a classic dashboard re-saved as v2 in the dynamic-dashboards editor: the committed model file becomes a v2 resource file, with a note', async () => {
    const handle = await startTestSandbox({ grafanaVersion, features, storage });
    await saveDashboard(handle, { uid: 'classic', title: 'Classic', panels: [{ id: 1, type: 'stat', title: 'Up', gridPos: { x: 0, y: 0, w: 6, h: 4 } }] });
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull'])).code).toBe(0);
    await commitAll(work);
    const dynamic = v2Spec({ title: 'Classic', elements: { 'panel-1': panel(1, 'Up') }, layout: grid(gridItem('panel-1', 0, 0, 6, 4)) });
    await replaceAt(handle, v2, 'classic', dynamic);

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.code, pulled.stderr).toBe(0);
    const onlyOn13 = v2 === 'v2' ? "; dashboard.grafana.app/v2 is served by Grafana 13 and later only: for a tree that must also work on 12 (a mixed fleet, or a rollback), make it a dashboard.grafana.app/v2beta1 file as docs/upgrading.md \"A fleet on 12 and 13\" says (a v2beta1 spec differs from a v2 one in its panel transformations)" : '';
    expect(pulled.stderr).toBe(`note: dashboards/classic.json: Grafana stores this dashboard as a v2 dashboard (dashboard.grafana.app/${v2}); the file held a classic dashboard${onlyOn13}; written in the stored form (review it with git diff)\n`);
    expect(await readFile(join(work, 'dashboards/classic.json'), 'utf8')).toBe(canonicalJson(resource(v2, 'classic', dynamic)));
    expect(await planLines(handle, work)).toEqual(['Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.']);
  });
});

describe('pull of a v2 dashboard through the legacy /api', () => {
  it('names the dashboard and says to pull through /apis; the classic ones are written', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    await saveDashboard(handle, { uid: 'classic', title: 'Classic', panels: [] });
    await createV2(handle, 'v2', 'checkout', checkoutSpec, null);
    const work = await makeWorkDir();
    await writeFile(join(work, 'dashsync.config.json'), '{ "api": "legacy" }\n');

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.stderr).toContain('dashboards/checkout.json: error: dashboard checkout is stored as a v2 dashboard, which /api cannot read (Grafana answers 406): pull with api "auto" or "k8s" (config "api") to write it as a v2 resource file (pull-v2-needs-apis)\n');
    expect(pulled.code).toBe(1);
    expect((await walkFiles(join(work, 'dashboards'))).map((f) => f.path)).toEqual(['classic.json']);
  });
});

describe('pull of a classic dashboard that carries labels in Grafana', () => {
  // Labels only unified storage keeps: 12 here has its dashboards there.
  it.each([{ grafanaVersion: '12' as const, v1: 'v1beta1' }, { grafanaVersion: '13' as const, v1: 'v1' }])(
    'Grafana $grafanaVersion: written as a classic resource file with its labels, then plan is empty',
    async ({ grafanaVersion, v1 }) => {
      const handle = await startTestSandbox({ grafanaVersion, storage: 'unified' });
      const spec = { title: 'Labelled', schemaVersion: 42, panels: [{ id: 1, type: 'stat', title: 'Up', gridPos: { x: 0, y: 0, w: 6, h: 4 } }] };
      const created = await apiRequest(handle, 'POST', collection(v1), { metadata: { name: 'labelled', labels: { team: 'ops' } }, spec });
      expect(created.status, created.text).toBe(201);
      const work = await makeWorkDir();

      const pulled = await dashsync(handle, work, ['pull']);

      expect(pulled.code, pulled.stderr).toBe(0);
      const written = JSON.parse(await readFile(join(work, 'dashboards/labelled.json'), 'utf8'));
      expect(written).toMatchObject({ apiVersion: `dashboard.grafana.app/${v1}`, kind: 'Dashboard', metadata: { name: 'labelled', labels: { team: 'ops' } }, spec: { title: 'Labelled' } });
      expect(written.spec).not.toHaveProperty('uid');
      expect(await planLines(handle, work)).toEqual(['Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.']);
    },
  );
});

describe('pull of a v2beta1 file whose dashboard Grafana 13 stores at v2 (Convert_V2_to_V2beta1)', () => {
  const withTransformation = (transformation: object) =>
    panel(1, 'Requests', [query('A', 'sum(rate(http_requests_total[5m]))')], {
      data: { kind: 'QueryGroup', spec: { queries: [query('A', 'sum(rate(http_requests_total[5m]))')], transformations: [transformation], queryOptions: {} } },
    });
  const specWith = (title: string, transformation: object) =>
    v2Spec({ title, elements: { 'panel-1': withTransformation(transformation) }, layout: grid(gridItem('panel-1', 0, 0)) });
  const v2beta1Organize = { kind: 'organize', spec: { id: 'organize', options: { renameByName: { a: 'b' } } } };
  const v2Organize = { kind: 'Transformation', group: 'organize', spec: { options: { renameByName: { a: 'b' } } } };

  it('writes the spec Grafana gives at v2beta1 (transformation id in kind and spec.id), not the v2 one; plan then shows nothing to do', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    await createV2(handle, 'v2beta1', 'checkout', specWith('Checkout', v2beta1Organize), null);
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull'])).code).toBe(0);
    await commitAll(work);
    // Edited in 13's dynamic-dashboards editor: saved, and stored, at v2.
    await replaceAt(handle, 'v2', 'checkout', specWith('Checkout edited', v2Organize));

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.stderr).toBe('');
    expect(lines(pulled.stdout)).toEqual(['updated  dashboards/checkout.json', 'Pull: 0 created, 1 updated, 0 moved, 0 unchanged, 0 deleted.']);
    const written = JSON.parse(await readFile(join(work, 'dashboards/checkout.json'), 'utf8'));
    expect(written.apiVersion).toBe('dashboard.grafana.app/v2beta1');
    expect(written.spec.title).toBe('Checkout edited');
    expect(written.spec.elements['panel-1'].spec.data.spec.transformations).toEqual([v2beta1Organize]);
    expect(await planLines(handle, work)).toEqual(['Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.']);
  });

  it('pull --force of a v2 file whose apiVersion was changed to v2beta1 (docs/upgrading.md): the file takes the v2beta1 spec; plan then shows nothing to do', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    await createV2(handle, 'v2', 'checkout', specWith('Checkout', v2Organize), null);
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull'])).code).toBe(0);
    await commitAll(work);
    const path = join(work, 'dashboards/checkout.json');
    const pulledAtV2 = JSON.parse(await readFile(path, 'utf8'));
    expect(pulledAtV2.apiVersion).toBe('dashboard.grafana.app/v2');
    await writeFile(path, `${JSON.stringify({ ...pulledAtV2, apiVersion: 'dashboard.grafana.app/v2beta1' }, null, 2)}\n`);

    const pulled = await dashsync(handle, work, ['pull', '--force']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)[0], pulled.stderr).toMatch(/^updated {2}dashboards\/checkout\.json \(your uncommitted edit saved to \.dashsync\/pull-backups\/[^/]+\/checkout\.json\)$/);
    const written = JSON.parse(await readFile(path, 'utf8'));
    expect(written.apiVersion).toBe('dashboard.grafana.app/v2beta1');
    expect(written.spec.elements['panel-1'].spec.data.spec.transformations).toEqual([v2beta1Organize]);
    expect(await planLines(handle, work)).toEqual(['Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 1 unchanged.']);
  });
  it('apply of a v2beta1 file whose dashboard someone saved at v2 with the same change after the plan: unchanged, not a conflict (compared at v2beta1)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    await createV2(handle, 'v2beta1', 'checkout', specWith('Checkout', v2beta1Organize), null);
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull'])).code).toBe(0);
    const path = join(work, 'dashboards/checkout.json');
    const file = JSON.parse(await readFile(path, 'utf8'));
    expect(file.apiVersion).toBe('dashboard.grafana.app/v2beta1');
    await writeFile(path, `${JSON.stringify({ ...file, spec: { ...file.spec, title: 'Checkout (both)' } }, null, 2)}\n`);
    await commitAll(work);
    expect((await dashsync(handle, work, ['plan', '--out', 'p.json'])).code).toBe(0);
    // The same change, saved in 13's dynamic-dashboards editor: stored at v2.
    await replaceAt(handle, 'v2', 'checkout', specWith('Checkout (both)', v2Organize));
    const savedAt = (await apiRequest(handle, 'GET', `${collection('v2')}/checkout`)).body.metadata.generation;

    const applied = await dashsync(handle, work, ['apply', 'p.json']);

    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(lines(applied.stdout)[0]).toMatch(/^unchanged: checkout "Checkout \(both\)" \(dashboards\/checkout\.json\): /);
    expect((await apiRequest(handle, 'GET', `${collection('v2')}/checkout`)).body.metadata.generation).toBe(savedAt);
  });
});
