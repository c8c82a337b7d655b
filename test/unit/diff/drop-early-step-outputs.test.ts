import { describe, expect, it } from 'vitest';
import { withoutEarlyStepOutputs } from '../../../src/diff/drop-early-step-outputs.js';

type Json = Record<string, unknown>;

const fileLink = { dashboard: 'Node Details', keepTime: true, title: 'Node', type: 'dashboard' };
const grafanaLink = { title: 'Node', url: 'dashboard/db/node-details?$__url_time_range' };
const file: Json = { id: 1, type: 'graph', minSpan: 6, links: [fileLink] };

describe('withoutEarlyStepOutputs: what V17–V22, V24 and V26 made of the file panel is taken back', () => {
  it("a grafonnet link in V19's form and minSpan as V17's maxPerRow are the file's; the live panel is not changed", () => {
    const live: Json = { id: 1, type: 'timeseries', maxPerRow: 4, links: [grafanaLink] };
    const copy = structuredClone(live);
    expect(withoutEarlyStepOutputs(live, file, 16)).toEqual({ id: 1, type: 'timeseries', minSpan: 6, links: [fileLink] });
    expect(live).toEqual(copy);
  });

  it("a link whose title was edited in Grafana is the file's link with that title; one whose url was edited stays Grafana's", () => {
    const retitled = withoutEarlyStepOutputs({ id: 1, maxPerRow: 4, links: [{ ...grafanaLink, title: 'All nodes' }] }, file, 16);
    expect(retitled.links).toEqual([{ ...fileLink, title: 'All nodes' }]);
    const moved = { ...grafanaLink, url: 'd/abc/nodes' };
    expect(withoutEarlyStepOutputs({ id: 1, maxPerRow: 4, links: [moved] }, file, 16).links).toEqual([moved]);
  });

  it("a text2 panel whose options the cleanup dropped once V26 emptied them is the file's", () => {
    const text2 = { id: 2, type: 'text2', options: { angular: true } };
    expect(withoutEarlyStepOutputs({ id: 2, type: 'text' }, text2, 25)).toEqual(text2);
  });

  it('nothing from a file at schemaVersion 26 or above, nor where the steps leave the file panel as it is', () => {
    const live: Json = { id: 1, maxPerRow: 4, links: [grafanaLink] };
    expect(withoutEarlyStepOutputs(live, file, 26)).toBe(live);
    expect(withoutEarlyStepOutputs(live, { id: 1, type: 'stat' }, 16)).toBe(live);
    // From 19 on, V17 and V19 no longer run: the link and maxPerRow Grafana holds are changes.
    expect(withoutEarlyStepOutputs(live, file, 19)).toBe(live);
  });

  it("an Angular table in V24's form, at whatever table plugin version the instance stamped, is the file's; an edited fieldConfig stays Grafana's", () => {
    const table: Json = { id: 3, type: 'table', styles: [{ pattern: '/.*/', unit: 'short' }], transform: 'table' };
    // V22 set the style's align "auto" first, which V24 writes as "".
    const defaults = { custom: { align: '', cellOptions: { type: 'auto' }, inspect: false, footer: { reducer: [] } }, mappings: [], thresholds: { mode: 'absolute', steps: [{ color: 'green' }, { color: 'red', value: 80 }] }, unit: 'short' };
    const live: Json = {
      id: 3,
      type: 'table',
      pluginVersion: '12.4.1',
      fieldConfig: { defaults, overrides: [] },
      options: { cellHeight: 'sm', footer: { countRows: false, fields: '', reducer: ['sum'], show: false }, showHeader: true },
      transformations: [{ id: 'merge', options: { reducers: [] } }],
    };
    expect(withoutEarlyStepOutputs(live, table, 16)).toEqual(table);
    const edited = { ...live, fieldConfig: { defaults: { ...defaults, unit: 'percent' }, overrides: [] } };
    expect(withoutEarlyStepOutputs(edited, table, 16)).toEqual({ ...table, fieldConfig: edited.fieldConfig });
  });
});
