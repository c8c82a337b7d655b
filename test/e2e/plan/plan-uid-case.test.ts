import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appliedExample } from '../../helpers/applied-example.js';

vi.setConfig({ testTimeout: 120_000 });

// On Grafana over MySQL (utf8mb4_unicode_ci) both files reach one dashboard: check warned, plan and the Action did not.
describe('two dashboards whose uids differ only in case', () => {
  it('plan warns on each, naming the other file, as check does', async () => {
    const { workspace } = await appliedExample({ grafanaVersion: '12' });
    for (const [file, uid] of [['dashboards/team-a/ops.json', 'Ops-Board'], ['dashboards/team-b/ops.json', 'ops-board']] as const) {
      await mkdir(join(workspace.dir, file, '..'), { recursive: true });
      await writeFile(join(workspace.dir, file), `${JSON.stringify({ panels: [], title: `Ops ${uid}`, uid }, null, 2)}\n`);
    }

    const plan = await workspace.cli(['plan']);

    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout.split('\n').filter((line) => line.startsWith('  ! '))).toEqual([
      '  ! dashboards/team-b/ops.json: uid "ops-board" differs only in case from dashboard dashboards/team-a/ops.json ("Ops-Board"): Grafana on MySQL compares uids without case, ' +
        'so there one save would update or be refused by the other; give one of them another uid',
      '  ! dashboards/team-a/ops.json: uid "Ops-Board" differs only in case from dashboard dashboards/team-b/ops.json ("ops-board"): Grafana on MySQL compares uids without case, ' +
        'so there one save would update or be refused by the other; give one of them another uid',
    ]);
  });
});
