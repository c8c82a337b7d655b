import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { copyFixture, dashsync, lines, writeJson } from './plan-fixture.js';

/**
 * The basic tree plus a library panel `lp-traces` in the root's `_library/`, used by a dashboard
 * production plans; production's exclude leaves the `_library/` file out (staging applies it).
 */
async function panelOutsideProduction(): Promise<string> {
  const dir = await copyFixture('basic');
  await writeJson(dir, 'dashsync.config.json', {
    api: 'legacy',
    inputs: { DS_PROMETHEUS: 'prom-main' },
    environments: { production: { exclude: ['_library/**'] }, staging: {} },
  });
  await writeJson(dir, 'dashboards/_library/traces.json', { uid: 'lp-traces', name: 'Traces', kind: 1, model: { type: 'traces', title: 'Traces' } });
  await writeJson(dir, 'dashboards/traces.json', {
    uid: 'traces',
    title: 'Traces',
    panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-traces', name: 'Traces' } }],
  });
  return dir;
}

const OUTSIDE =
  'dashboards/traces.json:13:23: error: uses library panel "lp-traces", whose file dashboards/_library/traces.json is outside this run\'s selection ' +
  '(environment "production"\'s exclude in dashsync.config.json), and Grafana does not have it yet: apply it first in the run (environment) whose selection holds that file, ' +
  "or make this run's selection include it (library-panel-outside-selection)";

describe('a library panel whose file is outside the run\'s include/exclude', () => {
  it('not in Grafana: plan names the file and the list that leaves it out (not "neither in the tree nor in Grafana"), with and without prune; check does not call it missing; applied by its own run, it satisfies production', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await panelOutsideProduction();

    for (const prune of ['--no-prune', '--prune=folders']) {
      const planned = await dashsync(handle, dir, ['plan', '--env', 'production', prune]);

      expect(lines(planned.stderr)[0]).toBe(OUTSIDE);
      expect(planned.stderr).not.toContain('neither in the tree');
      expect([planned.code, planned.stdout]).toEqual([1, '']);
    }

    // Offline, the tree holds the panel: production's check has nothing to say about the reference.
    const checked = await dashsync(handle, dir, ['check', '--env', 'production']);
    expect(checked.stdout).not.toContain('library-panel-missing');
    expect(checked.code, checked.stdout).toBe(0);

    // Once the run whose selection holds the file applied it, the reference is satisfied: production applies.
    const staging = await dashsync(handle, dir, ['apply', '--env', 'staging']);
    expect(staging.code, staging.stderr).toBe(0);
    const production = await dashsync(handle, dir, ['apply', '--env', 'production']);
    expect([production.code, production.stderr]).toEqual([0, '']);
  });
});
