import { describe, expect, it } from 'vitest';
import { parseDashboardText } from '../../../src/files/parse-dashboard-text.js';

const environmentInputs = {
  staging: { DS_PROMETHEUS: 'prom-staging', DS_LOKI: 'loki' },
  production: { DS_PROMETHEUS: 'prom-main', DS_LOKI: 'loki' },
};

function warnings(model: object, options: { environmentInputs?: Record<string, Record<string, string>> } = { environmentInputs }) {
  const text = `${JSON.stringify(model, null, 2)}\n`;
  return parseDashboardText(text, 'dashboards/a.json', {}, options).diagnostics.filter((d) => d.rule === 'datasource-literal-of-env');
}

const panel = (uid: string) => ({ id: 1, type: 'stat', title: 'p', datasource: { type: 'prometheus', uid }, targets: [{ refId: 'A', datasource: { type: 'prometheus', uid } }] });

describe('datasource-literal-of-env', () => {
  it("warns at the first place a classic model holds an environment's input value as a literal datasource uid", () => {
    expect(warnings({ uid: 'a', title: 'A', panels: [panel('prom-staging')] })).toEqual([
      {
        file: 'dashboards/a.json',
        line: 11,
        col: 16,
        severity: 'warning',
        rule: 'datasource-literal-of-env',
        message: 'datasource uid "prom-staging" is environment staging\'s DS_PROMETHEUS: write "${DS_PROMETHEUS}" so each environment gets its own (2 places); dashsync check --fix writes it, or says why not',
      },
    ]);
  });

  it("names the environment whose value it is (production's too)", () => {
    expect(warnings({ uid: 'a', title: 'A', panels: [{ ...panel('prom-main'), targets: [] }] }).map((d) => d.message)).toEqual([
      'datasource uid "prom-main" is environment production\'s DS_PROMETHEUS: write "${DS_PROMETHEUS}" so each environment gets its own; dashsync check --fix writes it, or says why not',
    ]);
  });

  it('names every input whose value the literal is: two inputs of one environment, and another environment\'s', () => {
    const shared = {
      staging: { DS_PROMETHEUS: 'prom-staging', DS_METRICS: 'prom-staging' },
      production: { DS_PROMETHEUS: 'prom-main', DS_METRICS: 'prom-metrics' },
      qa: { DS_PROMETHEUS: 'prom-qa', DS_METRICS: 'prom-staging' },
    };
    expect(warnings({ uid: 'a', title: 'A', panels: [panel('prom-staging')] }, { environmentInputs: shared }).map((d) => d.message)).toEqual([
      'datasource uid "prom-staging" is environment staging\'s DS_METRICS and DS_PROMETHEUS and environment qa\'s DS_METRICS: write "${DS_METRICS}" or "${DS_PROMETHEUS}" (the one this place means) so each environment gets its own (2 places)',
    ]);
  });

  it('warns on an input only some environments map: the others would get this datasource (and --fix is not named)', () => {
    const onlyStaging = { staging: { ...environmentInputs.staging, DS_TEMPO: 'tempo-staging' }, production: environmentInputs.production };
    expect(warnings({ uid: 'a', title: 'A', panels: [{ ...panel('tempo-staging'), targets: [] }] }, { environmentInputs: onlyStaging }).map((d) => d.message)).toEqual([
      'datasource uid "tempo-staging" is environment staging\'s DS_TEMPO, and environment production maps no DS_TEMPO (where it deploys this file, it gets this datasource too): map DS_TEMPO there and write "${DS_TEMPO}" so each environment gets its own',
    ]);
  });

  it('warns on a v2 query\'s datasource name, located in the spec', () => {
    const resource = {
      apiVersion: 'dashboard.grafana.app/v2beta1',
      kind: 'Dashboard',
      metadata: { name: 'a' },
      spec: {
        title: 'A',
        elements: {
          'panel-1': {
            kind: 'Panel',
            spec: {
              id: 1,
              title: 'p',
              data: { kind: 'QueryGroup', spec: { queries: [{ kind: 'PanelQuery', spec: { refId: 'A', query: { kind: 'DataQuery', group: 'prometheus', version: 'v0', datasource: { name: 'prom-staging' }, spec: {} } } }] } },
            },
          },
        },
      },
    };
    const found = warnings(resource);
    expect(found.map((d) => d.message)).toEqual(['datasource name "prom-staging" is environment staging\'s DS_PROMETHEUS: write "${DS_PROMETHEUS}" so each environment gets its own; dashsync check --fix writes it, or says why not']);
    const text = `${JSON.stringify(resource, null, 2)}\n`;
    expect(text.split('\n')[found[0]!.line! - 1]).toContain('"name": "prom-staging"');
  });

  it('says nothing of a placeholder, of a value every environment shares, of the same text outside a datasource reference, or without environments', () => {
    expect(warnings({ uid: 'a', title: 'A', panels: [panel('${DS_PROMETHEUS}')] })).toEqual([]);
    expect(warnings({ uid: 'a', title: 'A', panels: [panel('loki')] })).toEqual([]);
    expect(warnings({ uid: 'a', title: 'A', description: 'prom-staging', panels: [] })).toEqual([]);
    expect(warnings({ uid: 'a', title: 'A', panels: [panel('prom-staging')] }, {})).toEqual([]);
  });
});
