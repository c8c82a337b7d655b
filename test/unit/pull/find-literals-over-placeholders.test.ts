import { describe, expect, it } from 'vitest';
import { findLiteralsOverPlaceholders } from '../../../src/pull/find-literals-over-placeholders.js';

const prom = { id: 1, title: 'CPU', datasource: { type: 'prometheus', uid: '${DS_PROM}' } };
const notes = { id: 2, title: 'Notes', datasource: { type: 'datasource', uid: 'grafana' } };

describe('findLiteralsOverPlaceholders (review-66a L3)', () => {
  it('matches panels by id: two panels that swapped places (Grafana sorts panels by position) are no literal over ${DS_PROM}', () => {
    expect(findLiteralsOverPlaceholders({ panels: [prom, notes] }, { panels: [notes, prom] })).toEqual([]);
  });

  it("says nothing of Grafana's built-in datasources, and still finds a panel pointed at another datasource after a move", () => {
    const mixed = { ...prom, datasource: { type: 'datasource', uid: '-- Mixed --' } };
    expect(findLiteralsOverPlaceholders({ panels: [prom] }, { panels: [mixed] })).toEqual([]);
    const thanos = { ...prom, datasource: { type: 'prometheus', uid: 'thanos-prod' } };
    expect(findLiteralsOverPlaceholders({ panels: [prom, notes] }, { panels: [notes, thanos] })).toEqual([{ name: 'DS_PROM', value: 'thanos-prod' }]);
  });

  // review-67b L1: a keyed item with no counterpart fell back to position, and the item Grafana added there was taken for it.
  it('a panel deleted in Grafana, another added at its index, and a query removed with another at its index: no counterpart, no literal', () => {
    const memory = { id: 2, title: 'Memory', datasource: { type: 'prometheus', uid: '${DS_PROM}' } };
    const logs = { id: 3, title: 'Logs', datasource: { type: 'loki', uid: 'loki-hand-picked' } };
    expect(findLiteralsOverPlaceholders({ panels: [prom, memory] }, { panels: [prom, logs] })).toEqual([]);
    const queryA = { refId: 'A', datasource: { type: 'prometheus', uid: '${DS_PROM}' } };
    const queryB = { refId: 'B', datasource: { type: 'elasticsearch', uid: 'elastic-1' } };
    expect(findLiteralsOverPlaceholders({ panels: [{ id: 1, targets: [queryA] }] }, { panels: [{ id: 1, targets: [queryB] }] })).toEqual([]);
    // The same query pointed at another datasource is still found.
    const queryAElastic = { ...queryA, datasource: { type: 'elasticsearch', uid: 'elastic-1' } };
    expect(findLiteralsOverPlaceholders({ panels: [{ id: 1, targets: [queryB, queryA] }] }, { panels: [{ id: 1, targets: [queryAElastic] }] })).toEqual([{ name: 'DS_PROM', value: 'elastic-1' }]);
  });

  // rev-67c L4: `id` is also a transformation's key, and one panel often has two `{"id": "organize"}`: the second was compared with Grafana's first.
  it('an item whose key value repeats (two transformations with id "organize") is matched by its position', () => {
    const organize = (options: object) => ({ id: 'organize', options });
    const written = { panels: [{ id: 1, transformations: [organize({}), organize({ datasource: '${DS_PROM}' })] }] };
    const pulled = { panels: [{ id: 1, transformations: [organize({}), organize({ datasource: 'thanos-prod' })] }] };
    expect(findLiteralsOverPlaceholders(written, pulled)).toEqual([{ name: 'DS_PROM', value: 'thanos-prod' }]);
    // Unique in the file, twice in Grafana's version: position too, not Grafana's first.
    const once = { panels: [{ id: 1, transformations: [organize({ datasource: '${DS_PROM}' })] }] };
    const twice = { panels: [{ id: 1, transformations: [organize({ datasource: '${DS_PROM}' }), organize({ datasource: 'thanos-prod' })] }] };
    expect(findLiteralsOverPlaceholders(once, twice)).toEqual([]);
  });

  it('an item without a key (a list of datasource refs) is matched by its position', () => {
    const written = { panels: [{ id: 1, links: [{ datasource: '${DS_PROM}' }] }] };
    expect(findLiteralsOverPlaceholders(written, { panels: [{ id: 1, links: [{ datasource: 'thanos-prod' }] }] })).toEqual([{ name: 'DS_PROM', value: 'thanos-prod' }]);
  });
});
