import { describe, expect, it } from 'vitest';
import { withDatasourceCurrentNames } from '../../../src/apply/with-datasource-current-names.js';
import { inputDatasourceCurrents } from '../../../src/files/input-datasource-currents.js';
import { resolveInputs } from '../../../src/files/resolve-inputs.js';
import { DatasourceIndex } from '../../../src/grafana-migration/datasource-ref.js';

// env-60: the save names a datasource variable's pick for the Grafana it writes to, where the file's value is an input's.
const INDEX = new DatasourceIndex([{ uid: 'prom-main', name: 'Prometheus (main)', type: 'prometheus', isDefault: true }]);
const INPUTS = { DS_PROMETHEUS: 'prom-main', DS_LOKI: 'loki-main' };

/** A v2 spec: a DatasourceVariable whose pick is an input's, one written as a literal, and a query variable. */
const v2 = {
  variables: [
    { kind: 'DatasourceVariable', spec: { name: 'ds', pluginId: 'prometheus', current: { text: 'Prometheus (staging)', value: '${DS_PROMETHEUS}' } } },
    { kind: 'DatasourceVariable', spec: { name: 'logs', pluginId: 'loki', current: { text: 'Loki (staging)', value: '${DS_LOKI}' } } },
    { kind: 'DatasourceVariable', spec: { name: 'fixed', pluginId: 'prometheus', current: { text: 'By hand', value: 'prom-main' } } },
    { kind: 'QueryVariable', spec: { name: 'job', current: { text: '${DS_PROMETHEUS}', value: '${DS_PROMETHEUS}' } } },
  ],
};

describe('withDatasourceCurrentNames (a v2 spec)', () => {
  it("names the input's pick from the instance, leaves the text out where it is not listed, and leaves the rest", () => {
    const variables = inputDatasourceCurrents(v2, INPUTS);
    expect(variables).toEqual(['ds', 'logs']);
    const sent = withDatasourceCurrentNames(resolveInputs(v2, INPUTS).model, new Set(variables), INDEX);
    expect((sent.variables as { spec: { current: unknown } }[]).map((variable) => variable.spec.current)).toEqual([
      { text: 'Prometheus (main)', value: 'prom-main' },
      { value: 'loki-main' },
      { text: 'By hand', value: 'prom-main' },
      { text: 'prom-main', value: 'prom-main' },
    ]);
    // The instance's data sources not read: no name is known, so none is sent.
    const unread = withDatasourceCurrentNames(resolveInputs(v2, INPUTS).model, new Set(variables), undefined);
    expect((unread.variables as { spec: { current: unknown } }[])[0]!.spec.current).toEqual({ value: 'prom-main' });
  });
});
