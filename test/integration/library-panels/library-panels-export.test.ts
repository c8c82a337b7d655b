import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GRAFANA_VERSIONS } from '../../helpers/releases.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { libraryWorkspace } from './library-tree.js';

/** "Export for sharing externally" of a dashboard with one library panel (as Grafana writes it: __inputs, __requires, __elements, ${DS_*}). */
const EXPORT = {
  __inputs: [{ name: 'DS_PROMETHEUS', label: 'Prometheus', type: 'datasource', pluginId: 'prometheus' }],
  __elements: {
    'lp-latency': {
      name: 'Request latency',
      uid: 'lp-latency',
      kind: 1,
      model: { type: 'timeseries', title: 'Latency', datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' }, targets: [{ expr: 'histogram_quantile(0.99, rate(x[5m]))', refId: 'A' }] },
    },
  },
  __requires: [{ type: 'grafana', id: 'grafana', name: 'Grafana', version: '11.2.0' }],
  uid: 'exported',
  title: 'Exported',
  schemaVersion: 39,
  panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-latency', name: 'Request latency' } }],
};

const FILES = {
  'dashsync.config.json': { root: 'dashboards', inputs: { DS_PROMETHEUS: 'prom-main' } },
  'dashboards/team/export.json': EXPORT,
};

describe.each(GRAFANA_VERSIONS)('library panels: an export with __elements against Grafana %s', (grafanaVersion) => {
  it('check reports it, check --fix turns __elements into a _library/ file, and the tree then applies and plans empty', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox, FILES);

    const checked = await ws.cli(['check']);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain(
      'dashboards/team/export.json:51:23: error: uses library panel "lp-latency" from this export\'s __elements, which is not a _library/ file yet: run `dashsync check --fix` (library-panel-missing)',
    );
    expect(checked.stdout).toContain('dashboards/team/export.json:10:17: warning: __elements holds library panels');

    const fixed = await ws.cli(['check', '--fix']);
    expect(fixed.stderr).toContain('fixed dashboards/team/export.json: reformatted, moved __elements["lp-latency"] to dashboards/team/_library/request-latency.json');
    expect(fixed.code).toBe(0);
    expect(await readdir(join(ws.dir, 'dashboards/team/_library'))).toEqual(['request-latency.json']);
    const panel = JSON.parse(await readFile(join(ws.dir, 'dashboards/team/_library/request-latency.json'), 'utf8'));
    expect(panel).toEqual({ uid: 'lp-latency', name: 'Request latency', kind: 1, model: EXPORT.__elements['lp-latency'].model });
    const dashboard = JSON.parse(await readFile(join(ws.dir, 'dashboards/team/export.json'), 'utf8'));
    expect(dashboard.__elements).toBeUndefined();
    expect(dashboard.__inputs).toEqual(EXPORT.__inputs);
    expect((await ws.cli(['check', '--fix'])).stderr).toBe('check: 1 dashboard, 1 folder, 1 library panel, 0 errors, 0 warnings\n');

    const applied = await ws.cli(['apply']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Library panels: 1 created');
    const live = await apiRequest(sandbox, 'GET', '/api/library-elements/lp-latency');
    expect(live.body.result).toMatchObject({ meta: { folderName: 'team' }, model: { datasource: { uid: 'prom-main' } } });
    expect((await ws.cli(['plan', '--detailed-exitcode'])).code).toBe(0);
  });
});
