import { describe, expect, it } from 'vitest';
import { readListHead } from '../../../src/grafana/k8s/read-list-head.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('readListHead', () => {
  it('reads the kind and the continue token from the members before the items, as the apiserver writes a list', () => {
    const body = '{"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"7","continue":"org:1/start:40"},"items":[{"metadata":{"name":"a"}}]}';
    expect(readListHead(bytes(body))).toEqual({ kind: 'PartialObjectMetadataList', next: 'org:1/start:40' });
  });

  it('reads an empty token on the last page, and past a byte order mark, whitespace and escapes', () => {
    expect(readListHead(bytes('\ufeff{ "apiVersion" : "v1",\n "kind" : "DashboardList", "metadata" : {"resourceVersion":"7"}, "items" : []}'))).toEqual({ kind: 'DashboardList', next: '' });
    expect(readListHead(bytes('{"metadata":{"continue":"a\\"b\\u00e9"},"kind":"X","items":null}'))).toEqual({ kind: 'X', next: 'a"bé' });
  });

  it('gives nothing when the items come before the kind or the metadata, or what comes first is not JSON', () => {
    expect(readListHead(bytes('{"kind":"DashboardList","items":[],"metadata":{"continue":"x"}}'))).toBeNull();
    expect(readListHead(bytes('{"kind":"DashboardList","metadata":{"continue":"x"'))).toBeNull();
    expect(readListHead(bytes('<html>Sign in</html>'))).toBeNull();
    expect(readListHead(bytes('[]'))).toBeNull();
    expect(readListHead(bytes('{"kind":"DashboardList"}'))).toBeNull();
  });
});
