import { describe, expect, it } from 'vitest';
import { expressionInputUses, resolveInputs } from '../../../src/files/resolve-inputs.js';

describe('resolveInputs', () => {
  const exported = {
    __inputs: [
      { name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' },
      { name: 'VAR_ENV', type: 'constant', value: 'prod' },
    ],
    panels: [
      { datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' }, targets: [{ expr: 'up{env="$VAR_ENV", job="$job"}' }] },
    ],
    templating: { list: [{ name: 'job', datasource: '$DS_PROMETHEUS', query: '${job} ${__interval}' }] },
  };

  it('replaces declared and DS_ placeholders in every string, leaves dashboard variables alone', () => {
    const { model, unmapped } = resolveInputs(exported, { DS_PROMETHEUS: 'prom-uid' });
    expect(unmapped).toEqual([]);
    expect(model.panels).toEqual([
      { datasource: { type: 'prometheus', uid: 'prom-uid' }, targets: [{ expr: 'up{env="prod", job="$job"}' }] },
    ]);
    expect(model.templating).toEqual({ list: [{ name: 'job', datasource: 'prom-uid', query: '${job} ${__interval}' }] });
  });

  it('prefers the configured value over a constant default', () => {
    const { model } = resolveInputs(exported, { DS_PROMETHEUS: 'p', VAR_ENV: 'staging' });
    expect(JSON.stringify(model.panels)).toContain('env=\\"staging\\"');
  });

  it('reports each unmapped input once, with the path of its first use', () => {
    const { unmapped } = resolveInputs(exported, {});
    expect(unmapped).toEqual([{ name: 'DS_PROMETHEUS', path: ['panels', 0, 'datasource', 'uid'] }]);
  });

  // pull-check-51: Grafana's export makes an input of the expression datasource, which its import forces to `__expr__`.
  it('resolves an __inputs datasource of plugin __expr__ to __expr__, mapped or not, as Grafana\'s import does', () => {
    const withExpression = {
      __inputs: [{ name: 'DS_EXPRESSION', label: 'Expression', description: '', type: 'datasource', pluginId: '__expr__' }],
      panels: [{ targets: [{ refId: 'B', datasource: { type: '__expr__', uid: '${DS_EXPRESSION}' } }] }],
    };
    for (const inputs of [{}, { DS_EXPRESSION: 'prom' }] as Record<string, string>[]) {
      const { model, unmapped } = resolveInputs(withExpression, inputs);
      expect(unmapped).toEqual([]);
      expect(model.panels).toEqual([{ targets: [{ refId: 'B', datasource: { type: '__expr__', uid: '__expr__' } }] }]);
    }
    // review-mend-51b: a mapping to the older expression uid `-100` is the config's own and kept (main gave `__expr__`, so a
    // file pull wrote with `${DS_EXPRESSION}` for a `-100` query came back from apply as `__expr__`: a change nobody made).
    expect(resolveInputs(withExpression, { DS_EXPRESSION: '-100' }).model.panels).toEqual([{ targets: [{ refId: 'B', datasource: { type: '__expr__', uid: '-100' } }] }]);
    // Undeclared, it is an input like any other DS_ name.
    expect(resolveInputs({ panels: [{ datasource: '${DS_EXPRESSION}' }] }, {}).unmapped.map((input) => input.name)).toEqual(['DS_EXPRESSION']);
  });

  it('treats an undeclared ${DS_*} as an input too', () => {
    const { unmapped } = resolveInputs({ panels: [{ datasource: '${DS_LOKI}' }] }, {});
    expect(unmapped).toEqual([{ name: 'DS_LOKI', path: ['panels', 0, 'datasource'] }]);
  });

  it('does not mutate its input', () => {
    const copy = structuredClone(exported);
    resolveInputs(exported, { DS_PROMETHEUS: 'x' });
    expect(exported).toEqual(copy);
  });
});

// pull-check-53: a library panel file (no __inputs) writing ${DS_EXPRESSION} as an expression query's uid takes the mapping.
describe('expressionInputUses', () => {
  const expression = (uid: string) => ({ refId: 'B', type: 'math', datasource: { type: '__expr__', uid } });
  it('names the inputs __inputs declares as expressions, and the DS_ placeholders an expression reference holds without a declaration', () => {
    const declared = { __inputs: [{ name: 'DS_EXPRESSION', type: 'datasource', pluginId: '__expr__' }, { name: 'DS_PROM', type: 'datasource', pluginId: 'prometheus' }], panels: [{ targets: [expression('${DS_EXPRESSION}')] }] };
    expect(expressionInputUses(declared)).toEqual({ declared: ['DS_EXPRESSION'], undeclared: [] });
    const panel = { targets: [expression('${DS_EXPRESSION}'), expression(' $DS_MATH '), expression('__expr__'), expression('${VAR_X}'), { datasource: { type: 'prometheus', uid: '${DS_PROM}' } }] };
    expect(expressionInputUses(panel)).toEqual({ declared: [], undeclared: ['DS_EXPRESSION', 'DS_MATH'] });
  });
});
