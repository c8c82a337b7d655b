import { describe, expect, it } from 'vitest';
import { restoreFileForm } from '../../src/files/restore-file-form.js';
import { findUnrestoredInputs } from '../../src/pull/find-unrestored-inputs.js';

// A classic export file against the v2 spec Grafana stores for it: which placeholders cannot go back, and why.

const classic = {
  __inputs: [{ name: 'DS_PROM', type: 'datasource', pluginId: 'prometheus' }],
  title: 'Svc',
  panels: [{ id: 1, type: 'stat', datasource: { type: 'prometheus', uid: '${DS_PROM}' }, targets: [{ refId: 'A', expr: 'up' }] }],
};

function v2(datasource: string | null): Record<string, unknown> {
  const query = { kind: 'DataQuery', group: 'prometheus', version: 'v0', ...(datasource === null ? {} : { datasource: { name: datasource } }), spec: { expr: 'up' } };
  return { title: 'Svc', elements: { 'panel-1': { kind: 'Panel', spec: { id: 1, data: { kind: 'QueryGroup', spec: { queries: [{ kind: 'PanelQuery', spec: { refId: 'A', query } }] } } } } } };
}

function unrestored(live: Record<string, unknown>, inputs: Record<string, string>, environmentInputs: Record<string, Record<string, string>> = {}, environment?: string) {
  const form = restoreFileForm(live, classic, inputs, { otherSchema: true });
  return { form, lost: findUnrestoredInputs(classic, live, form, { inputs, environmentInputs, environment }) };
}

describe('findUnrestoredInputs', () => {
  it('nothing when the placeholder is back where its datasource sits', () => {
    const { form, lost } = unrestored(v2('prom'), { DS_PROM: 'prom' });
    expect(lost).toBeNull();
    expect(JSON.stringify(form.model)).toContain('"name":"${DS_PROM}"');
  });

  it('a string that held more than a placeholder goes back wherever it sits; a bare one only at datasource references', () => {
    const file = { ...classic, description: 'From ${DS_PROM}', panels: [{ ...classic.panels[0], datasource: '${DS_PROM}' }] };
    const live = { ...v2('prometheus'), description: 'From prometheus', tags: ['prometheus'] };
    const form = restoreFileForm(live, file, { DS_PROM: 'prometheus' }, { otherSchema: true });
    expect(form.model.description).toBe('From ${DS_PROM}');
    expect(form.model.tags).toEqual(['prometheus']);
    expect(JSON.stringify(form.model)).toContain('"group":"prometheus"');
    expect(JSON.stringify(form.model)).toContain('"name":"${DS_PROM}"');
  });

  it('nothing when the datasource uid is also other text of the dashboard (a datasource "prometheus" of type prometheus)', () => {
    const live = v2('prometheus');
    const { form, lost } = unrestored(live, { DS_PROM: 'prometheus' });
    expect(lost).toBeNull();
    expect(JSON.stringify(form.model)).toContain('"group":"prometheus"');
    expect(JSON.stringify(form.model)).toContain('"name":"${DS_PROM}"');
  });

  it('nothing when the datasource is gone from Grafana’s version (the query names none)', () => {
    expect(unrestored(v2(null), { DS_PROM: 'prom' }).lost).toBeNull();
  });

  it("nothing for a datasource the file itself named, however many v2 queries hold it, where the input's panel is gone", () => {
    const file = { ...classic, panels: [...classic.panels, { id: 2, type: 'stat', datasource: { type: 'loki', uid: 'loki' }, targets: [{ refId: 'A' }, { refId: 'B' }] }] };
    const query = (refId: string) => ({ kind: 'PanelQuery', spec: { refId, query: { kind: 'DataQuery', group: 'loki', version: 'v0', datasource: { name: 'loki' }, spec: {} } } });
    const live = { title: 'Svc', elements: { 'panel-2': { kind: 'Panel', spec: { id: 2, data: { kind: 'QueryGroup', spec: { queries: [query('A'), query('B')] } } } } } };
    const form = restoreFileForm(live, file, { DS_PROM: 'prom' }, { otherSchema: true });
    expect(findUnrestoredInputs(file, live, form, { inputs: { DS_PROM: 'prom' }, environmentInputs: {}, environment: undefined })).toBeNull();
  });

  it('an input this run does not map: pull cannot tell which datasource it became', () => {
    expect(unrestored(v2('prom'), {}).lost).toEqual({
      problems: ['DS_PROM has no value in this run\'s inputs, so pull cannot tell which datasource it became'],
      advice: ['map DS_PROM in the inputs map'],
      inputs: ['DS_PROM'],
    });
  });

  it('a datasource no input maps where the input is no longer held', () => {
    expect(unrestored(v2('other'), { DS_PROM: 'prom' }).lost).toEqual({
      problems: ['DS_PROM is no longer held, and Grafana\'s version holds the datasource "other", which no input of this run maps'],
      advice: ['map the input to "other" in the inputs map if that is its datasource here'],
      inputs: ['DS_PROM'],
    });
  });

  it("another environment's datasource, named with the environment", () => {
    const environments = { staging: { DS_PROM: 'prom-staging' }, production: { DS_PROM: 'prom-prod' } };
    const { lost } = unrestored(v2('prom-staging'), environments.production, environments, 'production');
    expect(lost?.problems).toEqual(['Grafana\'s version holds "prom-staging", environment "staging"\'s value of DS_PROM, where this run maps DS_PROM to "prom-prod"']);
    expect(lost?.advice).toEqual(["pull with --env staging if this Grafana is staging's, else apply the file to this Grafana first"]);
  });
});
