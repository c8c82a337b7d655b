import { describe, expect, it } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// The exact bytes of the answers the sandbox keeps rendered per record (src/sandbox/escaped-texts.ts): each is read
// again after a write that changes what it shows, so an answer served from before the write fails here.

const versions: GrafanaVersion[] = ['11.2', '12', '13'];
const save = (s: SandboxHandle, body: unknown) => apiRequest(s, 'POST', '/api/dashboards/db', body);
const ZERO = '0001-01-01T00:00:00Z';

interface MetaShape {
  version: number;
  slug: string;
  uid: string;
  canWrite: boolean;
  canAdmin: boolean;
  folder?: { id: number; uid: string; title: string; url: string };
  apiVersion?: string;
}

/** DashboardMeta as Grafana writes it, escaped; `created` and `updated` come from the answer (the clock's). */
function metaText(meta: MetaShape, times: { created: string; updated: string }): string {
  const { canWrite: w, canAdmin: a, folder } = meta;
  return (
    `{"type":"db","canSave":${w},"canEdit":${w},"canAdmin":${a},"canStar":true,"canDelete":${w},"slug":"${meta.slug}",` +
    `"url":"/d/${meta.uid}/${meta.slug}","expires":"${ZERO}","created":"${times.created}","updated":"${times.updated}",` +
    `"updatedBy":"admin","createdBy":"admin","version":${meta.version},"hasAcl":false,"isFolder":false,` +
    (meta.apiVersion ? `"apiVersion":"${meta.apiVersion}",` : '') +
    `"folderId":${folder?.id ?? 0},"folderUid":"${folder?.uid ?? ''}","folderTitle":"${folder?.title ?? 'General'}","folderUrl":"${folder?.url ?? ''}",` +
    `"provisioned":false,"provisionedExternalId":"","annotationsPermissions":{"dashboard":{"canAdd":${w},"canEdit":${w},"canDelete":${w}},` +
    `"organization":{"canAdd":${a},"canEdit":${a},"canDelete":${a}}}}`
  );
}

async function readDashboard(s: SandboxHandle, uid: string, headers?: Record<string, string>) {
  const read = await apiRequest(s, 'GET', `/api/dashboards/uid/${uid}`, undefined, headers);
  expect(read.status).toBe(200);
  return { text: read.text, times: { created: read.body.meta.created as string, updated: read.body.meta.updated as string } };
}

describe.each(versions)('the exact answer texts after writes on Grafana %s', (grafanaVersion) => {
  const apiVersion = grafanaVersion === '11.2' ? undefined : 'v0alpha1';

  it('GET /api/dashboards/uid/:uid after a create, an update, a move, a folder rename and a permission change', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'ops', title: 'Ops <1>' })).status).toBe(200);
    expect((await apiRequest(s, 'POST', '/api/folders', { uid: 'dev', title: 'Dev & Co' })).status).toBe(200);
    const model = { uid: 'lat', title: 'Latency', tags: ['b', 'a'], panels: [{ id: 1, type: 'text', options: { content: '<b>&amp;</b>' } }] };
    expect((await save(s, { dashboard: model, folderUid: 'ops' })).status).toBe(200);
    const ops = { id: 1, uid: 'ops', title: 'Ops \\u003c1\\u003e', url: '/dashboards/f/ops/ops-1' };
    const dashboard = (version: number, title: string, extra = '') =>
      `{"id":3,"panels":[{"id":1,"options":{"content":"\\u003cb\\u003e\\u0026amp;\\u003c/b\\u003e"},"type":"text"}],"tags":["b","a"],` +
      `"title":"${title}","uid":"lat","version":${version}${extra}}`;
    const shape = { uid: 'lat', slug: 'latency', canWrite: true, canAdmin: true, apiVersion };

    let read = await readDashboard(s, 'lat');
    expect(read.text).toBe(`{"meta":${metaText({ ...shape, version: 1, folder: ops }, read.times)},"dashboard":${dashboard(1, 'Latency')}}`);

    // An update: a new version and a new model (a cached text of version 1 would still say so).
    expect((await save(s, { dashboard: { ...model, title: 'Latency <p99>', version: 1, zeta: 'z' }, folderUid: 'ops' })).status).toBe(200);
    read = await readDashboard(s, 'lat');
    const p99 = 'Latency \\u003cp99\\u003e';
    expect(read.text).toBe(
      `{"meta":${metaText({ ...shape, slug: 'latency-p99', version: 2, folder: ops }, read.times)},"dashboard":${dashboard(2, p99, ',"zeta":"z"')}}`,
    );
    const shape2 = { ...shape, slug: 'latency-p99' };

    // A move to another folder (a save with another folderUid).
    expect((await save(s, { dashboard: { ...model, title: 'Latency <p99>', version: 2, zeta: 'z' }, folderUid: 'dev' })).status).toBe(200);
    read = await readDashboard(s, 'lat');
    const dev = { id: 2, uid: 'dev', title: 'Dev \\u0026 Co', url: '/dashboards/f/dev/dev-and-co' };
    expect(read.text).toBe(`{"meta":${metaText({ ...shape2, version: 3, folder: dev }, read.times)},"dashboard":${dashboard(3, p99, ',"zeta":"z"')}}`);

    // The folder renamed: the dashboard's record is the same, its meta shows the new title.
    const renamed = await apiRequest(s, 'PUT', '/api/folders/dev', { title: 'Platform', version: 1 });
    expect(renamed.status).toBe(200);
    read = await readDashboard(s, 'lat');
    const platform = { ...dev, title: 'Platform', url: '/dashboards/f/dev/platform' };
    expect(read.text).toBe(`{"meta":${metaText({ ...shape2, version: 3, folder: platform }, read.times)},"dashboard":${dashboard(3, p99, ',"zeta":"z"')}}`);

    // A Viewer token: View on the folder reads it without write rights; Edit given afterwards shows them.
    const account = await apiRequest(s, 'POST', '/api/serviceaccounts', { name: 'reader', role: 'Viewer' });
    const token = await apiRequest(s, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'r' });
    const reader = { authorization: `Bearer ${token.body.key}` };
    const viewer = { ...shape2, version: 3, folder: platform, canAdmin: false };
    expect((await apiRequest(s, 'POST', '/api/folders/dev/permissions', { items: [{ userId: account.body.id, permission: 1 }] })).status).toBe(200);
    read = await readDashboard(s, 'lat', reader);
    expect(read.text).toBe(`{"meta":${metaText({ ...viewer, canWrite: false }, read.times)},"dashboard":${dashboard(3, p99, ',"zeta":"z"')}}`);
    expect((await apiRequest(s, 'POST', '/api/folders/dev/permissions', { items: [{ userId: account.body.id, permission: 2 }] })).status).toBe(200);
    read = await readDashboard(s, 'lat', reader);
    expect(read.text).toBe(`{"meta":${metaText({ ...viewer, canWrite: true }, read.times)},"dashboard":${dashboard(3, p99, ',"zeta":"z"')}}`);

    // Back to the General folder.
    expect((await save(s, { dashboard: { ...model, title: 'Latency <p99>', version: 3, zeta: 'z' }, folderUid: '' })).status).toBe(200);
    read = await readDashboard(s, 'lat');
    expect(read.text).toBe(`{"meta":${metaText({ ...shape2, version: 4 }, read.times)},"dashboard":${dashboard(4, p99, ',"zeta":"z"')}}`);
  });

  it('a model partly in Go\'s key order already: the parts that are not (integer-like keys, a key above the surrogates) are reordered', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const model = {
      uid: 'mix',
      title: 'M',
      a: { b: 1, c: { '10': 1, '2': 2 } },
      panels: [
        { id: 1, type: 'x' },
        { type: 'y', id: 2, nested: { z: 1, a: [{ '\u{1F600}': 1, '\ue000': 2 }] } },
      ],
      sorted: { x: [1, { p: 1, q: 'a&b' }], y: null },
    };
    expect((await save(s, { dashboard: model })).status).toBe(200);
    const read = await readDashboard(s, 'mix');
    const expected =
      '{"a":{"b":1,"c":{"10":1,"2":2}},"id":1,"panels":[{"id":1,"type":"x"},{"id":2,"nested":{"a":[{"\ue000":2,"\u{1F600}":1}],"z":1},"type":"y"}],' +
      '"sorted":{"x":[1,{"p":1,"q":"a\\u0026b"}],"y":null},"title":"M","uid":"mix","version":1}';
    expect(read.text.slice(read.text.indexOf(',"dashboard":'))).toBe(`,"dashboard":${expected}}`);
  });

  it('GET /api/search after a create, an update, a move and a folder rename', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'ops', title: 'Ops <1>' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'dev', title: 'Dev' });
    await save(s, { dashboard: { uid: 'lat', title: 'Latency', tags: ['b', 'a'] }, folderUid: 'ops' });
    await save(s, { dashboard: { uid: 'top', title: 'Top & more' } });
    const slug = (text: string) => (grafanaVersion === '11.2' ? text : '');
    const hit = (title: string, slugText: string, version: string, folder?: string) =>
      `{"id":3,"uid":"lat","orgId":1,"title":"${title}","uri":"db/${slugText}","url":"/d/lat/${slugText}","slug":"${slug(slugText)}",` +
      `"type":"dash-db","tags":["a","b"],"isStarred":false,${folder ?? ''}"sortMeta":0,"isDeleted":false}${version}`;
    const top = `{"id":4,"uid":"top","orgId":1,"title":"Top \\u0026 more","uri":"db/top-and-more","url":"/d/top/top-and-more","slug":"${slug('top-and-more')}","type":"dash-db","tags":[],"isStarred":false,"sortMeta":0,"isDeleted":false}`;
    const inOps = '"folderId":1,"folderUid":"ops","folderTitle":"Ops \\u003c1\\u003e","folderUrl":"/dashboards/f/ops/ops-1",';
    const search = async () => (await apiRequest(s, 'GET', '/api/search?type=dash-db&limit=5000')).text;

    expect(await search()).toBe(`[${hit('Latency', 'latency', '', inOps)},${top}]`);
    await save(s, { dashboard: { uid: 'lat', title: 'Latency <p99>', tags: ['b', 'a'], version: 1 }, folderUid: 'ops' });
    expect(await search()).toBe(`[${hit('Latency \\u003cp99\\u003e', 'latency-p99', '', inOps)},${top}]`);
    await save(s, { dashboard: { uid: 'lat', title: 'Latency <p99>', tags: ['b', 'a'], version: 2 }, folderUid: 'dev' });
    const inDev = (title: string, slugText: string) => `"folderId":2,"folderUid":"dev","folderTitle":"${title}","folderUrl":"/dashboards/f/dev/${slugText}",`;
    expect(await search()).toBe(`[${hit('Latency \\u003cp99\\u003e', 'latency-p99', '', inDev('Dev', 'dev'))},${top}]`);
    expect((await apiRequest(s, 'PUT', '/api/folders/dev', { title: 'R&D', version: 1 })).status).toBe(200);
    expect(await search()).toBe(`[${hit('Latency \\u003cp99\\u003e', 'latency-p99', '', inDev('R\\u0026D', 'randd'))},${top}]`);
    // Folder hits: the folder's own record, and its parent's after a move.
    await apiRequest(s, 'POST', '/api/folders', { uid: 'sub', title: 'Sub', parentUid: 'ops' });
    const folders = async () => (await apiRequest(s, 'GET', '/api/search?type=dash-folder&query=sub')).text;
    const subHit = (parent: string) =>
      `[{"id":5,"uid":"sub","orgId":1,"title":"Sub","uri":"db/sub","url":"/dashboards/f/sub/sub","slug":"${slug('sub')}","type":"dash-folder","tags":[],"isStarred":false,${parent}"sortMeta":0,"isDeleted":false}]`;
    expect(await folders()).toBe(subHit(inOps));
    expect((await apiRequest(s, 'PUT', '/api/folders/ops', { title: 'Ops <2>', version: 1 })).status).toBe(200);
    expect(await folders()).toBe(subHit(inOps.replace('Ops \\u003c1\\u003e', 'Ops \\u003c2\\u003e').replace('ops-1', 'ops-2')));
  });

  it('GET .../versions?limit=1 and a version by number after updates', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await save(s, { dashboard: { uid: 'lat', title: 'A <1>' }, message: 'first & only' });
    await save(s, { dashboard: { uid: 'lat', title: 'A <2>', version: 1 }, message: 'second <msg>' });
    const latest = await apiRequest(s, 'GET', '/api/dashboards/uid/lat/versions?limit=1');
    const createdOf = (body: any) => (body.versions?.[0] ?? body[0] ?? body).created as string;
    const idPart = grafanaVersion === '11.2' ? '"id":1,' : '';
    const data = (title: string, version: number) => `{${idPart}"title":"${title}","uid":"lat","version":${version}}`;
    const entry = (id: number, version: number, message: string, title: string, created: string) =>
      `{"id":${id},"dashboardId":1,"uid":"lat","parentVersion":${version - 1},"restoredFrom":0,"version":${version},"created":"${created}",` +
      `"message":"${message}","data":${data(title, version)},"createdBy":"admin"}`;
    if (grafanaVersion === '11.2') {
      // The 11.2 list selects the data column and answers it with each row (GetDashboardVersions: `Data: version.Data`).
      expect(latest.text).toBe(`[${entry(2, 2, 'second \\u003cmsg\\u003e', 'A \\u003c2\\u003e', createdOf(latest.body))}]`);
    } else {
      // The `/apis` history's token (12: legacy storage's; 13: unified storage's base64), as it came.
      expect(latest.body.continueToken).toEqual(grafanaVersion === '12' ? 'org:1/start:2/folder:' : expect.stringMatching(/^eyJ/));
      expect(latest.text).toBe(`{"continueToken":${JSON.stringify(latest.body.continueToken)},"versions":[${entry(2, 2, 'second \\u003cmsg\\u003e', 'A \\u003c2\\u003e', createdOf(latest.body))}]}`);
    }
    const one = await apiRequest(s, 'GET', '/api/dashboards/uid/lat/versions/1');
    expect(one.text).toBe(entry(1, 1, 'first \\u0026 only', 'A \\u003c1\\u003e', createdOf(one.body)));
    // A third save: the newest entry is now version 3.
    await save(s, { dashboard: { uid: 'lat', title: 'A <3>', version: 2 }, message: 'third' });
    const third = await apiRequest(s, 'GET', '/api/dashboards/uid/lat/versions?limit=1');
    if (grafanaVersion !== '11.2') {
      expect(third.text).toBe(`{"continueToken":${JSON.stringify(third.body.continueToken)},"versions":[${entry(3, 3, 'third', 'A \\u003c3\\u003e', createdOf(third.body))}]}`);
    } else {
      expect(third.text).toBe(`[${entry(3, 3, 'third', 'A \\u003c3\\u003e', createdOf(third.body))}]`);
    }
    if (grafanaVersion === '13') return;
    // 11.2 and 12 save by id: a new uid renames the row, and its history goes with it under the new uid.
    expect((await save(s, { dashboard: { id: 1, uid: 'lat2', title: 'A <3>', version: 3 } })).status).toBe(200);
    const moved = await apiRequest(s, 'GET', '/api/dashboards/uid/lat2/versions/1');
    expect(moved.text).toBe(entry(1, 1, 'first \\u0026 only', 'A \\u003c1\\u003e', createdOf(moved.body)).replaceAll('"uid":"lat"', '"uid":"lat2"'));
  });
});

describe.each(['12', '13'] as const)('the exact text of an /apis list page on Grafana %s', (grafanaVersion) => {
  it('is the list head, then each object as GET answers it, joined by commas: multi-byte titles, both stored versions, a continue token', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const collection = (version: string) => `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards`;
    await save(s, { dashboard: { uid: 'a', title: 'Grüße <α> 😀', panels: [{ id: 1, type: 'text' }] } });
    const resource = { apiVersion: 'dashboard.grafana.app/v1beta1', kind: 'Dashboard', metadata: { name: 'b' }, spec: { title: 'B & ß', schemaVersion: 41 } };
    expect((await apiRequest(s, 'POST', collection('v1beta1'), resource)).status).toBe(201);
    await save(s, { dashboard: { uid: 'c', title: 'C' } });
    for (const version of ['v0alpha1', 'v1beta1']) {
      const page = await apiRequest(s, 'GET', `${collection(version)}?limit=2`);
      expect(page.status).toBe(200);
      // Legacy storage (12) lists newest first, unified storage (13) by name.
      const [firstTwo, last] = grafanaVersion === '13' ? [['a', 'b'], 'c'] : [['c', 'b'], 'a'];
      const objects = await Promise.all(firstTwo.map(async (uid) => (await apiRequest(s, 'GET', `${collection(version)}/${uid}`)).text));
      const metadata = JSON.stringify({ resourceVersion: page.body.metadata.resourceVersion, continue: page.body.metadata.continue });
      expect(page.body.metadata.continue).not.toBe('');
      // Each object's text without the newline the serializer ends an answer with; the list ends with one.
      const bare = objects.map((text) => text.slice(0, -1));
      expect(page.text).toBe(`{"kind":"DashboardList","apiVersion":"dashboard.grafana.app/${version}","metadata":${metadata},"items":[${bare.join(',')}]}\n`);
      const rest = await apiRequest(s, 'GET', `${collection(version)}?limit=2&continue=${encodeURIComponent(page.body.metadata.continue)}`);
      const lastText = (await apiRequest(s, 'GET', `${collection(version)}/${last}`)).text;
      expect(rest.text).toBe(`{"kind":"DashboardList","apiVersion":"dashboard.grafana.app/${version}","metadata":${JSON.stringify({ resourceVersion: rest.body.metadata.resourceVersion })},"items":[${lastText.slice(0, -1)}]}\n`);
      expect(Buffer.byteLength(rest.text)).toBe(Number(rest.headers.get('content-length')));
    }
  });
});
