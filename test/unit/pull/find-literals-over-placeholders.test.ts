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
});
