import { describe, expect, it } from 'vitest';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const base = '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards';
const METADATA_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
const accept = (value: string) => ({ ...adminHeaders(), accept: value });

describe('LIST and GET dashboards asking for metadata only (Accept: …;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1)', () => {
  it('answers a PartialObjectMetadataList: each object\'s whole metadata, no spec, no status, same paging', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    for (const n of [1, 2, 3]) await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: `d${n}`, title: `Dashboard ${n}` } });
    const full = await apiRequest(s, 'GET', `${base}?limit=2`);
    const first = await apiRequest(s, 'GET', `${base}?limit=2`, undefined, accept(METADATA_LIST));
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata: full.body.metadata,
      items: full.body.items.map((item: any) => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: item.metadata })),
    });
    const rest = await apiRequest(s, 'GET', `${base}?limit=2&continue=${encodeURIComponent(first.body.metadata.continue)}`, undefined, accept(METADATA_LIST));
    // 13 keeps dashboards in unified storage, which lists them by name.
    expect(rest.body.items.map((item: any) => item.metadata.name)).toEqual(['d3']);
    expect(rest.body.metadata.continue).toBeUndefined();
    // meta.k8s.io/v1beta1 is served too.
    const beta = await apiRequest(s, 'GET', base, undefined, accept('application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1beta1'));
    expect([beta.body.apiVersion, beta.body.items[0].apiVersion]).toEqual(['meta.k8s.io/v1beta1', 'meta.k8s.io/v1beta1']);
  });

  it('an empty page says items: null (the nil slice of asPartialObjectMetadataList)', async () => {
    const s = await startTestSandbox({ grafanaVersion: '12' });
    const empty = await apiRequest(s, 'GET', '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards', undefined, accept(METADATA_LIST));
    expect(empty.text).toMatch(/^\{"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io\/v1","metadata":\{"resourceVersion":"\d+"\},"items":null\}\n$/);
  });

  it('GET with PartialObjectMetadata gives one object\'s metadata; the wrong form for the request is 406 NotAcceptable; an unknown conversion falls back to JSON', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'one', title: 'One' } });
    const object = await apiRequest(s, 'GET', `${base}/one`);
    const partial = await apiRequest(s, 'GET', `${base}/one`, undefined, accept('application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1'));
    expect(partial.body).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.body.metadata });
    const listOfOne = await apiRequest(s, 'GET', base, undefined, accept('application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1'));
    expect([listOfOne.status, listOfOne.body]).toEqual([406, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code: 406, reason: 'NotAcceptable',
      message: 'you requested PartialObjectMetadata, but the requested object is a list (*v1.DashboardList)',
    }]);
    const oneAsList = await apiRequest(s, 'GET', `${base}/one`, undefined, accept('application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1'));
    expect([oneAsList.status, oneAsList.body.message]).toEqual([406, 'you requested PartialObjectMetadataList, but the requested object is not a list (*v1.Dashboard)']);
    // A conversion the apiserver does not allow (another group) is skipped: the first media type, JSON, as is.
    const unknown = await apiRequest(s, 'GET', base, undefined, accept('application/json;as=Foo;g=example.com;v=v1'));
    expect([unknown.status, unknown.body.kind]).toEqual([200, 'DashboardList']);
  });
});
