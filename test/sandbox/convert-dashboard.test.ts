import { readFileSync } from 'node:fs';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { convertV1ToV2 } from '../../src/sandbox/apis/convert/v1-to-v2.js';
import { convertV2ToV1 } from '../../src/sandbox/apis/convert/v2-to-v1.js';
import { validateV2Spec } from '../../src/sandbox/apis/validate-v2-spec.js';

/** The example tree's classic dashboards: bare models, and the specs of classic resource files (its v2 files are v2 already). */
const corpus = fg
  .sync('dashboards/**/*.json', { ignore: ['**/_folder.json'] })
  .map((path) => ({ path, document: JSON.parse(readFileSync(path, 'utf8')) }))
  .filter(({ document }) => !String(document.apiVersion ?? '').startsWith('dashboard.grafana.app/v2'))
  .map(({ path, document }) => ({ path, model: 'apiVersion' in document ? document.spec : document }));

/** Every panel of a v1 model, rows' nested panels included, without the row panels themselves. */
function leafPanels(model: any): any[] {
  return (model.panels ?? []).flatMap((panel: any) => (panel.type === 'row' ? (panel.panels ?? []) : [panel]));
}

describe('v1 ⇄ v2 conversion over the repository corpus', () => {
  it.each(corpus)('$path becomes a valid v2 spec and back without losing a panel, query or variable', ({ model }) => {
    const v2 = convertV1ToV2(model);
    expect(validateV2Spec(v2)).toEqual([]);
    expect(Object.keys(v2.elements as object)).toHaveLength(leafPanels(model).length);
    expect(v2.variables).toHaveLength(model.templating?.list?.length ?? 0);
    const back = convertV2ToV1(v2, 42);
    const before = leafPanels(model).map((p) => [p.id, p.type, p.title, p.gridPos, (p.targets ?? []).length]);
    const after = leafPanels(back).map((p) => [p.id, p.type, p.title, p.gridPos, (p.targets ?? []).length]);
    expect(after.sort()).toEqual(before.sort());
    expect((back.templating as any).list.map((v: any) => [v.name, v.type])).toEqual((model.templating?.list ?? []).map((v: any) => [v.name, v.type]));
    expect([back.title, back.refresh, (back.time as any).from]).toEqual([model.title, model.refresh ?? '', model.time?.from ?? 'now-6h']);
  });

  it('builds a GridLayout of ElementReference items, or a RowsLayout when the dashboard has rows', () => {
    const grid = convertV1ToV2({
      title: 'T',
      panels: [{ id: 3, type: 'stat', title: 'S', gridPos: { x: 0, y: 0, w: 6, h: 4 }, targets: [{ refId: 'A', expr: 'up', datasource: { type: 'prometheus', uid: 'p' } }] }],
    });
    expect(grid.layout).toEqual({
      kind: 'GridLayout',
      spec: { items: [{ kind: 'GridLayoutItem', spec: { x: 0, y: 0, width: 6, height: 4, element: { kind: 'ElementReference', name: 'panel-3' } } }] },
    });
    expect((grid.elements as any)['panel-3'].spec.data.spec.queries[0]).toEqual({
      kind: 'PanelQuery',
      spec: { query: { kind: 'DataQuery', group: 'prometheus', version: 'v0', datasource: { name: 'p' }, spec: { expr: 'up' } }, refId: 'A', hidden: false },
    });
    const library = convertV1ToV2({ title: 'L', panels: [{ id: 1, title: 'Shared', gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lib', name: 'Shared' } }] });
    expect((library.elements as any)['panel-1']).toEqual({ kind: 'LibraryPanel', spec: { id: 1, title: 'Shared', libraryPanel: { uid: 'lib', name: 'Shared' } } });
  });
});
