import { describe, expect, it } from 'vitest';
import { normalizeV2Spec } from '../../../src/normalize/normalize-v2-spec.js';
import { panel, query, v2Spec } from '../v2-builders.js';

const options = { minRefreshInterval: '10s' };
const refIds = (spec: Record<string, unknown>, name = 'panel-1') =>
  ((spec.elements as Record<string, ReturnType<typeof panel>>)[name]!.spec as { data: { spec: { queries: { spec: { refId?: string } }[] } } }).data.spec.queries.map((q) => q.spec.refId);

describe('normalizeV2Spec', () => {
  it('gives queries without a refId the first free letters, as Grafana does on read', () => {
    const blank = (expr: string) => ({ ...query('', expr), spec: { ...(query('', expr).spec as object), refId: '' } });
    const { spec: missingSpec } = query('x', 'c') as { spec: Record<string, unknown> };
    const { refId: _refId, ...withoutRefId } = missingSpec;
    const queries = [blank('a'), query('A', 'b'), { kind: 'PanelQuery', spec: withoutRefId }];
    const spec = v2Spec({ elements: { 'panel-1': panel(1, 'CPU', queries) } });
    expect(refIds(normalizeV2Spec(spec, options))).toEqual(['B', 'A', 'C']);
    expect(refIds(spec)).toEqual(['', 'A', undefined]);
  });

  it('numbers past Z as AA, AB…', () => {
    const queries = Array.from({ length: 28 }, () => ({ kind: 'PanelQuery', spec: { hidden: false, query: {} } }));
    expect(refIds(normalizeV2Spec(v2Spec({ elements: { 'panel-1': panel(1, 'CPU', queries) } }), options)).slice(24)).toEqual(['Y', 'Z', 'AA', 'AB']);
  });

  it('raises an autoRefresh below the minimum to it, as the classic refresh, and keeps others', () => {
    const at = (autoRefresh: string) => v2Spec({ timeSettings: { ...(v2Spec().timeSettings as object), autoRefresh } });
    const autoRefresh = (spec: Record<string, unknown>) => (spec.timeSettings as { autoRefresh: string }).autoRefresh;
    expect(autoRefresh(normalizeV2Spec(at('1s'), options))).toBe('10s');
    expect(autoRefresh(normalizeV2Spec(at('1m'), options))).toBe('1m');
    expect(autoRefresh(normalizeV2Spec(at(''), options))).toBe('');
  });

  it('cuts a LibraryPanel element reference to uid and name, leaving the element otherwise as written', () => {
    const reference = { uid: 'shared-cpu', name: 'CPU', folderUid: 'platform', version: 3, model: { type: 'timeseries' } };
    const spec = v2Spec({ elements: { 'panel-1': { kind: 'LibraryPanel', spec: { id: 1, title: 'CPU', libraryPanel: reference } } } });
    const normalized = normalizeV2Spec(spec, options);
    expect(normalized.elements).toEqual({ 'panel-1': { kind: 'LibraryPanel', spec: { id: 1, title: 'CPU', libraryPanel: { uid: 'shared-cpu', name: 'CPU' } } } });
    expect((spec.elements as Record<string, { spec: { libraryPanel: object } }>)['panel-1']!.spec.libraryPanel).toBe(reference);
  });

  it('keeps the title as written and returns an equal spec unchanged', () => {
    const spec = v2Spec({ title: ' Spaced ' });
    expect(normalizeV2Spec(spec, options)).toEqual(spec);
  });
});
