import { describe, expect, it } from 'vitest';
import { resolveInputs } from '../../src/files/resolve-inputs.js';
import { placeNewFileInputs } from '../../src/pull/place-new-file-inputs.js';

// pull-check-51: Grafana's export never turns its built-in data sources into inputs (DashboardExporter / exporters.ts skip
// `meta.builtIn`: `-- Grafana --`, `-- Mixed --`, `-- Dashboard --`); pull wrote `${DS_…}` for one wherever the config
// mapped an input to it. An expression (`__expr__`) is no built-in: Grafana's export makes an input of it, pull one where an
// input maps it, with `pluginId: "__expr__"`, which Grafana's import and dashsync resolve to `__expr__` (dashsync keeps a mapping to `-100`).
describe('placeNewFileInputs and Grafana\'s own data sources', () => {
  const model = {
    annotations: { list: [{ builtIn: 1, name: 'Annotations & Alerts', datasource: { type: 'grafana', uid: '-- Grafana --' } }] },
    panels: [
      {
        id: 1,
        datasource: { type: 'datasource', uid: '-- Mixed --' },
        targets: [
          { refId: 'A', datasource: { type: 'prometheus', uid: 'prom-staging' } },
          { refId: 'B', datasource: { type: '__expr__', uid: '__expr__' } },
        ],
      },
    ],
  };

  it('leaves a built-in data source literal whatever the inputs map to it', () => {
    const placed = placeNewFileInputs(model, { DS_GRAFANA: '-- Grafana --', DS_MIXED: '-- Mixed --', DS_PROMETHEUS: 'prom-staging' });
    expect(placed.placed).toEqual([{ name: 'DS_PROMETHEUS', value: 'prom-staging' }]);
    expect(placed.model.annotations).toEqual(model.annotations);
    expect((placed.model.panels as any)[0].datasource).toEqual({ type: 'datasource', uid: '-- Mixed --' });
    expect((placed.model.__inputs as any[]).map((input) => input.name)).toEqual(['DS_PROMETHEUS']);
  });

  it('writes an expression as a placeholder only where an input maps it, declared with pluginId __expr__', () => {
    expect(placeNewFileInputs(model, { DS_PROMETHEUS: 'prom-staging' }).placed.map((input) => input.name)).toEqual(['DS_PROMETHEUS']);
    const mapped = placeNewFileInputs(model, { DS_EXPRESSION: '__expr__' });
    expect((mapped.model.panels as any)[0].targets[1].datasource).toEqual({ type: '__expr__', uid: '${DS_EXPRESSION}' });
    expect(mapped.model.__inputs).toEqual([{ name: 'DS_EXPRESSION', label: 'DS_EXPRESSION', description: '', type: 'datasource', pluginId: '__expr__', pluginName: '__expr__' }]);
  });

  // review-mend-51b: an older dashboard's expression names the datasource `-100`; with the config mapping DS_EXPRESSION to
  // it, pull wrote `${DS_EXPRESSION}` there and apply resolved it to `__expr__` (main forced every mapping), so the next plan
  // showed a change nobody made and the first apply made it.
  it('gives back what it placed when resolved with the same inputs, the older expression uid -100 included', () => {
    const older = { panels: [{ id: 1, datasource: { type: 'prometheus', uid: 'prom' }, targets: [{ refId: 'A', datasource: { type: 'prometheus', uid: 'prom' } }, { refId: 'B', datasource: { type: '__expr__', uid: '-100' } }] }] };
    for (const inputs of [{ DS_PROMETHEUS: 'prom', DS_EXPRESSION: '-100' }, { DS_PROMETHEUS: 'prom', DS_EXPRESSION: '__expr__' }, { DS_PROMETHEUS: 'prom' }] as Record<string, string>[]) {
      const { __inputs: _declared, ...resolved } = resolveInputs(placeNewFileInputs(older, inputs).model, inputs).model;
      expect(resolved).toEqual(older);
    }
  });
});

// env-59 (stop 58 §10.3): a datasource variable's `current` kept staging's uid in the file pull wrote, so production's
// plan pushed staging's pick (Grafana's export clears it).
describe('placeNewFileInputs and a datasource variable\'s current', () => {
  it('writes the placeholder where current.value holds the mapped uid (a multi-value one too), not in another variable', () => {
    const model = {
      templating: {
        list: [
          { name: 'ds', type: 'datasource', query: 'prometheus', current: { text: 'Prometheus (staging)', value: 'prom-staging' } },
          { name: 'many', type: 'datasource', query: 'prometheus', multi: true, current: { text: ['Prometheus (staging)'], value: ['prom-staging'] } },
          { name: 'job', type: 'custom', query: 'prom-staging', current: { text: 'prom-staging', value: 'prom-staging' } },
        ],
      },
    };
    const placed = placeNewFileInputs(model, { DS_PROMETHEUS: 'prom-staging' });
    const list = (placed.model.templating as { list: { current: unknown }[] }).list;
    expect(list.map((variable) => variable.current)).toEqual([
      { text: 'Prometheus (staging)', value: '${DS_PROMETHEUS}' },
      { text: ['Prometheus (staging)'], value: ['${DS_PROMETHEUS}'] },
      { text: 'prom-staging', value: 'prom-staging' },
    ]);
    expect(placed.placed).toEqual([{ name: 'DS_PROMETHEUS', value: 'prom-staging' }]);
  });
});
