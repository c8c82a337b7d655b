import { describe, expect, it } from 'vitest';
import { diffContent } from '../../../src/diff/diff-content.js';
import { parseDashboardText } from '../../../src/files/parse-dashboard-text.js';
import { userMetadata } from '../../../src/grafana/user-metadata.js';
import { normalizeContent } from '../../../src/normalize/normalize-content.js';
import { resource, v2Spec } from '../v2-builders.js';

const read = (document: unknown) => normalizeContent(parseDashboardText(JSON.stringify(document), 'd.json', {}).content!, { minRefreshInterval: '5s' });
const noMetadata = { labels: {}, annotations: {} };

describe('diffContent', () => {
  it('finds a model file and the same dashboard as a v1 resource file equal, both ways', () => {
    const model = { uid: 'cpu', title: ' CPU ', refresh: '1s', id: 12, version: 4, panels: [{ id: 1, title: 'A', type: 'stat' }] };
    const { uid: _uid, ...spec } = model;
    const bare = read(model);
    const asResource = read(resource('v1beta1', 'cpu', spec));
    expect(diffContent(bare, asResource)).toEqual([]);
    expect(diffContent(asResource, bare)).toEqual([]);
  });

  it('compares the author labels and annotations, never Grafana’s', () => {
    const desired = read(resource('v2beta1', 'svc', v2Spec(), { labels: { team: 'a' }, annotations: { 'example.com/owner': 'ops' } }));
    const liveMetadata = userMetadata({
      labels: { team: 'b', 'grafana.app/deprecatedInternalID': '7' },
      annotations: { 'grafana.app/folder': 'x', 'grafana.app/updatedBy': 'user:1', 'example.com/owner': 'ops' },
    });
    const live = { schema: 'v2' as const, spec: desired.spec, metadata: liveMetadata };
    expect(diffContent(live, desired)).toEqual([{ path: 'metadata.labels.team', kind: 'changed', before: 'b', after: 'a' }]);
  });

  it('diffs a v2 spec with v2 paths', () => {
    const desired = read(resource('v2', 'svc', v2Spec({ title: 'New' })));
    const live = { schema: 'v2' as const, spec: v2Spec(), metadata: noMetadata };
    expect(diffContent(live, desired)).toEqual([{ path: 'title', kind: 'changed', before: 'Service', after: 'New' }]);
  });

  it('reports specs of two schemas as different as a whole', () => {
    const desired = read(resource('v2', 'svc', v2Spec()));
    const live = { schema: 'v1' as const, spec: { uid: 'svc', title: 'Service', panels: [] }, metadata: noMetadata };
    expect(diffContent(live, desired)).toEqual([{ path: '', kind: 'changed', before: live.spec, after: desired.spec }]);
  });
});
