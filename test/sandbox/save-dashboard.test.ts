import { describe, expect, it } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const versions: GrafanaVersion[] = ['11.2', '12', '13'];
const save = (s: SandboxHandle, body: unknown) => apiRequest(s, 'POST', '/api/dashboards/db', body);
const get = (s: SandboxHandle, uid: string) => apiRequest(s, 'GET', `/api/dashboards/uid/${uid}`);

/**
 * The `/api` save eras (src/sandbox/era.ts saveLogic): A (11.2), C (12 and the 13 family's 13.0.2: the dashboard service),
 * D (13.1 on: saveDashboardViaK8s), each with the release that stands for it, and 13.1.0 (era D by the evidence so far).
 */
const saveEras = [
  { name: '11.2 (era A)', grafanaVersion: '11.2', release: undefined, legacy: true, service: false },
  { name: '12 (era C)', grafanaVersion: '12', release: undefined, legacy: true, service: true },
  { name: '13, its 13.0.2 (era C)', grafanaVersion: '13', release: undefined, legacy: true, service: true },
  { name: '13.1.0 (era D; UNCONFIRMED, src/sandbox/README.md)', grafanaVersion: '13', release: '13.1.0', legacy: false, service: false },
  { name: '13.2.0 (era D)', grafanaVersion: '13', release: '13.2.0', legacy: false, service: false },
] as const satisfies readonly { name: string; grafanaVersion: GrafanaVersion; release: string | undefined; legacy: boolean; service: boolean }[];

describe.each(saveEras)('POST /api/dashboards/db on Grafana $name', ({ grafanaVersion, release, legacy, service }) => {
  /** `legacy`: eras A–C; `service`: era C, whose service reaches the apiserver (12, 13.0.x). */
  const era = { legacy, service, unique: grafanaVersion === '11.2', limitsMessage: grafanaVersion !== '11.2' };

  it('creates at version 1 and answers the full success body', async () => {
    const s = await startTestSandbox({ grafanaVersion, release });
    const response = await save(s, { dashboard: { uid: 'cpu', title: 'CPU usage' }, folderUid: '', message: 'first' });
    expect(response.status).toBe(200);
    expect(response.text).toBe(
      `{"folderUid":"","id":1,"slug":"cpu-usage","status":"success","uid":"cpu","url":"/d/cpu/cpu-usage","version":1}`,
    );
  });

  it('updates with the current version (+1 every save, even unchanged) and refuses a stale one', async () => {
    const s = await startTestSandbox({ grafanaVersion, release });
    await save(s, { dashboard: { uid: 'cpu', title: 'CPU' } });
    const second = await save(s, { dashboard: { uid: 'cpu', title: 'CPU', version: 1 }, overwrite: false });
    expect(second.body.version).toBe(2);
    const third = await save(s, { dashboard: { uid: 'cpu', title: 'CPU', version: 2 } });
    expect(third.body.version).toBe(3);
    const stale = await save(s, { dashboard: { uid: 'cpu', title: 'CPU', version: 1 }, overwrite: false });
    if (era.legacy) {
      expect(stale.status).toBe(412);
      expect(stale.text).toBe('{"message":"The dashboard has been changed by someone else","status":"version-mismatch"}');
    } else {
      expect(stale.status).toBe(409);
      expect(stale.text).toBe('{"message":"Dashboard already exists. Use overwrite flag to update."}');
    }
    const missingVersion = await save(s, { dashboard: { uid: 'cpu', title: 'CPU' } });
    expect(missingVersion.status).toBe(era.legacy ? 412 : 409);
    const forced = await save(s, { dashboard: { uid: 'cpu', title: 'CPU', version: 1 }, overwrite: true });
    expect(forced.body.version).toBe(4);
    expect((await get(s, 'cpu')).body.dashboard.version).toBe(4);
  });

  it('generates a uid when none is given', async () => {
    const s = await startTestSandbox({ grafanaVersion, release });
    const response = await save(s, { dashboard: { title: 'No uid' } });
    expect(response.status).toBe(200);
    // Era C: LegacySaveCommandToUnstructured's uuid.NewString(); era D: generateName "a"; 11.2: util.GenerateShortUID.
    const pattern = era.service ? /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/ : /^[a-z][a-z0-9]{13}$/;
    expect(response.body.uid).toMatch(pattern);
    expect((await get(s, response.body.uid)).body.dashboard.title).toBe('No uid');
  });

  it('raises refresh to the minimum interval (eras A–C) or refuses it (era D), and injects id, uid and version on read', async () => {
    const s = await startTestSandbox({ grafanaVersion, release, minRefreshInterval: '10s' });
    const fastSave = await save(s, { dashboard: { uid: 'fast', title: 'Fast', refresh: '1s', panels: [{ id: 1 }] } });
    await save(s, { dashboard: { uid: 'slow', title: 'Slow', refresh: '1m' } });
    const oddSave = await save(s, { dashboard: { uid: 'odd', title: 'Odd', refresh: 'soon' } });
    await save(s, { dashboard: { uid: 'auto', title: 'Auto', refresh: 'auto' } });
    await save(s, { dashboard: { uid: 'mixed', title: 'Mixed', refresh: '1m30s' } });
    expect((await get(s, 'slow')).body.dashboard.refresh).toBe('1m');
    expect((await get(s, 'auto')).body.dashboard.refresh).toBe('auto');
    expect((await get(s, 'mixed')).body.dashboard.refresh).toBe('1m30s');
    if (era.legacy) {
      // SaveDashboard replaces a refresh that ValidateDashboardRefreshInterval rejects by the minimum.
      const fast = (await get(s, 'fast')).body.dashboard;
      expect(fast).toEqual({ id: 1, uid: 'fast', version: 1, title: 'Fast', refresh: '10s', panels: [{ id: 1 }] });
      expect((await get(s, 'odd')).body.dashboard.refresh).toBe('10s');
    } else {
      // Era D skips the service; the apiserver admission (validateCreate/validateUpdate) refuses instead.
      // A k8s StatusError goes through ToDashboardErrorResponse as response.Error(code, message, err): traceID.
      expect([fastSave.status, fastSave.text]).toEqual([400, '{"message":"Dashboard refresh interval is too low","traceID":""}']);
      expect([oddSave.status, oddSave.text]).toEqual([
        400,
        '{"message":"parsing refresh duration \\"soon\\" failed: time: invalid duration \\"soon\\"","traceID":""}',
      ]);
      expect((await get(s, 'fast')).status).toBe(404);
      const update = await save(s, { dashboard: { uid: 'slow', title: 'Slow', refresh: '5', version: 1 } });
      expect(update.body.message).toBe('parsing refresh duration "5" failed: time: missing unit in duration "5"');
    }
  });

  it('refuses bad requests with Grafana’s bodies', async () => {
    const s = await startTestSandbox({ grafanaVersion, release });
    // Era D validates uid and message in the apiserver admission: the StatusError branch adds traceID.
    const admission = era.legacy ? '' : ',"traceID":""';
    const cases: [unknown, number, string][] = [
      ['{not json', 400, '{"message":"bad request data","traceID":""}'],
      [{ folderUid: '' }, 400, '{"message":"bad request data","traceID":""}'],
      [{ dashboard: { title: 'F' }, isFolder: true }, 400, '{"message":"Use folders endpoint for saving folders."}'],
      [{ dashboard: { uid: 'bad uid!', title: 'T' } }, 400, `{"message":"uid contains illegal characters"${admission}}`],
      [{ dashboard: { uid: 'a'.repeat(41), title: 'T' } }, 400, `{"message":"uid too long, max 40 characters"${admission}}`],
      [{ dashboard: { title: 'T' }, folderUid: 'nope' }, 400, '{"message":"folder not found"}'],
    ];
    for (const [body, status, text] of cases) {
      const response = await save(s, body);
      expect([response.status, response.text]).toEqual([status, text]);
    }
    // Go's len(): bytes, so 251 two-byte letters are too long and 250 are not.
    for (const message of ['m'.repeat(501), 'é'.repeat(251)]) {
      const longMessage = await save(s, { dashboard: { title: `T ${message.length}` }, message });
      if (era.limitsMessage) expect([longMessage.status, longMessage.text]).toEqual([400, `{"message":"message too long, max 500 characters"${admission}}`]);
      else expect(longMessage.status).toBe(200);
    }
    expect((await save(s, { dashboard: { title: 'T 250' }, message: 'é'.repeat(250) })).status).toBe(200);
  });

  it('validates titles the era’s way', async () => {
    const s = await startTestSandbox({ grafanaVersion, release });
    const empty = await save(s, { dashboard: { uid: 'e', title: '   ' } });
    const long = await save(s, { dashboard: { uid: 'l', title: 'x'.repeat(5001) } });
    if (era.legacy) {
      expect([empty.status, empty.text]).toEqual([400, '{"message":"Dashboard title cannot be empty","status":"empty-name"}']);
      expect([long.status, long.text]).toEqual([
        400,
        '{"message":"Dashboard title cannot contain more than 5 000 characters","status":"title-too-long"}',
      ]);
    } else {
      expect(empty.status).toBe(200); // era D does not trim: "   " is a title
      expect([long.status, long.text]).toEqual([400, '{"message":"Dashboard title cannot contain more than 5 000 characters","traceID":""}']);
      const missing = await save(s, { dashboard: { uid: 'm' } });
      expect([missing.status, missing.text]).toEqual([400, '{"message":"Dashboard spec is missing required title property"}']);
    }
  });

  it('trims title and uid where the era does, and writes them back', async () => {
    const s = await startTestSandbox({ grafanaVersion, release });
    const response = await save(s, { dashboard: { uid: ' spaced ', title: '  Padded  ' } });
    if (era.legacy) {
      expect(response.body.uid).toBe('spaced');
      expect((await get(s, 'spaced')).body.dashboard.title).toBe('Padded');
    } else {
      expect([response.status, response.text]).toEqual([400, '{"message":"uid contains illegal characters","traceID":""}']);
    }
  });

  it('handles a numeric id: unknown id, id naming another row, id retargeting a row', async () => {
    const s = await startTestSandbox({ grafanaVersion, release });
    const a = (await save(s, { dashboard: { uid: 'a', title: 'A' } })).body;
    await save(s, { dashboard: { uid: 'b', title: 'B' } });
    const unknown = await save(s, { dashboard: { id: 999, title: 'X' } });
    // Era D's resolveLegacyInternalID answers without the DashboardErr `status` field.
    const unknownBody = era.legacy ? '{"message":"Dashboard not found","status":"not-found"}' : '{"message":"Dashboard not found"}';
    expect([unknown.status, unknown.text]).toEqual([404, unknownBody]);
    const clash = await save(s, { dashboard: { id: a.id, uid: 'b', title: 'A', version: 1 } });
    expect([clash.status, clash.text]).toEqual([400, '{"message":"A dashboard with the same uid already exists"}']);
    const byIdOnly = await save(s, { dashboard: { id: a.id, title: 'A2', version: 1 } });
    expect(byIdOnly.body).toMatchObject({ uid: 'a', version: 2 });
    if (era.legacy) {
      const unknownWithUid = await save(s, { dashboard: { id: 999, uid: 'c', title: 'C' } });
      expect(unknownWithUid.status).toBe(404);
      const retarget = await save(s, { dashboard: { id: a.id, uid: 'renamed', title: 'A3', version: 2 } });
      expect(retarget.body).toMatchObject({ id: a.id, uid: 'renamed', version: 3 });
      expect((await get(s, 'a')).status).toBe(404);
    } else {
      const unknownWithUid = await save(s, { dashboard: { id: 999, uid: 'c', title: 'C' } });
      expect(unknownWithUid.body).toMatchObject({ uid: 'c', version: 1 });
    }
  });

  it('takes id and uid of the same dashboard as a normal update, version check included; updates a trashed one in place (11.2), refuses (era C) or re-creates (era D) a deleted one', async () => {
    const s = await startTestSandbox({ grafanaVersion, release });
    const a = (await save(s, { dashboard: { uid: 'a', title: 'A' } })).body;
    const updated = await save(s, { dashboard: { id: a.id, uid: 'a', title: 'A1', version: 1 }, overwrite: false });
    expect(updated.body).toMatchObject({ id: a.id, uid: 'a', version: 2 });
    const stale = await save(s, { dashboard: { id: a.id, uid: 'a', title: 'A2', version: 1 }, overwrite: false });
    expect(stale.status).toBe(era.legacy ? 412 : 409);
    expect((await get(s, 'a')).body.dashboard).toMatchObject({ title: 'A1', version: 2 });

    // Deleted: on 12 and 13.0.x the id no longer names a dashboard. 11.2 moved it to Recently deleted, where the store's id and
    // uid lookups (no `deleted` filter) still find it: the save updates the row, which stays in the trash.
    expect((await apiRequest(s, 'DELETE', '/api/dashboards/uid/a')).status).toBe(200);
    const again = await save(s, { dashboard: { id: a.id, uid: 'a', title: 'A3', version: 2 }, overwrite: false });
    if (grafanaVersion === '11.2') {
      expect(again.body).toMatchObject({ id: a.id, uid: 'a', version: 3 });
      expect((await get(s, 'a')).status).toBe(404);
    } else if (era.legacy) {
      expect([again.status, again.text]).toEqual([404, '{"message":"Dashboard not found","status":"not-found"}']);
      expect((await get(s, 'a')).status).toBe(404);
    } else {
      // resolveLegacyInternalID: an unknown id with a uid is "a regular create with a legacy id label".
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ uid: 'a', version: 1 });
    }
  });

  it('looks a posted id up through search on 12 and 13 (eras C and D): a dashboard the index does not show yet is not found by id', async () => {
    const s = await startTestSandbox({ grafanaVersion, release });
    const a = (await save(s, { dashboard: { uid: 'a', title: 'A' } })).body;
    s.setFaults({ searchMisses: ['a'] });
    const withUid = await save(s, { dashboard: { id: a.id, uid: 'a', title: 'A1', version: 1 } });
    // Era C: ValidateDashboardBeforeSave fails on the id; era D: resolveLegacyInternalID falls back to the uid; 11.2 asks SQL.
    if (era.service) expect([withUid.status, withUid.text]).toEqual([404, '{"message":"Dashboard not found","status":"not-found"}']);
    else expect(withUid.body).toMatchObject({ uid: 'a', version: 2 });
    const idOnly = await save(s, { dashboard: { id: a.id, title: 'A2', version: era.service ? 1 : 2 } });
    expect(idOnly.status).toBe(grafanaVersion === '11.2' ? 200 : 404);
  });

  it('moves a dashboard to the root when folderUid is left out, and resolves folderId where the era does', async () => {
    const s = await startTestSandbox({ grafanaVersion, release });
    const folder = (await apiRequest(s, 'POST', '/api/folders', { uid: 'f', title: 'Team' })).body;
    await save(s, { dashboard: { uid: 'd', title: 'D' }, folderUid: 'f' });
    expect((await get(s, 'd')).body.meta).toMatchObject({ folderUid: 'f', folderTitle: 'Team', folderId: folder.id, folderUrl: '/dashboards/f/f/team' });
    await save(s, { dashboard: { uid: 'd', title: 'D', version: 1 } });
    expect((await get(s, 'd')).body.meta).toMatchObject({ folderUid: '', folderTitle: 'General', folderId: 0, folderUrl: '' });
    const byId = await save(s, { dashboard: { uid: 'd', title: 'D', version: 2 }, folderId: folder.id });
    expect(byId.body.folderUid).toBe(era.legacy ? 'f' : '');
  });

  it('keeps titles unique per folder only on 11.2', async () => {
    const s = await startTestSandbox({ grafanaVersion, release });
    await save(s, { dashboard: { uid: 'one', title: 'Same Title' } });
    const duplicate = await save(s, { dashboard: { uid: 'two', title: 'same title' } });
    if (!era.unique) {
      expect(duplicate.status).toBe(200);
      return;
    }
    expect([duplicate.status, duplicate.text]).toEqual([
      412,
      '{"message":"A dashboard with the same name in the folder already exists","status":"name-exists"}',
    ]);
    const takeover = await save(s, { dashboard: { uid: 'two', title: 'Same title' }, overwrite: true });
    expect(takeover.body).toMatchObject({ uid: 'one', version: 2 });
    expect((await get(s, 'two')).status).toBe(404);
    await apiRequest(s, 'POST', '/api/folders', { uid: 'ops', title: 'Ops' });
    const folderName = await save(s, { dashboard: { uid: 'x', title: 'OPS' }, folderUid: 'ops' });
    expect([folderName.status, folderName.text]).toEqual([400, '{"message":"Dashboard name cannot be the same as folder","status":"name-match"}']);
    // After a rename the folder's new name is the one that clashes (Ä is a and & is and in Grafana's slug).
    expect((await apiRequest(s, 'PUT', '/api/folders/ops', { title: 'Älpha & Ops', version: 1 })).status).toBe(200);
    expect((await save(s, { dashboard: { uid: 'x', title: 'OPS' }, folderUid: 'ops' })).status).toBe(200);
    const renamed = await save(s, { dashboard: { uid: 'y', title: 'alpha and ops' }, folderUid: 'ops' });
    expect([renamed.status, renamed.body.status]).toEqual([400, 'name-match']);
  });

  it('slugs titles with Grafana\'s table: Cyrillic and Hebrew spelled in Latin letters, ü as ue, & as and (variant 1 of grafana-api.md §2.1)', async () => {
    const s = await startTestSandbox({ grafanaVersion, release });
    const slugs: string[] = [];
    for (const [i, title] of ['Kafka (прод)', 'Kafka (тест)', 'Müller', 'Muller', 'R&D', 'R D', 'שלום', 'Год: ёж'].entries()) {
      const saved = await save(s, { dashboard: { uid: `t${i}`, title } });
      expect(saved.status).toBe(200);
      slugs.push(String(saved.body.slug ?? (await get(s, `t${i}`)).body.meta.slug));
    }
    expect(slugs).toEqual(['kafka-prod', 'kafka-test', 'mueller', 'muller', 'randd', 'r-d', 'wlvm', 'god-jozh']);
    // Spelled the same in Latin letters: one slug, so 11.2 refuses the second.
    expect((await save(s, { dashboard: { uid: 'latin', title: 'Kafka (prod)' } })).status).toBe(era.unique ? 412 : 200);
  });

  it('counts a dashboard in Recently deleted in the 11.2 title check (no `deleted` filter in the store query)', async () => {
    const s = await startTestSandbox({ grafanaVersion, release });
    await save(s, { dashboard: { uid: 'old', title: 'Reused' } });
    expect((await apiRequest(s, 'DELETE', '/api/dashboards/uid/old')).status).toBe(200);
    const fresh = await save(s, { dashboard: { uid: 'new', title: 'Reused' } });
    const folder = await apiRequest(s, 'POST', '/api/folders', { uid: 'reused', title: 'Reused' });
    if (!era.unique) {
      expect([fresh.status, folder.status]).toEqual([200, 200]);
      return;
    }
    expect([fresh.status, fresh.body.status]).toEqual([412, 'name-exists']);
    expect([folder.status, folder.text]).toEqual([400, '{"message":"Folder name cannot be the same as one of its dashboards"}']);
    const takeover = await save(s, { dashboard: { uid: 'new', title: 'Reused' }, overwrite: true });
    expect(takeover.body).toMatchObject({ uid: 'old', version: 2 });
    expect([(await get(s, 'old')).status, (await get(s, 'new')).status]).toEqual([404, 404]);
  });

  it('refuses to save a provisioned dashboard unless UI updates are allowed', async () => {
    const s = await startTestSandbox({ grafanaVersion, release });
    await s.provisionDashboard({ dashboard: { uid: 'prov', title: 'Provisioned' }, externalId: 'team/prov.json' });
    await s.provisionDashboard({ dashboard: { uid: 'open', title: 'Open' }, allowUiUpdates: true });
    const locked = await save(s, { dashboard: { uid: 'prov', title: 'Provisioned', version: 1 } });
    expect([locked.status, locked.text]).toEqual([400, '{"message":"Cannot save provisioned dashboard"}']);
    const allowed = await save(s, { dashboard: { uid: 'open', title: 'Open', version: 1 } });
    expect(allowed.body.version).toBe(2);
    const meta = (await get(s, 'prov')).body.meta;
    expect(meta).toMatchObject({ provisioned: true, provisionedExternalId: 'team/prov.json', createdBy: 'Anonymous' });
    expect((await get(s, 'open')).body.meta.provisioned).toBe(false);
  });
});

describe('POST /api/dashboards/db k8s-style bodies on Grafana 13', () => {
  it('13.1 on (era D) accepts a dashboard.grafana.app resource and refuses malformed ones', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13', release: '13.2.0' });
    const ok = await save(s, { dashboard: { apiVersion: 'dashboard.grafana.app/v1', metadata: { name: 'k8s' }, spec: { title: 'K8s' } } });
    expect(ok.body).toMatchObject({ uid: 'k8s', version: 1 });
    const cases: [unknown, string][] = [
      [{ metadata: { name: 'x' }, spec: { title: 'X' } }, 'Dashboard appears to be a k8s style resource, but is missing an explicit apiVersion.'],
      [{ apiVersion: 'v1', spec: { title: 'X' } }, 'The dashboard payload references a non dashboard apiVersion.  This should be sent to the requested api directly'],
      [{ apiVersion: 'dashboard.grafana.app/v1', id: 3, spec: { title: 'X' } }, 'The k8s style dashboard must not include an id on the root element'],
      [{ apiVersion: 'dashboard.grafana.app/v1', metadata: {} }, 'The k8s style dashboard must include the dashboard contents in the spec property'],
    ];
    for (const [dashboard, message] of cases) {
      const response = await save(s, { dashboard });
      expect([response.status, response.body.message]).toEqual([400, message]);
    }
    const named = await save(s, {
      dashboard: { apiVersion: 'dashboard.grafana.app/v0alpha1', metadata: { name: 'by-name' }, spec: { uid: 'by-spec', title: 'Named' } },
    });
    expect(named.body).toMatchObject({ uid: 'by-name', version: 1 });
    const specOnly = await save(s, { dashboard: { apiVersion: 'dashboard.grafana.app/v0alpha1', spec: { uid: 'from-spec', title: 'Spec uid' } } });
    expect(specOnly.body).toMatchObject({ uid: 'from-spec', version: 1 });
    const notObject = await save(s, { dashboard: 'text' });
    expect([notObject.status, notObject.text]).toEqual([400, '{"message":"Failed to read dashboard"}']);
  });

  it('13.0.x (era C, the service) reads one as a classic dashboard without a title, and refuses a bare v2 spec in the apiserver', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    const k8s = await save(s, { dashboard: { apiVersion: 'dashboard.grafana.app/v1', metadata: { name: 'k8s' }, spec: { title: 'K8s' } } });
    expect([k8s.status, k8s.text]).toEqual([400, '{"message":"Dashboard title cannot be empty","status":"empty-name"}']);
    // The service posts the model at v0alpha1; 13's mutating admission refuses it, and ToDashboardErrorResponse adds the traceID.
    const v2 = await save(s, { dashboard: { uid: 'v2', title: 'V2', elements: {}, layout: { kind: 'GridLayout', spec: { items: [] } } } });
    expect([v2.status, v2.text]).toEqual([400, '{"message":"dashboard appears to be in v2 format. Please use the /apis/dashboard.grafana.app/v2 API","traceID":""}']);
    expect((await get(s, 'v2')).status).toBe(404);
    // 12's admission has no such check: the same body is stored as a classic dashboard.
    const twelve = await startTestSandbox({ grafanaVersion: '12' });
    expect((await save(twelve, { dashboard: { uid: 'v2', title: 'V2', elements: {}, layout: {} } })).status).toBe(200);
  });
});

describe.each(versions)('a dashboard saved under a folder\'s uid on Grafana %s (ValidateDashboardBeforeSave, ErrDashboardTypeMismatch)', (grafanaVersion) => {
  it(grafanaVersion === '11.2' ? 'is refused with 400 "Dashboard cannot be changed to a folder": folders are rows of the dashboard table' : 'is saved beside the folder: folders are stored apart', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'other-uid', title: 'Other' })).status).toBe(200);
    const saved = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'other-uid', title: 'Other' } });
    if (grafanaVersion === '11.2') {
      expect([saved.status, saved.body.message]).toEqual([400, 'Dashboard cannot be changed to a folder']);
      expect((await apiRequest(s, 'GET', '/api/dashboards/uid/other-uid')).status).not.toBe(200);
    } else {
      expect(saved.status).toBe(200);
    }
    expect((await apiRequest(s, 'GET', '/api/folders/other-uid')).body.title).toBe('Other');
  });
});

describe('a posted id on Grafana 12 (era C) among many dashboards, after the saves, deletes and creates that change which row has it', () => {
  it('finds the row that has the id now, and none for the id of a dashboard deleted and created again under its uid', async () => {
    const s = await startTestSandbox({ grafanaVersion: '12' });
    const ids = new Map<string, number>();
    for (let i = 0; i < 50; i++) ids.set(`d${i}`, (await save(s, { dashboard: { uid: `d${i}`, title: `D ${i}` } })).body.id);
    // Each by its id: the first save by id, and every one after it, finds the row the id names.
    for (const uid of ['d7', 'd42', 'd0']) expect((await save(s, { dashboard: { id: ids.get(uid), uid, title: `${uid} again`, version: 1 } })).body).toMatchObject({ id: ids.get(uid), uid, version: 2 });
    expect((await apiRequest(s, 'DELETE', '/api/dashboards/uid/d42')).status).toBe(200);
    const recreated = (await save(s, { dashboard: { uid: 'd42', title: 'D 42 anew' } })).body;
    expect(recreated.id).not.toBe(ids.get('d42'));
    const byOldId = await save(s, { dashboard: { id: ids.get('d42'), uid: 'd42', title: 'D 42 from an old read', version: 1 } });
    expect([byOldId.status, byOldId.text]).toEqual([404, '{"message":"Dashboard not found","status":"not-found"}']);
    expect((await get(s, 'd42')).body.dashboard).toMatchObject({ title: 'D 42 anew', version: 1 });
    expect((await save(s, { dashboard: { id: recreated.id, uid: 'd42', title: 'D 42 edited', version: 1 } })).body).toMatchObject({ id: recreated.id, version: 2 });
    // An id alone names its row's uid.
    expect((await save(s, { dashboard: { id: ids.get('d7'), title: 'D 7 by id', version: 2 } })).body).toMatchObject({ uid: 'd7', version: 3 });
  });
});
