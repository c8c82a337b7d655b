import { describe, expect, it } from 'vitest';
import { placeEnvironmentDatasources } from '../../../src/check/place-environment-datasources.js';

const CONFIG = {
  configFile: 'dashsync.config.json',
  environmentInputs: {
    staging: { DS_PROMETHEUS: 'prom-staging', DS_SHARED: 'shared-uid' },
    production: { DS_PROMETHEUS: 'prom-main', DS_SHARED: 'shared-uid' },
  },
};

const place = (model: Record<string, unknown>, config = CONFIG, deployers = ['staging', 'production']) =>
  placeEnvironmentDatasources(model, JSON.stringify(model), deployers, config);

describe('placeEnvironmentDatasources (check --fix)', () => {
  it('writes a v2 query datasource.name and a plain datasource string, saying which it was', () => {
    const model = { panels: [{ datasource: 'prom-staging' }], elements: { a: { spec: { query: { datasource: { name: 'prom-staging' } } } } } };

    const placed = place(model);

    expect(placed.model).toEqual({ panels: [{ datasource: '${DS_PROMETHEUS}' }], elements: { a: { spec: { query: { datasource: { name: '${DS_PROMETHEUS}' } } } } } });
    expect(placed.changes).toEqual([`wrote "\${DS_PROMETHEUS}" for datasource uid "prom-staging" (environment staging's DS_PROMETHEUS; 2 places)`]);
    expect(placed.left).toEqual([]);
  });

  it('leaves a uid that is one environment\'s input and an input every environment shares: which one is meant cannot be told', () => {
    const config = { ...CONFIG, environmentInputs: { ...CONFIG.environmentInputs, staging: { DS_PROMETHEUS: 'shared-uid', DS_SHARED: 'shared-uid' } } };
    const model = { panels: [{ datasource: { type: 'prometheus', uid: 'shared-uid' } }] };

    const placed = place(model, config);

    expect(placed.model).toBe(model);
    expect(placed.changes).toEqual([]);
    expect(placed.left).toEqual([
      {
        path: ['panels', 0, 'datasource', 'uid'],
        why: `datasource uid "shared-uid" is environment staging's DS_PROMETHEUS and DS_SHARED and environment production's DS_SHARED: which of them a place means cannot be told, so it is left as it is; write "\${DS_PROMETHEUS}" or "\${DS_SHARED}" there yourself`,
      },
    ]);
  });

  it('leaves a uid of an environment that does not deploy the file: made for another one, it may mean that datasource on purpose', () => {
    const model = { panels: [{ datasource: { type: 'prometheus', uid: 'prom-staging' } }] };

    const placed = place(model, CONFIG, ['production']);

    expect(placed.model).toBe(model);
    expect(placed.left).toEqual([
      {
        path: ['panels', 0, 'datasource', 'uid'],
        why: `datasource uid "prom-staging" is environment staging's DS_PROMETHEUS, and that environment does not deploy this file (environment production does): whether it means that datasource there cannot be told, so it is left as it is; to give each environment its own, write "\${DS_PROMETHEUS}" there yourself`,
      },
    ]);
    // Deployed by no environment, the placeholder changes what no Grafana gets: written.
    expect(place(model, CONFIG, []).changes).toEqual([`wrote "\${DS_PROMETHEUS}" for datasource uid "prom-staging" (environment staging's DS_PROMETHEUS)`]);
  });

  it('touches neither a value every environment shares nor a reference that is no datasource', () => {
    const model = { panels: [{ datasource: { uid: 'shared-uid' }, title: 'prom-staging', libraryPanel: { uid: 'prom-staging' } }] };

    expect(place(model)).toEqual({ model, changes: [], left: [] });
  });
});
