import { describe, expect, it } from 'vitest';
import { adminHeaders, apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Which data sources V33/V36 resolve against on an instance with two orgs: 12.3 on the namespace's org's (PR #110447's
// org-aware provider); 12.0–12.2 every org's, ordered by name, the first match and the first default winning
// (GetAllDataSources with `Asc("name")` in the database's collation, the steps' front-to-back search).
// src/sandbox/README.md "Schema migration".

// Org 2's listed first: its default is the first by name, not the last listed.
const DATASOURCES = [
  { uid: 'graphite-2', name: 'Graphite', type: 'graphite', isDefault: true, orgId: 2 },
  { uid: 'prom-1', name: 'Prometheus', type: 'prometheus', isDefault: true },
  { uid: 'loki-2', name: 'Loki', type: 'loki', orgId: 2 },
];

const DASHBOARD = {
  title: 'D',
  schemaVersion: 30,
  panels: [
    { id: 1, title: 'CPU', type: 'timeseries', gridPos: { h: 8, w: 12, x: 0, y: 0 }, targets: [{ refId: 'A', expr: 'up' }] },
    { id: 2, title: 'Logs', type: 'logs', gridPos: { h: 8, w: 12, x: 12, y: 0 }, datasource: 'Loki', targets: [{ refId: 'A', expr: '{job="x"}' }] },
  ],
};

async function sandboxWithTwoOrgs(release: string, datasources = DATASOURCES, database?: 'mysql') {
  const sandbox = await startTestSandbox({ grafanaVersion: '12', release, datasources, ...(database ? { database } : {}) });
  expect((await apiRequest(sandbox, 'POST', '/api/orgs', { name: 'Second' })).status).toBe(200);
  return sandbox;
}

/** The panels' datasources as org 1's v1beta1 write stores them. */
async function storedDatasources(release: string, datasources = DATASOURCES, database?: 'mysql') {
  const sandbox = await sandboxWithTwoOrgs(release, datasources, database);
  const path = '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards';
  const created = await apiRequest(sandbox, 'POST', path, { apiVersion: 'dashboard.grafana.app/v1beta1', kind: 'Dashboard', metadata: { name: 'd' }, spec: DASHBOARD });
  expect(created.status).toBe(201);
  const panels = (await apiRequest(sandbox, 'GET', `${path}/d`)).body.spec.panels as { datasource?: unknown; targets?: { datasource?: unknown }[] }[];
  return panels.map((panel) => [panel.datasource, panel.targets?.[0]?.datasource]);
}

describe('the data sources the schema migration resolves against, on an instance with two orgs', () => {
  it('12.1: every org\'s: a panel naming none gets the default first by name (org 2\'s "Graphite"), and "Loki", only in org 2, resolves to it', async () => {
    const graphite = { uid: 'graphite-2', type: 'graphite' };
    expect(await storedDatasources('12.1.0')).toEqual([
      [graphite, graphite],
      [{ uid: 'loki-2', type: 'loki' }, { uid: 'loki-2', type: 'loki' }],
    ]);
  });

  it("12.3: the namespace's org's: the panel naming none gets org 1's default, and \"Loki\" resolves to nothing", async () => {
    const prom = { uid: 'prom-1', type: 'prometheus' };
    expect(await storedDatasources('12.3.2')).toEqual([
      [prom, prom],
      [{ uid: 'Loki' }, { uid: 'Loki' }],
    ]);
  });

  // Org 2's default in lower case: byte order puts "Prometheus" first, MySQL's utf8mb4_unicode_ci "graphite".
  const LOWER_CASE_DEFAULT = DATASOURCES.map((ds) => (ds.uid === 'graphite-2' ? { ...ds, name: 'graphite' } : ds));

  it('12.1 on MySQL: every org\'s, ordered by name without case: the default first is org 2\'s "graphite", not org 1\'s "Prometheus"', async () => {
    const graphite = { uid: 'graphite-2', type: 'graphite' };
    expect((await storedDatasources('12.1.0', LOWER_CASE_DEFAULT, 'mysql'))[0]).toEqual([graphite, graphite]);
  });

  it('12.1 on SQLite: the same data sources in byte order: org 1\'s "Prometheus" comes first', async () => {
    const prom = { uid: 'prom-1', type: 'prometheus' };
    expect((await storedDatasources('12.1.0', LOWER_CASE_DEFAULT))[0]).toEqual([prom, prom]);
  });

  it('the frontend settings list the data sources of the org asked for, and name its default', async () => {
    const sandbox = await sandboxWithTwoOrgs('12.1.0');
    const names = async (orgId: number) => {
      const settings = (await apiRequest(sandbox, 'GET', '/api/frontend/settings', undefined, adminHeaders(orgId))).body;
      return { listed: Object.keys(settings.datasources).filter((name) => !name.startsWith('-- ')), defaultDatasource: settings.defaultDatasource };
    };
    expect(await names(1)).toEqual({ listed: ['Prometheus'], defaultDatasource: 'Prometheus' });
    expect(await names(2)).toEqual({ listed: ['Graphite', 'Loki'], defaultDatasource: 'Graphite' });
  });
});
