import { describe, expect, it, vi } from 'vitest';
import { appliedExample, newestBackup, pruneAway } from '../e2e/apply/restore-fixture.js';
import { getDashboard, writes } from '../e2e/apply/workspace.js';

// Each test applies the example tree, prunes and runs restore several times (spawned-free: in-process CLI).
vi.setConfig({ testTimeout: 120_000 });

const CHECKOUT = 'dashboards/applications/checkout';

describe('restore --dry-run says where each uid would come from', () => {
  it('Grafana 13 through /apis: "Recently deleted" for the pruned dashboards (--all and one uid), which the real run then takes; nothing written', async () => {
    const { sandbox, workspace } = await appliedExample('13', 'auto');
    await pruneAway(workspace, CHECKOUT);
    sandbox.clearRequests();

    const all = await workspace.cli(['restore', '--all', '--dry-run']);
    expect([all.code, all.stderr]).toEqual([0, '']);
    expect(all.stdout).toMatch(/^would restore checkout-api-red "Checkout API" into folder "checkout" \(\S+\), which no longer exists and would be created again from the backup \(deleted \S+\) from Grafana's "Recently deleted" \(with its id and version history\)$/m);

    const one = await workspace.cli(['restore', 'checkout-logs', '--dry-run', '--format', 'json']);
    expect([one.code, one.stderr]).toEqual([0, '']);
    const lines = one.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.type)).toEqual(['start', 'would-restore', 'result']);
    expect(lines[0]).toMatchObject({ uids: ['checkout-logs'], all: false, dryRun: true });
    expect(lines[1]).toMatchObject({ kind: 'dashboard', uid: 'checkout-logs', from: 'recently-deleted', backup: null, reason: null });
    expect(lines[2]).toMatchObject({ dryRun: true, exitCode: 0, text: 'Dry run: nothing was restored. Run the same command without --dry-run to restore it.' });
    expect(writes(sandbox)).toEqual([]);

    const restored = await workspace.cli(['restore', 'checkout-logs']);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect(restored.stdout).toMatch(/^restored checkout-logs "Checkout Logs" from Grafana's "Recently deleted" into folder "checkout" \(ds-checkout-52c08ff5\) under "applications" \(ds-applications-fd54e5a8\), which no longer existed and was created again from the backup, as was "applications" \(ds-applications-fd54e5a8\), now version 1\n/);
  });

  it('Grafana 12 through /api: one uid from its backup file; a uid Grafana holds and one nothing holds are named, exit 1 as the run would', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    await pruneAway(workspace, CHECKOUT);
    const backup = await newestBackup(workspace, 'checkout-logs');
    sandbox.clearRequests();

    const dry = await workspace.cli(['restore', 'checkout-logs', 'redis-exporter', 'never-was', '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^would restore checkout-logs "[^"]+" into folder "checkout" \\(\\S+\\), which no longer exists and would be created again from the backup \\(deleted \\S+\\) from \\.dashsync/backups/checkout-logs/${backup.name.replace(/\./g, '\\.')}$`)),
      'would not restore redis-exporter: Grafana holds it now (nothing to restore)',
      `would not restore never-was: there is no backup of it from ${sandbox.url} in .dashsync/backups/, and this run does not take dashboards back from Grafana's "Recently deleted" (switched off, or not through this API); dashsync restore never-was says what can be done`,
      'Dry run: nothing was restored. Run the same command without --dry-run to restore it.',
      '',
    ]);
    expect(writes(sandbox)).toEqual([]);
    expect((await getDashboard(sandbox, 'checkout-logs')).status).toBe(404);
  });
});
