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

  it("leaves Grafana's migration defaults out of every panel from the first that differs on, and of the panels after a later key that differs", () => {
    const panel = (id: number, expr: string) => ({ id, type: 'timeseries', title: `P${id}`, gridPos: { x: 0, y: id * 8, w: 12, h: 8 }, fieldConfig: { defaults: { unit: 's' } }, targets: [{ expr }] });
    const file = { uid: 'm', schemaVersion: 42, panels: [panel(1, 'up'), panel(2, 'rate(x[1m])'), panel(3, 'down')], title: 'M' };
    // As Grafana's migration saves the file's panels: a refId given to each query, the fieldConfig's missing half added.
    const saved = (each: ReturnType<typeof panel>) => ({ ...each, fieldConfig: { ...each.fieldConfig, overrides: [] }, targets: [{ ...each.targets[0], refId: 'A' }] });
    const asFile = { schema: 'v1' as const, spec: file, metadata: noMetadata };
    const live = (spec: Record<string, unknown>) => ({ schema: 'v1' as const, spec, metadata: noMetadata });
    const edited = { ...file, panels: [file.panels[0], saved(panel(2, 'rate(x[2m])')), saved(file.panels[2]!)] };
    expect(diffContent(live(edited), asFile)).toEqual([{ path: 'panels[id=2 "P2"].targets[0].expr', kind: 'changed', before: 'rate(x[2m])', after: 'rate(x[1m])' }]);
    const retitled = { ...file, panels: file.panels.map((each) => ({ ...each })), title: 'Other' };
    expect(diffContent(live(retitled), asFile)).toEqual([{ path: 'title', kind: 'changed', before: 'Other', after: 'M' }]);
  });

  it('reports specs of two schemas as different as a whole', () => {
    const desired = read(resource('v2', 'svc', v2Spec()));
    const live = { schema: 'v1' as const, spec: { uid: 'svc', title: 'Service', panels: [] }, metadata: noMetadata };
    expect(diffContent(live, desired)).toEqual([{ path: '', kind: 'changed', before: live.spec, after: desired.spec }]);
  });
});
