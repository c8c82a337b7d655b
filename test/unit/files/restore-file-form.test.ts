import { describe, expect, it } from 'vitest';
import { restoreFileForm } from '../../../src/files/restore-file-form.js';
import { resolveInputs } from '../../../src/files/resolve-inputs.js';

const inputs = { DS_PROMETHEUS: 'prom-uid', DS_LOKI: 'loki-uid' };
const exportHeader = {
  __inputs: [{ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' }],
  __requires: [{ type: 'panel', id: 'timeseries', name: 'Time series', version: '' }],
};

function exported(panels: unknown[], extra: Record<string, unknown> = {}) {
  return { ...exportHeader, uid: 'svc', title: 'Service', panels, ...extra };
}

describe('restoreFileForm: Grafana\'s version written in the form of the file it replaces', () => {
  it('keeps __inputs/__requires and puts the placeholders back where they were', () => {
    const file = exported([{ id: 1, datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' }, targets: [{ expr: 'up' }] }]);
    const live = { uid: 'svc', title: 'Service (edited)', panels: [{ id: 1, datasource: { type: 'prometheus', uid: 'prom-uid' }, targets: [{ expr: 'up{job="x"}' }] }] };

    const form = restoreFileForm(live, file, inputs);

    expect(form.kept).toBe(true);
    expect(form.model).toEqual({
      ...exportHeader,
      uid: 'svc',
      title: 'Service (edited)',
      panels: [{ id: 1, datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' }, targets: [{ expr: 'up{job="x"}' }] }],
    });
  });

  it('a panel added in the UI gets the placeholder of the input whose uid it uses; the datasource type stays a type', () => {
    const file = exported([{ id: 1, datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' } }]);
    const live = {
      uid: 'svc',
      title: 'Service',
      panels: [
        { id: 1, datasource: { type: 'prometheus', uid: 'prom-uid' } },
        { id: 2, datasource: { type: 'prometheus', uid: 'prom-uid' }, targets: [{ datasource: { type: 'prometheus', uid: 'prom-uid' } }], description: 'prom-uid' },
        { id: 3, datasource: { type: 'loki', uid: 'other-uid' } },
      ],
    };

    const form = restoreFileForm(live, file, inputs);

    const panels = form.model.panels as Record<string, unknown>[];
    expect(panels[1]).toEqual({
      id: 2,
      datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' },
      targets: [{ datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' } }],
      description: 'prom-uid',
    });
    expect(panels[2]).toEqual({ id: 3, datasource: { type: 'loki', uid: 'other-uid' } });
  });

  it('keeps a placeholder inside a longer string when that string did not change, and drops it when it did', () => {
    const file = exported([{ id: 1, targets: [{ expr: 'sum(x{ds="${DS_PROMETHEUS}"})' }, { expr: 'a ${DS_PROMETHEUS}' }] }]);
    const live = { uid: 'svc', title: 'Service', panels: [{ id: 1, targets: [{ expr: 'sum(x{ds="prom-uid"})' }, { expr: 'b prom-uid' }] }] };

    const form = restoreFileForm(live, file, inputs);

    expect((form.model.panels as { targets: unknown[] }[])[0]!.targets).toEqual([{ expr: 'sum(x{ds="${DS_PROMETHEUS}"})' }, { expr: 'b prom-uid' }]);
  });

  it('a uid two inputs map to stays concrete where the file did not say which one', () => {
    const file = exported([{ id: 1, datasource: { uid: '${DS_PROMETHEUS}' } }, { id: 2, datasource: { uid: '${DS_LOKI}' } }]);
    const live = { uid: 'svc', title: 'Service', panels: [{ id: 1, datasource: { uid: 'same' } }, { id: 2, datasource: { uid: 'same' } }, { id: 3, datasource: { uid: 'same' } }] };

    const form = restoreFileForm(live, file, { DS_PROMETHEUS: 'same', DS_LOKI: 'same' });

    expect((form.model.panels as { datasource: unknown }[]).map((p) => p.datasource)).toEqual([{ uid: '${DS_PROMETHEUS}' }, { uid: '${DS_LOKI}' }, { uid: 'same' }]);
  });

  it('always resolves back to exactly the live model', () => {
    const file = exported([{ id: 1, datasource: '${DS_PROMETHEUS}', title: 'cpu $DS_PROMETHEUS' }]);
    const live = { uid: 'svc', title: 'Service', panels: [{ id: 1, datasource: 'prom-uid', title: 'cpu prom-uid' }, { id: 7, datasource: 'prom-uid' }] };

    const form = restoreFileForm(live, file, inputs);

    const { model } = resolveInputs(form.model, inputs);
    delete model.__inputs;
    delete model.__requires;
    expect(model).toEqual(live);
  });

  it('a live string that itself looks like a placeholder cannot round-trip: the plain model is written, and says so', () => {
    const file = exported([{ id: 1, datasource: '${DS_PROMETHEUS}' }]);
    const live = { uid: 'svc', title: 'Service', panels: [{ id: 1, datasource: 'prom-uid', description: 'literally ${DS_LOKI}' }] };

    const form = restoreFileForm(live, file, inputs);

    expect(form).toEqual({ model: live, kept: false, lost: expect.stringContaining('placeholders') });
  });

  it('a plain file stays plain', () => {
    const live = { uid: 'svc', title: 'Service', panels: [{ id: 1, datasource: { uid: 'prom-uid' } }] };
    expect(restoreFileForm(live, { uid: 'svc', title: 'Old', panels: [] }, inputs)).toEqual({ model: live, kept: false });
  });
});
