import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { dashsync, lines, panelOutsideProduction } from './plan-fixture.js';

const OUTSIDE =
  'dashboards/traces.json:13:23: error: uses library panel "lp-traces", whose file dashboards/_library/traces.json is outside this run\'s selection ' +
  '(environment "production"\'s exclude in dashsync.config.json), and Grafana does not have it yet: apply environment staging first, whose selection holds that file ' +
  "(dashsync apply --env staging), or make this run's selection include it (library-panel-outside-selection)";

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
