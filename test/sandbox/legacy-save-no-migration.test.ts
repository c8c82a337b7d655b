import { describe, expect, it } from 'vitest';
import type { GrafanaVersion } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const versions: GrafanaVersion[] = ['11.2', '12', '13'];

// Legacy saves go to the apiserver as v0alpha1 in 12/13 (LegacySaveCommandToUnstructured, PR #104213),
// and v0alpha1 is never migrated: what is posted at an old schemaVersion reads back as posted.
describe.each(versions)('POST /api/dashboards/db on Grafana %s keeps the schema as posted', (grafanaVersion) => {
  it('stores a schemaVersion 30 dashboard without running the 31–42 migrations', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const dashboard = {
      uid: 'old',
      title: 'Old',
      schemaVersion: 30,
      timepicker: { time_options: ['5m', '1h'] },
      panels: [{ id: 1, type: 'table', transformations: [{ id: 'labelsToFields', options: {} }], targets: [] }],
    };
    expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard })).status).toBe(200);
    const stored = (await apiRequest(s, 'GET', '/api/dashboards/uid/old')).body.dashboard;
    expect(stored).toEqual({ ...dashboard, id: 1, version: 1 });
  });
});
