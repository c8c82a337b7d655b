import { describe, expect, it } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../src/sandbox/types.js';
import { MIGRATION_DEFAULTS } from '../helpers/migration-defaults.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';

const releases: { grafanaVersion: GrafanaVersion; v1: string }[] = [
  { grafanaVersion: '12', v1: 'v1beta1' },
  { grafanaVersion: '13', v1: 'v1' },
];
const collection = (version: string, ns = 'default') => `/apis/dashboard.grafana.app/${version}/namespaces/${ns}/dashboards`;
// The k8s serializer ends every answer with a newline (json.Encoder; src/sandbox/apis/k8s-wire-text.ts).
const status = (message: string, reason: string, code: number, details?: object) =>
  `${JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, ...(reason ? { reason } : {}), ...(details ? { details } : {}), code })}\n`;
const dashboardDetails = (name: string) => ({ name, group: 'dashboard.grafana.app', kind: 'dashboards' });
const resource = (version: string, name: string, spec: object, annotations: Record<string, string> = {}) => ({
  apiVersion: `dashboard.grafana.app/${version}`,
  kind: 'Dashboard',
  metadata: { name, annotations },
  spec,
});
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe.each(releases)('dashboard.grafana.app on Grafana $grafanaVersion', ({ grafanaVersion, v1 }) => {
  const start = () => startTestSandbox({ grafanaVersion });
  const create = (s: SandboxHandle, body: object, version = v1) => apiRequest(s, 'POST', collection(version), body);

  it('creates with 201 and answers the object as Grafana stores it (v1 writes are migrated to schemaVersion 42)', async () => {
    const s = await start();
    const response = await create(s, resource(v1, 'cpu', { title: 'CPU', schemaVersion: 39, uid: 'ignored', version: 7, id: 99 }, { 'grafana.app/message': 'first' }));
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.body).toEqual({
      kind: 'Dashboard',
      apiVersion: `dashboard.grafana.app/${v1}`,
      metadata: {
        name: 'cpu',
        namespace: 'default',
        // Legacy SQL storage (12) derives it from group, kind, namespace and name (gapiutil.CalculateClusterWideUID, Go's
        // base64.URLEncoding of the sha256 with every other character made X); unified storage gives each create a UUID.
        uid: grafanaVersion === '13' ? expect.stringMatching(/^[0-9a-f-]{36}$/) : 'bTV7ioOXXGaFRRZHkpskNBdXdLMHoNSXCd7oFUpYXWAX',
        // Legacy SQL storage (12) answers the version as resourceVersion (sql_dashboards.go scanRow), unified storage a stamp.
        resourceVersion: grafanaVersion === '13' ? expect.stringMatching(/^\d{16}$/) : '1',
        generation: 1,
        creationTimestamp: expect.stringMatching(ISO),
        labels: { 'grafana.app/deprecatedInternalID': '1' },
        // 13 keeps dashboards in unified storage, whose create clears updatedBy/updatedTimestamp (apistore prepare.go).
        annotations:
          grafanaVersion === '13'
            ? { 'grafana.app/createdBy': 'user:adminuid0000001' }
            : { 'grafana.app/createdBy': 'user:adminuid0000001', 'grafana.app/updatedBy': 'user:adminuid0000001', 'grafana.app/updatedTimestamp': expect.stringMatching(ISO) },
      },
      // What was pushed is not what is read back: the migration (V40) adds `refresh`, its frontend-defaults pass (12.3 on) the rest.
      spec: { ...MIGRATION_DEFAULTS, title: 'CPU', schemaVersion: 42, refresh: '', panels: [] },
      status: {},
    });
    expect(Object.keys(response.body.metadata)).toEqual(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'labels', 'annotations']);
  });

  it('one store, two views: /api saves show on /apis (version = generation, id = label) and back', async () => {
    const s = await start();
    await apiRequest(s, 'POST', '/api/folders', { uid: 'ops', title: 'Ops' });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'legacy', title: 'Legacy', schemaVersion: 36 }, folderUid: 'ops' });
    const viaApis = (await apiRequest(s, 'GET', `${collection(v1)}/legacy`)).body;
    expect(viaApis.metadata).toMatchObject({ name: 'legacy', generation: 1, labels: { 'grafana.app/deprecatedInternalID': '2' } });
    expect(viaApis.metadata.annotations['grafana.app/folder']).toBe('ops');
    // Stored at v0alpha1 by /api: reading at v1 converts (and migrates) and says so.
    expect(viaApis.spec).toEqual({ ...MIGRATION_DEFAULTS, title: 'Legacy', schemaVersion: 42, refresh: '', panels: [] });
    expect(viaApis.status).toEqual({ conversion: { failed: false, storedVersion: 'v0alpha1' } });
    const asStored = (await apiRequest(s, 'GET', `${collection('v0alpha1')}/legacy`)).body;
    expect([asStored.spec, asStored.status]).toEqual([{ title: 'Legacy', schemaVersion: 36 }, {}]);

    await create(s, resource(v1, 'modern', { title: 'Modern' }, { 'grafana.app/folder': 'ops' }));
    const legacyView = (await apiRequest(s, 'GET', '/api/dashboards/uid/modern')).body;
    expect(legacyView.dashboard).toEqual({ ...MIGRATION_DEFAULTS, id: 3, uid: 'modern', version: 1, title: 'Modern', schemaVersion: 42, refresh: '', panels: [] });
    expect(legacyView.meta).toMatchObject({ version: 1, folderUid: 'ops', folderTitle: 'Ops' });
    const hit = (await apiRequest(s, 'GET', '/api/search?query=Modern')).body;
    expect(hit).toHaveLength(1);
  });

  it('GET of a missing name is NotFound; POST of an existing one AlreadyExists; both exact k8s Status', async () => {
    const s = await start();
    const missing = await apiRequest(s, 'GET', `${collection(v1)}/x`);
    expect([missing.status, missing.text]).toEqual([404, status('dashboards.dashboard.grafana.app "x" not found', 'NotFound', 404, dashboardDetails('x'))]);
    await create(s, resource(v1, 'x', { title: 'X' }));
    const again = await create(s, resource(v1, 'x', { title: 'X' }));
    expect([again.status, again.text]).toEqual([409, status('dashboards.dashboard.grafana.app "x" already exists', 'AlreadyExists', 409, dashboardDetails('x'))]);
  });

  it('PUT with the read resourceVersion updates (+1 generation); a stale one is Conflict; none overwrites', async () => {
    const s = await start();
    const created = (await create(s, resource(v1, 'p', { title: 'P' }))).body;
    const update = { ...created, spec: { title: 'P2' } };
    const first = await apiRequest(s, 'PUT', `${collection(v1)}/p`, update);
    expect(first.status).toBe(200);
    expect(first.body.metadata.generation).toBe(2);
    expect(Number(first.body.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    const stale = await apiRequest(s, 'PUT', `${collection(v1)}/p`, { ...update, spec: { title: 'lost' } });
    expect([stale.status, stale.text]).toEqual([
      409,
      status(
        'Operation cannot be fulfilled on dashboards.dashboard.grafana.app "p": the object has been modified; please apply your changes to the latest version and try again',
        'Conflict',
        409,
        dashboardDetails('p'),
      ),
    ]);
    const { resourceVersion: _rv, ...unconditional } = update.metadata;
    const blind = await apiRequest(s, 'PUT', `${collection(v1)}/p`, { ...update, metadata: unconditional, spec: { title: 'P3' } });
    expect([blind.status, blind.body.metadata.generation, blind.body.spec.title]).toEqual([200, 3, 'P3']);
    // Legacy SQL storage (12) bumps the generation on every save, identical content included; unified storage (13)
    // keeps it when neither spec nor folder changes (apistore prepare.go prepareObjectForUpdate).
    const same = await apiRequest(s, 'PUT', `${collection(v1)}/p`, blind.body);
    const expected = grafanaVersion === '13' ? 3 : 4;
    expect(same.body.metadata.generation).toBe(expected);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/p')).body.dashboard.version).toBe(expected);
  });

  it('PUT to a missing name creates it (201); a resourceVersion on a create is the storage error', async () => {
    const s = await start();
    const upsert = await apiRequest(s, 'PUT', `${collection(v1)}/new`, resource(v1, 'new', { title: 'New' }));
    expect([upsert.status, upsert.body.metadata.generation]).toEqual([201, 1]);
    const withRv = await create(s, { ...resource(v1, 'rv', { title: 'RV' }), metadata: { name: 'rv', resourceVersion: '5' } });
    expect([withRv.status, withRv.text]).toEqual([500, status('resourceVersion should not be set on objects to be created', '', 500)]);
    const mismatch = await apiRequest(s, 'PUT', `${collection(v1)}/a`, resource(v1, 'b', { title: 'B' }));
    expect([mismatch.status, mismatch.text]).toEqual([400, status('the name of the object (b) does not match the name on the URL (a)', 'BadRequest', 400)]);
  });

  it('generateName adds a suffix in the release style; no name at all is Invalid', async () => {
    const s = await start();
    const generated = await create(s, { apiVersion: `dashboard.grafana.app/${v1}`, kind: 'Dashboard', metadata: { generateName: 'cpu-' }, spec: { title: 'Generated' } });
    expect(generated.status).toBe(201);
    expect(generated.body.metadata.name).toMatch(grafanaVersion === '12' ? /^cpu-[bcdfghjklmnpqrstvwxz2456789]{5}$/ : /^cpu-[a-f][a-z0-9]{12}[a-f]$/);
    const nameless = await create(s, { metadata: {}, spec: { title: 'Nameless' } });
    expect([nameless.status, nameless.text]).toEqual([
      422,
      `${JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Dashboard.dashboard.grafana.app "" is invalid: metadata.name: Required value: name or generateName is required',
        reason: 'Invalid',
        details: {
          group: 'dashboard.grafana.app',
          kind: 'Dashboard',
          causes: [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }],
        },
        code: 422,
      })}\n`,
    ]);
  });

  it('runs the admission: title, uid, folder, refresh and field validation', async () => {
    const s = await startTestSandbox({ grafanaVersion, minRefreshInterval: '10s' });
    const bad = async (body: object, query = '') => {
      const response = await apiRequest(s, 'POST', `${collection(v1)}${query}`, body);
      return [response.status, response.text];
    };
    expect(await bad(resource(v1, 'a', { title: '' }))).toEqual([400, status('Dashboard title cannot be empty', 'BadRequest', 400)]);
    // ValidateBasicDashboardProperties compares the title as written with "" (nothing trims it): a blank title is stored.
    const blank = await apiRequest(s, 'POST', collection(v1), resource(v1, 'blank', { title: ' \t ' }));
    expect([blank.status, blank.body.spec.title]).toEqual([201, ' \t ']);
    expect(await bad(resource(v1, 'bad.uid', { title: 'T' }))).toEqual([400, status('uid contains illegal characters', 'BadRequest', 400)]);
    expect(await bad(resource(v1, 'r', { title: 'T', refresh: '1s' }))).toEqual([400, status('Dashboard refresh interval is too low', 'BadRequest', 400)]);
    expect(await bad(resource(v1, 'f', { title: 'T' }, { 'grafana.app/folder': 'nope' }))).toEqual([
      404,
      status('folders.folder.grafana.app "nope" not found', 'NotFound', 404, { name: 'nope', group: 'folder.grafana.app', kind: 'folders' }),
    ]);
    expect(await bad(resource(v1, 'w', { title: 'T' }), '?fieldValidation=Warn')).toEqual([400, status('Not supported: FieldValidationMode: Warn', 'BadRequest', 400)]);
    const wrongVersion = await bad({ ...resource('v2', 'v', { title: 'T' }) });
    expect(wrongVersion).toEqual([
      400,
      status(`the API version in the data (dashboard.grafana.app/v2) does not match the expected API version (dashboard.grafana.app/${v1})`, 'BadRequest', 400),
    ]);
  });

  it('v0alpha1 stores the spec as posted (no migration); only uid, version and id leave it', async () => {
    const s = await start();
    const created = await create(s, resource('v0alpha1', 'old', { title: 'Old', schemaVersion: 16, uid: 'x', id: 4, version: 9 }), 'v0alpha1');
    expect(created.body.spec).toEqual({ title: 'Old', schemaVersion: 16 });
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/old')).body.meta.apiVersion).toBe('v0alpha1');
  });

  it('the message annotation is input-only: absent on GET, in the history and the /api versions list', async () => {
    const s = await start();
    await create(s, resource(v1, 'm', { title: 'M' }, { 'grafana.app/message': 'hello' }));
    const got = (await apiRequest(s, 'GET', `${collection(v1)}/m`)).body;
    expect(got.metadata.annotations['grafana.app/message']).toBeUndefined();
    const history = (await apiRequest(s, 'GET', `${collection(v1)}?labelSelector=grafana.app/get-history%3Dtrue&fieldSelector=metadata.name%3Dm`)).body;
    expect(history.items[0].metadata.annotations['grafana.app/message']).toBe('hello');
  });

  it("refuses a Viewer's create with the storage's bare 403 (12.3+: no dashboard authorizer) and a caller outside the namespace org with the authorizer text", async () => {
    const s = await start();
    const viewer = await s.createToken('Viewer');
    const denied = await apiRequest(s, 'POST', collection(v1), resource(v1, 'v', { title: 'V' }), bearerHeaders(viewer));
    expect([denied.status, denied.body]).toEqual([403, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 403 }]);
    expect((await apiRequest(s, 'GET', collection(v1), undefined, bearerHeaders(viewer))).status).toBe(200);
    const otherOrg = await apiRequest(s, 'GET', `${collection(v1, 'org-2')}/x`);
    expect([otherOrg.status, otherOrg.text]).toEqual([
      403,
      status(
        'dashboards.dashboard.grafana.app "x" is forbidden: User "admin" cannot get resource "dashboards" in API group "dashboard.grafana.app" in the namespace "org-2": user 1 is not a member of org 2',
        'Forbidden',
        403,
        dashboardDetails('x'),
      ),
    ]);
  });

  it('DELETE answers a Success Status with the object uid; a provisioned dashboard is refused unless gracePeriodSeconds=0', async () => {
    const s = await start();
    const created = (await create(s, resource(v1, 'gone', { title: 'Gone' }))).body;
    const deleted = await apiRequest(s, 'DELETE', `${collection(v1)}/gone`);
    expect([deleted.status, deleted.text]).toEqual([
      200,
      `${JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name: 'gone', group: 'dashboard.grafana.app', kind: 'dashboards', uid: created.metadata.uid },
      })}\n`,
    ]);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/gone')).status).toBe(404);
    await s.provisionDashboard({ dashboard: { uid: 'prov', title: 'Provisioned' } });
    const refused = await apiRequest(s, 'DELETE', `${collection(v1)}/prov`);
    expect([refused.status, refused.text]).toEqual([400, status('provisioned dashboard cannot be deleted', 'BadRequest', 400)]);
    expect((await apiRequest(s, 'DELETE', `${collection(v1)}/prov?gracePeriodSeconds=0`)).status).toBe(200);
  });

  it('DELETE honours a resourceVersion precondition', async () => {
    const s = await start();
    await create(s, resource(v1, 'pre', { title: 'Pre' }));
    const stale = await apiRequest(s, 'DELETE', `${collection(v1)}/pre`, { preconditions: { resourceVersion: '7' } });
    expect(stale.status).toBe(409);
    const record = grafanaVersion === '13' ? '\\d{16}' : '1';
    expect(stale.body.message).toMatch(
      new RegExp(`^Operation cannot be fulfilled on dashboards.dashboard.grafana.app "pre": the ResourceVersion in the precondition \\(7\\) does not match the ResourceVersion in record \\(${record}\\)\\. The object might have been modified$`),
    );
  });

  it('PATCH applies a merge patch or a JSON patch to the latest object', async () => {
    const s = await start();
    await create(s, resource(v1, 'pt', { title: 'Patch me', tags: ['a'] }));
    const merged = await apiRequest(s, 'PATCH', `${collection(v1)}/pt`, '{"spec":{"tags":["b"]}}', {
      ...bearerHeaders(await s.createToken('Editor')),
      'content-type': 'application/merge-patch+json',
    });
    expect([merged.status, merged.body.spec, merged.body.metadata.generation]).toEqual([200, { ...MIGRATION_DEFAULTS, title: 'Patch me', tags: ['b'], schemaVersion: 42, refresh: '', panels: [] }, 2]);
    const unsupported = await apiRequest(s, 'PATCH', `${collection(v1)}/pt`, '{}', {
      ...bearerHeaders(await s.createToken('Editor')),
      'content-type': 'application/strategic-merge-patch+json',
    });
    expect(unsupported.status).toBe(415);
  });

  it('dryRun=All validates and answers without storing', async () => {
    const s = await start();
    const dry = await apiRequest(s, 'POST', `${collection(v1)}?dryRun=All`, resource(v1, 'dry', { title: 'Dry' }));
    expect([dry.status, dry.body.metadata.name]).toEqual([201, 'dry']);
    expect((await apiRequest(s, 'GET', `${collection(v1)}/dry`)).status).toBe(404);
  });
});

describe('a v1beta1 PATCH of a dashboard stored below the latest schemaVersion, on Grafana 13 (unified storage)', () => {
  it('keeps the generation when the spec is unchanged as read at v1beta1 (stored migrated), and bumps it when the patch changes the spec', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    const saved = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'old', title: 'Old', schemaVersion: 30, panels: [] } });
    expect(saved.status).toBe(200);
    const url = '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards/old';
    const before = await apiRequest(s, 'GET', url);
    expect([before.body.metadata.generation, before.body.spec.schemaVersion]).toEqual([1, 42]);
    const merge = { ...bearerHeaders(await s.createToken('Editor')), 'content-type': 'application/merge-patch+json' };
    const labelled = await apiRequest(s, 'PATCH', url, '{"metadata":{"labels":{"team":"a"}}}', merge);
    expect([labelled.status, labelled.body.metadata.generation, labelled.body.metadata.labels.team]).toEqual([200, 1, 'a']);
    // The stored text is the migrated v1beta1 spec now.
    const legacyView = await apiRequest(s, 'GET', '/api/dashboards/uid/old');
    expect([legacyView.body.dashboard.schemaVersion, legacyView.body.meta.version]).toEqual([42, 1]);
    const retitled = await apiRequest(s, 'PATCH', url, '{"spec":{"title":"New"}}', merge);
    expect([retitled.status, retitled.body.metadata.generation]).toEqual([200, 2]);
  });
});
