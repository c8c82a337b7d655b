import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { GrafanaVersion } from '../../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { walkFiles } from '../../pull/pull-fixture.js';
import { emptyWorkspace, workspaceAt } from './workspace.js';

vi.setConfig({ testTimeout: 120_000 });

/**
 * Dashboards written outside dashsync, as users bring them (test/fixtures/outside-grafana): Grafana 7
 * (schemaVersion 27: singlestat, graph, datasources by name, a constant variable), Grafana 8 (33: a
 * legacy table, an interval variable), an "Export for sharing externally" of 9.3 (37: __inputs,
 * ${DS_…}), a GET /api download of 10.4 (39: the {dashboard, meta} wrapper, a collapsed row), and a
 * v2 dashboard exported from 12 with Grafana's metadata and status in it.
 */
const FIXTURE = fileURLToPath(new URL('../../fixtures/outside-grafana/', import.meta.url));
const CLASSIC = [
  { uid: 'haproxy-g7', schemaVersion: 27 },
  { uid: 'nginx-ingress-g8', schemaVersion: 33 },
  { uid: 'node-exporter-shared', schemaVersion: 37 },
  { uid: 'pg-replicas', schemaVersion: 39 },
];

const runs: { grafanaVersion: GrafanaVersion; api: 'legacy' | 'k8s' | 'auto'; v1: string | null }[] = [
  { grafanaVersion: '11.2', api: 'legacy', v1: null },
  { grafanaVersion: '12', api: 'legacy', v1: null },
  { grafanaVersion: '12', api: 'k8s', v1: 'v1beta1' },
  { grafanaVersion: '13', api: 'legacy', v1: null },
  { grafanaVersion: '13', api: 'k8s', v1: 'v1' },
  { grafanaVersion: '13', api: 'auto', v1: 'v1' },
];

describe.each(runs)('dashboards written outside dashsync on Grafana $grafanaVersion through api $api', ({ grafanaVersion, api, v1 }) => {
  it('apply, then plan is empty and pull leaves every file byte for byte', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const dir = await emptyWorkspace();
    // The legacy API cannot take a v2 dashboard: that run leaves it out.
    await cp(join(FIXTURE, 'dashboards'), join(dir, 'dashboards'), { recursive: true, filter: (source) => api !== 'legacy' || !source.includes('imported-v2') });
    await writeFile(join(dir, 'dashsync.config.json'), `{ "root": "dashboards", "api": "${api}", "inputs": { "DS_PROMETHEUS": "prometheus" } }\n`);
    const workspace = workspaceAt(dir, sandbox);
    const count = api === 'legacy' ? 4 : 5;
    const before = await walkFiles(join(dir, 'dashboards'));

    const applied = await workspace.cli(['apply']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`Applied: ${count} created, 0 updated, 0 moved, 0 deleted.`);

    const plan = await workspace.cli(['plan', '--detailed-exitcode']);
    // 12 keeps dashboards in legacy SQL storage, which keeps no labels: a labelled file is counted apart from the unchanged.
    const summary = plan.stdout.match(/^Plan: 0 to create, 0 to update, 0 to move, 0 to delete, (\d+) unchanged(?:, (\d+) with labels Grafana does not keep \(nothing to write\))?\./m);
    expect(summary && Number(summary[1]) + Number(summary[2] ?? 0)).toBe(count);
    expect(plan.code).toBe(0);

    if (v1 !== null) {
      // Through /apis Grafana migrated each classic spec to the latest schemaVersion: not a change.
      for (const { uid, schemaVersion } of CLASSIC) {
        const live = await apiRequest(sandbox, 'GET', `/apis/dashboard.grafana.app/${v1}/namespaces/default/dashboards/${uid}`);
        expect(live.body.spec.schemaVersion, uid).toBeGreaterThan(schemaVersion);
      }
    }

    if (api !== 'legacy') {
      // The v2 export's server metadata was not pushed: Grafana's own values, the folder of its directory, the author's label kept (unified storage).
      const v2 = (await apiRequest(sandbox, 'GET', '/apis/dashboard.grafana.app/v2beta1/namespaces/default/dashboards/redis-cache')).body;
      const folders = (await apiRequest(sandbox, 'GET', '/api/folders')).body as { uid: string; title: string }[];
      expect(v2.metadata.annotations['grafana.app/folder']).toBe(folders.find((folder) => folder.title === 'imported-v2')!.uid);
      expect(v2.metadata.annotations['grafana.app/createdBy']).not.toBe('user:ae3f0c');
      // Not the export's generation (7): a create's own, 1 — in unified storage (13) the annotation-only patch that
      // binds dashsync's record keeps it; legacy storage (12) keeps no record or label, so there is nothing to bind.
      expect([v2.metadata.generation, v2.metadata.labels.team, v2.metadata.uid]).toEqual([
        1,
        grafanaVersion === '13' ? 'cache' : undefined,
        expect.not.stringMatching(/^4c1f0b8e/),
      ]);
      expect(v2.metadata.creationTimestamp).not.toBe('2025-05-26T13:20:11Z');
    }

    const pulled = await workspace.cli(['pull']);
    expect(pulled.stdout).toBe(`Pull: 0 created, 0 updated, 0 moved, ${count} unchanged, 0 deleted.\n`);
    expect(pulled.code).toBe(0);
    expect(await walkFiles(join(dir, 'dashboards'))).toEqual(before);
    expect(await readFile(join(dir, 'dashboards/imported/node-exporter-shared.json'), 'utf8')).toContain('${DS_PROMETHEUS}');
  });
});
