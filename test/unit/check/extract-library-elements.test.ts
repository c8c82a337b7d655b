import { describe, expect, it } from 'vitest';
import { extractLibraryElements } from '../../../src/check/extract-library-elements.js';
import { canonicalJson } from '../../../src/normalize/canonical-json.js';

const element = (uid: string, title: string, extra: Record<string, unknown> = {}) => ({ uid, name: `Panel ${uid}`, kind: 1, model: { type: 'stat', title }, ...extra });

describe('extractLibraryElements', () => {
  it('turns each library panel of __elements into a file and removes __elements; nothing to do without it', () => {
    const model = { uid: 'd', title: 'D', __elements: { a: element('a', 'A'), b: element('b', 'B') } };
    const extracted = extractLibraryElements(model, new Map())!;
    expect(extracted.model).toEqual({ uid: 'd', title: 'D' });
    expect(extracted.panels.map((panel) => [panel.uid, panel.name, JSON.parse(panel.text)])).toEqual([
      ['a', 'Panel a', { uid: 'a', name: 'Panel a', kind: 1, model: { type: 'stat', title: 'A' } }],
      ['b', 'Panel b', { uid: 'b', name: 'Panel b', kind: 1, model: { type: 'stat', title: 'B' } }],
    ]);
    expect(extractLibraryElements({ uid: 'd', title: 'D' }, new Map())).toBeUndefined();
  });

  it('drops one the tree already holds with the same content, and keeps one whose content differs, a library variable, or a broken entry', () => {
    const same = { file: 'dashboards/_library/a.json', text: canonicalJson({ uid: 'a', name: 'Panel a', kind: 1, model: { type: 'stat', title: 'A', description: '' } }) };
    const other = { file: 'dashboards/_library/b.json', text: canonicalJson({ uid: 'b', name: 'Panel b', kind: 1, model: { type: 'stat', title: 'Another' } }) };
    const model = { uid: 'd', __elements: { a: element('a', 'A'), b: element('b', 'B'), v: { uid: 'v', name: 'Var', kind: 2, model: {} }, x: 'broken' } };
    const extracted = extractLibraryElements(model, new Map([['a', same], ['b', other]]))!;
    expect(extracted.panels).toEqual([]);
    expect(extracted.changes).toEqual(['removed __elements["a"] (already in dashboards/_library/a.json)']);
    expect(Object.keys(extracted.model.__elements as object)).toEqual(['b', 'v', 'x']);
    expect(extracted.kept).toEqual([
      '__elements["b"] differs from library panel b in dashboards/_library/b.json: left in place; compare them, keep one, and remove the other by hand',
      '__elements["v"] is not a library panel (kind 1): dashsync does not manage library variables; left as it is',
      '__elements["x"] has no "model" object: left as it is',
    ]);
  });
});
