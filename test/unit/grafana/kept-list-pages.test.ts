import { describe, expect, it } from 'vitest';
import type { ReceivedBody } from '../../../src/grafana/http/request.js';
import { keepListPages, requestKey } from '../../../src/grafana/k8s/kept-list-pages.js';

const body = (size: number): ReceivedBody => ({ bytes: new Uint8Array(size), parse: () => ({}) });
const page = (token: string) => requestKey(`/apis/dashboard.grafana.app/v1/namespaces/default/dashboards?limit=500${token ? `&continue=${token}` : ''}`, undefined);

describe('keepListPages: whole listings, within the byte limit', () => {
  it('keeps every page of a listing read to its last page, under the request each was asked with', () => {
    const kept = keepListPages(100);
    const [first, second] = [body(30), body(30)];
    kept.arrived(page(''), '', 't1', first);
    expect(kept.kept(page(''))).toBeUndefined();
    kept.arrived(page('t1'), 't1', '', second);
    expect([kept.kept(page('')), kept.kept(page('t1'))]).toEqual([first, second]);
    expect(kept.kept(requestKey(`${page('').split('\n')[0]}`, 'application/json;as=PartialObjectMetadataList'))).toBeUndefined();
  });

  it('keeps nothing of a listing its reader left before the last page', () => {
    const kept = keepListPages(100);
    kept.arrived(page(''), '', 't1', body(10));
    expect(kept.kept(page(''))).toBeUndefined();
  });

  it('keeps no listing larger than the limit: each reader asks Grafana again', () => {
    const kept = keepListPages(50);
    kept.arrived(page(''), '', 't1', body(30));
    kept.arrived(page('t1'), 't1', '', body(30));
    expect([kept.kept(page('')), kept.kept(page('t1'))]).toEqual([undefined, undefined]);
  });

  it('lets go of a listing left unfinished to keep a whole one that fits', () => {
    const kept = keepListPages(50);
    kept.arrived(page(''), '', 'left', body(30));
    const small = requestKey('/apis/dashboard.grafana.app/v1/namespaces/default/dashboards?limit=2000', 'application/json;as=PartialObjectMetadataList');
    kept.arrived(small, '', '', body(30));
    expect(kept.kept(small)).toBeDefined();
    kept.arrived(page('left'), 'left', '', body(5));
    expect(kept.kept(page('left'))).toBeUndefined();
  });
});
