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

  // review-mend-50b: a server-side expression (uid `__expr__`, the older `-100`) is no input's datasource, as Grafana's own are.
  it("nothing for Grafana's own datasources and expressions a new panel uses where the input's panel is gone", () => {
    const query = (datasource: string) => ({ kind: 'PanelQuery', spec: { refId: 'A', query: { kind: 'DataQuery', group: 'x', version: 'v0', datasource: { name: datasource }, spec: {} } } });
    for (const own of ['-- Grafana --', '-- Mixed --', '-- Dashboard --', 'grafana', '__expr__', '-100']) {
      const live = { title: 'Svc', elements: { 'panel-2': { kind: 'Panel', spec: { id: 2, data: { kind: 'QueryGroup', spec: { queries: [query(own)] } } } } } };
      expect(unrestored(live, { DS_PROM: 'prom' }).lost, own).toBeNull();
    }
    // What any other datasource there is told (the input may have become it).
    const other = { title: 'Svc', elements: { 'panel-2': { kind: 'Panel', spec: { id: 2, data: { kind: 'QueryGroup', spec: { queries: [query('other')] } } } } } };
    expect(unrestored(other, { DS_PROM: 'prom' }).lost?.problems).toEqual(['DS_PROM is no longer held, and Grafana\'s version holds the datasource "other", which no input of this run maps']);
  });

  it('an input this run does not map: pull cannot tell which datasource it became', () => {
    expect(unrestored(v2('prom'), {}).lost).toEqual({
      problems: ['DS_PROM has no value in this run\'s inputs, so pull cannot tell which datasource it became'],
      advice: ['map DS_PROM in the inputs map and pull again'],
      inputs: ['DS_PROM'],
    });
  });

  it('a datasource no input maps where the input is no longer held', () => {
    expect(unrestored(v2('other'), { DS_PROM: 'prom' }).lost).toEqual({
      problems: ['DS_PROM is no longer held, and Grafana\'s version holds the datasource "other", which no input of this run maps'],
      advice: ['map the input to "other" in the inputs map and pull again if that is its datasource here'],
      inputs: ['DS_PROM'],
    });
  });

  it("another environment's datasource, named with the environment", () => {
    const environments = { staging: { DS_PROM: 'prom-staging' }, production: { DS_PROM: 'prom-prod' } };
    const { lost } = unrestored(v2('prom-staging'), environments.production, environments, 'production');
    expect(lost?.problems).toEqual(['Grafana\'s version holds "prom-staging", environment "staging"\'s value of DS_PROM, where this run maps DS_PROM to "prom-prod"']);
    expect(lost?.advice).toEqual(["pull with --env staging if this Grafana is staging's, else write it with --force and put the placeholders back by hand"]);
    expect(lost?.environment).toBe('production');
  });

  // Two inputs the file held in panels 1 and 2: after the UI's save, panel 2 must not quietly hold DS_A.
  const twoPanels = {
    __inputs: [{ name: 'DS_A', type: 'datasource', pluginId: 'prometheus' }, { name: 'DS_B', type: 'datasource', pluginId: 'prometheus' }],
    title: 'Svc',
    panels: [1, 2].map((id) => ({ id, type: 'stat', datasource: { type: 'prometheus', uid: id === 1 ? '${DS_A}' : '${DS_B}' }, targets: [{ refId: 'A', expr: 'up' }] })),
  };
  function v2Elements(uids: (string | null)[]): Record<string, unknown> {
    const elements: Record<string, unknown> = {};
    uids.forEach((uid, index) => {
      const panel = (v2(uid).elements as Record<string, { spec: Record<string, unknown> }>)['panel-1']!;
      elements[`panel-${index + 1}`] = { ...panel, spec: { ...panel.spec, id: index + 1 } };
    });
    return { title: 'Svc', elements };
  }

  it('two inputs on one datasource: each panel the file held gets its own placeholder back (by panel id and refId)', () => {
    const live = v2Elements(['prom', 'prom']);
    const inputs = { DS_A: 'prom', DS_B: 'prom' };
    const form = restoreFileForm(live, twoPanels, inputs, { otherSchema: true });
    const names = Object.values(form.model.elements as Record<string, { spec: { data: { spec: { queries: { spec: { query: { datasource: { name: string } } } }[] } } } }>).map(
      (element) => element.spec.data.spec.queries[0]!.spec.query.datasource.name,
    );
    expect(names).toEqual(['${DS_A}', '${DS_B}']);
    expect(findUnrestoredInputs(twoPanels, live, form, { inputs, environmentInputs: {}, environment: undefined })).toBeNull();
  });

  it('two inputs on one datasource that a panel the file never held uses: refused, and the advice is by hand or --force, not other datasources', () => {
    const live = v2Elements(['prom', 'prom', 'prom']);
    const inputs = { DS_A: 'prom', DS_B: 'prom' };
    const lost = findUnrestoredInputs(twoPanels, live, restoreFileForm(live, twoPanels, inputs, { otherSchema: true }), { inputs, environmentInputs: {}, environment: undefined });
    expect(lost?.problems).toEqual(['DS_A and DS_B both resolve to "prom", which stays a literal at 1 place']);
    expect(lost?.inputs).toEqual(['DS_A', 'DS_B']);
    expect(lost?.advice).toEqual(['write it with --force and put the placeholders back by hand']);
  });

  it("an input whose panel Grafana still has, now holding another input's placeholder: refused (DS_B mapped elsewhere)", () => {
    const live = v2Elements(['prom', 'prom']);
    const inputs = { DS_A: 'prom', DS_B: 'other' };
    const form = restoreFileForm(live, twoPanels, inputs, { otherSchema: true });
    expect(JSON.stringify(form.model.elements)).not.toContain('DS_B');
    const lost = findUnrestoredInputs(twoPanels, live, form, { inputs, environmentInputs: {}, environment: undefined });
    expect(lost).toEqual({
      problems: ['DS_B is no longer held in panel 2 (its datasource is "${DS_A}" now), which Grafana\'s version still has'],
      advice: ['write it with --force and put the placeholders back by hand'],
      inputs: ['DS_B'],
    });
  });

  it('nothing when the panel that held an input is gone', () => {
    const live = v2Elements(['prom']);
    const inputs = { DS_A: 'prom', DS_B: 'other' };
    expect(findUnrestoredInputs(twoPanels, live, restoreFileForm(live, twoPanels, inputs, { otherSchema: true }), { inputs, environmentInputs: {}, environment: undefined })).toBeNull();
  });

  // "Export for sharing" writes a constant variable as a VAR_ input, its query and current value the placeholder.
  const withConstant = {
    ...classic,
    __inputs: [...classic.__inputs, { name: 'VAR_CLUSTER', type: 'constant', value: 'eu-1' }],
    templating: { list: [{ name: 'cluster', type: 'constant', query: '${VAR_CLUSTER}', current: { text: '${VAR_CLUSTER}', value: '${VAR_CLUSTER}' }, hide: 2 }] },
  };
  const constantVariable = (value: string) => ({ kind: 'ConstantVariable', spec: { name: 'cluster', query: value, current: { text: value, value }, hide: 'hideVariable', skipUrlSync: true } });
  const inputs = { DS_PROM: 'prom', VAR_CLUSTER: 'eu-1' };

  it("a constant input goes back into its variable by the variable's name", () => {
    const live = { ...v2('prom'), variables: [constantVariable('eu-1')] };
    const form = restoreFileForm(live, withConstant, inputs, { otherSchema: true });
    expect((form.model.variables as unknown[])[0]).toEqual(constantVariable('${VAR_CLUSTER}'));
    expect(findUnrestoredInputs(withConstant, live, form, { inputs, environmentInputs: {}, environment: undefined })).toBeNull();
  });

  it('a constant whose variable holds another value now: refused, naming the variable', () => {
    const live = { ...v2('prom'), variables: [constantVariable('eu-2')] };
    const lost = findUnrestoredInputs(withConstant, live, restoreFileForm(live, withConstant, inputs, { otherSchema: true }), { inputs, environmentInputs: {}, environment: undefined });
    expect(lost?.problems).toEqual(['VAR_CLUSTER is no longer held in variable "cluster" (its value "eu-1" stays a literal), which Grafana\'s version still has']);
  });
});
