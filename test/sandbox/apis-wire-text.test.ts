import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// The exact bytes of /apis answers: the k8s serializer writes them with encoding/json's Encoder (src/sandbox/README.md,
// "The text of /apis answers"), so `<`, `>`, `&`, U+2028 and U+2029 inside strings come escaped, struct fields keep
// their declaration order, map keys come sorted, and every answer ends with a newline.

const releases = [
  { grafanaVersion: '12', v1: 'v1beta1' },
  { grafanaVersion: '13', v1: 'v1' },
] as const;

const spec = (title: string) => ({ title, schemaVersion: 42, panels: [{ id: 1, type: 'text', options: { content: '<b>&amp;</b>\u2029' } }] });
const TITLE = 'A <b>&amp;</b>\u2028B';
const ESCAPED_TITLE = 'A \\u003cb\\u003e\\u0026amp;\\u003c/b\\u003e\\u2028B';
const UPDATED_TITLE = 'U <i>&</i>\u2028';
const ESCAPED_UPDATED_TITLE = 'U \\u003ci\\u003e\\u0026\\u003c/i\\u003e\\u2028';
// With what the v1 write's migration adds (12.3 on): its built-in annotation's `&` is escaped too.
const ESCAPED_SPEC = (title: string) =>
  `{"annotations":{"list":[{"builtIn":1,"datasource":{"type":"grafana","uid":"-- Grafana --"},"enable":true,"hide":true,"iconColor":"rgba(0, 211, 255, 1)","name":"Annotations \\u0026 Alerts","type":"dashboard"}]},` +
  `"editable":true,"fiscalYearStartMonth":0,"graphTooltip":0,"links":[],` +
  `"panels":[{"id":1,"options":{"content":"\\u003cb\\u003e\\u0026amp;\\u003c/b\\u003e\\u2029"},"type":"text"}],"schemaVersion":42,` +
  `"tags":[],"templating":{"list":[]},"time":{"from":"now-6h","to":"now"},"timepicker":{},"timezone":"","title":"${title}","weekStart":""}`;

interface Stamp {
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  updatedTimestamp: string | undefined;
  by: string;
}

/** What an answer's text says that the test cannot know beforehand: taken from the parsed answer. */
function stampOf(body: any): Stamp {
  return {
    uid: body.metadata.uid,
    resourceVersion: body.metadata.resourceVersion,
    creationTimestamp: body.metadata.creationTimestamp,
    updatedTimestamp: body.metadata.annotations['grafana.app/updatedTimestamp'],
    by: body.metadata.annotations['grafana.app/createdBy'],
  };
}

function objectText(kind: string, apiVersion: string, name: string, id: number, generation: number, stamp: Stamp, specText: string): string {
  return (
    `{"kind":"${kind}","apiVersion":"${apiVersion}","metadata":{"name":"${name}","namespace":"default","uid":"${stamp.uid}",` +
    `"resourceVersion":"${stamp.resourceVersion}","generation":${generation},"creationTimestamp":"${stamp.creationTimestamp}",` +
    `"labels":{"grafana.app/deprecatedInternalID":"${id}"},"annotations":{"grafana.app/createdBy":"${stamp.by}"` +
    // A create in unified storage (13) has neither (apistore prepare.go).
    (stamp.updatedTimestamp === undefined ? '' : `,"grafana.app/updatedBy":"${stamp.by}","grafana.app/updatedTimestamp":"${stamp.updatedTimestamp}"`) +
    `}},"spec":${specText},"status":{}}`
  );
}

describe.each(releases)('the exact text of /apis answers on Grafana $grafanaVersion', ({ grafanaVersion, v1 }) => {
  const collection = `/apis/dashboard.grafana.app/${v1}/namespaces/default/dashboards`;
  const apiVersion = `dashboard.grafana.app/${v1}`;

  it('create, GET, update and list escape <>& and U+2028/U+2029 as encoding/json does and end with a newline', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const created = await apiRequest(s, 'POST', collection, { apiVersion, kind: 'Dashboard', metadata: { name: 'esc' }, spec: spec(TITLE) });
    expect(created.status).toBe(201);
    const createdText = `${objectText('Dashboard', apiVersion, 'esc', 1, 1, stampOf(created.body), ESCAPED_SPEC(ESCAPED_TITLE))}\n`;
    expect(created.text).toBe(createdText);
    // Parsed, the values are what was posted: a JSON client sees no difference.
    expect(created.body.spec.title).toBe(TITLE);

    const read = await apiRequest(s, 'GET', `${collection}/esc`);
    expect([read.status, read.text]).toEqual([200, createdText]);

    const updated = await apiRequest(s, 'PUT', `${collection}/esc`, { ...created.body, spec: spec(UPDATED_TITLE) });
    expect(updated.status).toBe(200);
    const updatedObject = objectText('Dashboard', apiVersion, 'esc', 1, 2, stampOf(updated.body), ESCAPED_SPEC(ESCAPED_UPDATED_TITLE));
    expect(updated.text).toBe(`${updatedObject}\n`);

    const list = await apiRequest(s, 'GET', collection);
    expect(list.status).toBe(200);
    const listRv = list.body.metadata.resourceVersion as string;
    expect(list.text).toBe(`{"kind":"DashboardList","apiVersion":"${apiVersion}","metadata":{"resourceVersion":"${listRv}"},"items":[${updatedObject}]}\n`);
    expect(Buffer.byteLength(list.text)).toBe(Number(list.headers.get('content-length')));
  });

  it('a Status error escapes the name it quotes; a folder its title', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const missing = await apiRequest(s, 'GET', `${collection}/${encodeURIComponent('a&b<c>')}`);
    expect([missing.status, missing.text]).toEqual([
      404,
      '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",' +
        '"message":"dashboards.dashboard.grafana.app \\"a\\u0026b\\u003cc\\u003e\\" not found","reason":"NotFound",' +
        '"details":{"name":"a\\u0026b\\u003cc\\u003e","group":"dashboard.grafana.app","kind":"dashboards"},"code":404}\n',
    ]);

    const folders = '/apis/folder.grafana.app/v1beta1/namespaces/default/folders';
    const folder = await apiRequest(s, 'POST', folders, { metadata: { name: 'fo' }, spec: { title: 'F <b>&amp;</b>\u2028G' } });
    expect(folder.status).toBe(201);
    const folderText = objectText('Folder', 'folder.grafana.app/v1beta1', 'fo', 1, 1, stampOf(folder.body), '{"title":"F \\u003cb\\u003e\\u0026amp;\\u003c/b\\u003e\\u2028G"}');
    expect(folder.text).toBe(`${folderText}\n`);
    expect((await apiRequest(s, 'GET', `${folders}/fo`)).text).toBe(`${folderText}\n`);
  });

  it('discovery and the iam display route end with a newline too', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    for (const path of ['/apis', '/apis/folder.grafana.app', '/apis/folder.grafana.app/v1beta1', '/apis/iam.grafana.app/v0alpha1/namespaces/default/display?key=user:1']) {
      const response = await apiRequest(s, 'GET', path);
      expect([path, response.status, response.text.endsWith('}\n')]).toEqual([path, 200, true]);
    }
  });
});
