import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// sbx-69: how the resource server cuts a LIST into pages (pkg/storage/unified/resource/server.go List / listAuthorized) and
// the tokens and order of each storage (legacy/token.go; sql/backend.go, sql/continue.go, resource_list.sql).
const dashboards = (version: string) => `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards`;
const folders = (version: string) => `/apis/folder.grafana.app/${version}/namespaces/default/folders`;
const names = (body: any): string[] => body.items.map((item: any) => item.metadata.name);
const decoded = (token: string) => JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
const plain500 = (message: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code: 500 });

async function save(s: SandboxHandle, uid: string, extra: Record<string, unknown> = {}): Promise<void> {
  const answer = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid, title: `Dashboard ${uid}`, ...extra }, overwrite: true });
  expect(answer.status, answer.text).toBe(200);
}

async function everyPage(s: SandboxHandle, path: string): Promise<{ pages: number; names: string[] }> {
  const all: string[] = [];
  let token = '';
  let pages = 0;
  do {
    const page = await apiRequest(s, 'GET', `${path}${path.includes('?') ? '&' : '?'}${token ? `continue=${encodeURIComponent(token)}` : ''}`);
    expect(page.status, page.text).toBe(200);
    all.push(...names(page.body));
    token = page.body.metadata.continue ?? '';
    pages++;
  } while (token);
  return { pages, names: all };
}

describe('a LIST without limit gets the server\'s default page size (PR #110356: 500, 50 before 12.3)', () => {
  it.each([
    { grafanaVersion: '12', release: '12.2.0', storage: 'legacy', version: 'v1beta1', size: 50 },
    { grafanaVersion: '13', release: undefined, storage: 'unified', version: 'v1', size: 500 },
  ] as const)('$grafanaVersion on $storage storage (release $release): $size dashboards a page, then a continue token', async ({ grafanaVersion, release, storage, version, size }) => {
    const s = await startTestSandbox({ grafanaVersion, ...(release ? { release } : {}), storage });
    for (let n = 0; n <= size; n++) await save(s, `d${String(n).padStart(4, '0')}`);
    const first = await apiRequest(s, 'GET', dashboards(version));
    expect([first.body.items.length, typeof first.body.metadata.continue]).toEqual([size, 'string']);
    const rest = await apiRequest(s, 'GET', `${dashboards(version)}?continue=${encodeURIComponent(first.body.metadata.continue)}`);
    expect([rest.body.items.length, rest.body.metadata.continue]).toEqual([1, undefined]);
    // A limit given is kept, however large.
    const all = await apiRequest(s, 'GET', `${dashboards(version)}?limit=${size + 10}`);
    expect([all.body.items.length, all.body.metadata.continue]).toEqual([size + 1, undefined]);
  });
});

describe.each([
  { grafanaVersion: '12', storage: 'legacy', version: 'v1beta1' },
  { grafanaVersion: '13', storage: 'unified', version: 'v1' },
] as const)('a page of $storage storage ends at 2 MiB of stored dashboards', ({ grafanaVersion, storage, version }) => {
  it('the item that crosses 2 MiB is the last of its page, and the token continues after it', async () => {
    const s = await startTestSandbox({ grafanaVersion, storage });
    // 'e' (small) first: legacy storage lists newest first, unified storage by name; either way three big ones come first.
    await save(s, 'e');
    const big = 'x'.repeat(900 * 1024);
    for (const uid of ['a', 'b', 'c', 'd']) await save(s, uid, { description: big });
    const first = await apiRequest(s, 'GET', `${dashboards(version)}?limit=10`);
    expect(first.body.items).toHaveLength(3);
    expect(typeof first.body.metadata.continue).toBe('string');
    const rest = await apiRequest(s, 'GET', `${dashboards(version)}?limit=10&continue=${encodeURIComponent(first.body.metadata.continue)}`);
    expect(rest.body.metadata.continue).toBeUndefined();
    expect([...names(first.body), ...names(rest.body)].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    // The metadata-only list pages the same: the server counts the stored objects, not what the answer prints of them.
    const metadata = await apiRequest(s, 'GET', `${dashboards(version)}?limit=10`, undefined, {
      ...adminHeaders(),
      accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json',
    });
    expect([metadata.body.kind, metadata.body.items.length]).toEqual(['PartialObjectMetadataList', 3]);
  });
});

describe('unified storage (13): the store list is in name order and its later pages read the first page\'s resourceVersion', () => {
  it('a dashboard created, changed or deleted after the first page does not change what the later pages list', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    for (const uid of ['d5', 'd3', 'd1', 'd4', 'd2']) await save(s, uid);
    const first = await apiRequest(s, 'GET', `${dashboards('v1')}?limit=2`);
    expect(names(first.body)).toEqual(['d1', 'd2']);
    const listRv = first.body.metadata.resourceVersion;
    // sql/continue.go: base64 of {"o":<rows read>,"v":<the list's resourceVersion>,"s":false}.
    expect(decoded(first.body.metadata.continue)).toEqual({ o: 2, v: Number(listRv), s: false });
    expect(first.body.metadata.continue).toBe(Buffer.from(`{"o":2,"v":${listRv},"s":false}`).toString('base64'));
    await save(s, 'd4', { title: 'Changed later' });
    await save(s, 'd35');
    expect((await apiRequest(s, 'DELETE', `${dashboards('v1')}/d5`)).status).toBe(200);
    const second = await apiRequest(s, 'GET', `${dashboards('v1')}?limit=2&continue=${encodeURIComponent(first.body.metadata.continue)}`);
    expect(names(second.body)).toEqual(['d3', 'd4']);
    expect(second.body.items[1].spec.title).toBe('Dashboard d4');
    expect(second.body.metadata.resourceVersion).toBe(listRv);
    expect(decoded(second.body.metadata.continue)).toEqual({ o: 4, v: Number(listRv), s: false });
    const third = await apiRequest(s, 'GET', `${dashboards('v1')}?limit=2&continue=${encodeURIComponent(second.body.metadata.continue)}`);
    expect([names(third.body), third.body.metadata.continue]).toEqual([['d5'], undefined]);
    // A new listing sees the writes.
    expect((await everyPage(s, `${dashboards('v1')}?limit=2`)).names).toEqual(['d1', 'd2', 'd3', 'd35', 'd4']);
  });

  it('a new listing shows a row renamed in case only (MySQL, as many rows as before) under its new name, in its new place', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13', database: 'mysql' });
    await save(s, 'b');
    const created = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'C', title: 'Upper' }, folderUid: '' });
    expect(created.status, created.text).toBe(200);
    await save(s, 'd');
    expect((await everyPage(s, `${dashboards('v1')}?limit=2`)).names).toEqual(['C', 'b', 'd']);
    // The row's id finds it: the save writes the uid it was given (mysql-uid-case.test.ts).
    const renamed = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { id: created.body.id, uid: 'c', title: 'Lower', version: 1 }, folderUid: '' });
    expect([renamed.status, renamed.body.uid]).toEqual([200, 'c']);
    expect((await everyPage(s, `${dashboards('v1')}?limit=2`)).names).toEqual(['b', 'c', 'd']);
  });

  it('rows the caller may not read are passed over but counted in the token\'s offset', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'closed', title: 'Closed' });
    expect((await apiRequest(s, 'POST', '/api/folders/closed/permissions', { items: [] })).status).toBe(200);
    for (const uid of ['a', 'c', 'e']) await save(s, uid);
    for (const uid of ['b', 'd']) expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid, title: uid }, folderUid: 'closed' })).status).toBe(200);
    const viewer = { authorization: `Bearer ${await s.createToken('Viewer')}` };
    const first = await apiRequest(s, 'GET', `${dashboards('v1')}?limit=2`, undefined, viewer);
    expect(names(first.body)).toEqual(['a', 'c']);
    expect(decoded(first.body.metadata.continue).o).toBe(3);
    const rest = await apiRequest(s, 'GET', `${dashboards('v1')}?limit=2&continue=${encodeURIComponent(first.body.metadata.continue)}`, undefined, viewer);
    expect([names(rest.body), rest.body.metadata.continue]).toEqual([['e'], undefined]);
  });

  it('a token it cannot read is the backend\'s plain 500; one without a resourceVersion is 400', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    await save(s, 'a');
    const garbage = await apiRequest(s, 'GET', `${dashboards('v1')}?limit=1&continue=garbage`);
    expect([garbage.status, garbage.body]).toEqual([500, plain500('get continue token ("garbage"): error decoding continue token')]);
    const legacy = await apiRequest(s, 'GET', `${dashboards('v1')}?limit=1&continue=${encodeURIComponent(Buffer.from('org:1/start:4/folder:').toString('base64'))}`);
    expect([legacy.status, legacy.body.message]).toEqual([500, expect.stringMatching(/^get continue token \(".*"\): invalid character 'o' looking for beginning of value$/)]);
    const noRv = await apiRequest(s, 'GET', `${dashboards('v1')}?limit=1&continue=${encodeURIComponent(Buffer.from('{"o":1}').toString('base64'))}`);
    expect([noRv.status, noRv.body.reason, noRv.body.message]).toEqual([400, 'BadRequest', 'expecting an explicit resource version query']);
  });

  it('history and trash pages continue below the resourceVersion of the last item given', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    for (const title of ['One', 'Two', 'Three']) await save(s, 'h', { title });
    const history = `${dashboards('v1')}?labelSelector=grafana.app%2Fget-history%3Dtrue&fieldSelector=metadata.name%3Dh`;
    const first = await apiRequest(s, 'GET', `${history}&limit=2`);
    expect(first.body.items.map((item: any) => item.metadata.generation)).toEqual([3, 2]);
    expect(decoded(first.body.metadata.continue)).toEqual({ o: 2, v: Number(first.body.items[1].metadata.resourceVersion), s: false });
    const rest = await apiRequest(s, 'GET', `${history}&limit=2&continue=${encodeURIComponent(first.body.metadata.continue)}`);
    expect([rest.body.items.map((item: any) => item.metadata.generation), rest.body.metadata.continue]).toEqual([[1], undefined]);
    for (const uid of ['t1', 't2', 't3']) {
      await save(s, uid);
      expect((await apiRequest(s, 'DELETE', `${dashboards('v1')}/${uid}`)).status).toBe(200);
    }
    const trash = `${dashboards('v1')}?labelSelector=grafana.app%2Fget-trash%3Dtrue`;
    expect(await everyPage(s, `${trash}&limit=2`)).toEqual({ pages: 2, names: ['t3', 't2', 't1'] });
  });
});

describe('folder.grafana.app LIST pages', () => {
  it('legacy folder storage (12): 100 folders where no limit is given, the token `<limit>|<page>` in base64, given whenever a page is full', async () => {
    const s = await startTestSandbox({ grafanaVersion: '12' });
    for (let n = 0; n < 101; n++) expect((await apiRequest(s, 'POST', '/api/folders', { uid: `f${String(n).padStart(3, '0')}`, title: `Folder ${String(n).padStart(3, '0')}` })).status).toBe(200);
    const first = await apiRequest(s, 'GET', folders('v1beta1'));
    expect([first.body.items.length, first.body.metadata.continue]).toEqual([100, Buffer.from('100|2').toString('base64')]);
    const rest = await apiRequest(s, 'GET', `${folders('v1beta1')}?continue=${encodeURIComponent(first.body.metadata.continue)}`);
    expect([names(rest.body), rest.body.metadata.continue]).toEqual([['f100'], undefined]);
    // A full last page still names a next one, which is empty.
    const full = await apiRequest(s, 'GET', `${folders('v1beta1')}?limit=101`);
    expect([full.body.items.length, full.body.metadata.continue]).toEqual([101, Buffer.from('101|2').toString('base64')]);
    const empty = await apiRequest(s, 'GET', `${folders('v1beta1')}?limit=101&continue=${encodeURIComponent(full.body.metadata.continue)}`);
    expect([empty.body.items, empty.body.metadata.continue]).toEqual([[], undefined]);
    const mismatch = await apiRequest(s, 'GET', `${folders('v1beta1')}?limit=5&continue=${encodeURIComponent(first.body.metadata.continue)}`);
    expect([mismatch.status, mismatch.body]).toEqual([500, plain500('limit does not match continue token')]);
    const garbage = await apiRequest(s, 'GET', `${folders('v1beta1')}?continue=garbage`);
    expect([garbage.status, garbage.body]).toEqual([500, plain500('error decoding continue token')]);
  });

  it('unified storage (13): by name, with the resource server\'s token', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    for (const [uid, title] of [['c', 'A first by title'], ['a', 'Z'], ['b', 'M']]) expect((await apiRequest(s, 'POST', '/api/folders', { uid, title })).status).toBe(200);
    const first = await apiRequest(s, 'GET', `${folders('v1')}?limit=2`);
    expect(names(first.body)).toEqual(['a', 'b']);
    expect(decoded(first.body.metadata.continue)).toEqual({ o: 2, v: Number(first.body.metadata.resourceVersion), s: false });
    const rest = await apiRequest(s, 'GET', `${folders('v1')}?limit=2&continue=${encodeURIComponent(first.body.metadata.continue)}`);
    expect([names(rest.body), rest.body.metadata.continue]).toEqual([['c'], undefined]);
  });
});
