import { describe, expect, it, vi } from 'vitest';
import { appliedExample, newestBackup, pruneAway } from '../e2e/apply/restore-fixture.js';
import { writes } from '../e2e/apply/workspace.js';

// Applies the example tree, prunes one directory, and restores (in-process CLI).
vi.setConfig({ testTimeout: 120_000 });

const CHECKOUT = 'dashboards/applications/checkout';

describe('restore of a uid Grafana holds: nothing to restore, as restore --all says of it', () => {
  it('named with a pruned uid, or run again after the restore: exit 0, one line saying it is left as it is, in text and JSON; --from-backup over it still fails', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    await pruneAway(workspace, `${CHECKOUT}/checkout-logs.json`);
    const backup = await newestBackup(workspace, 'checkout-logs');

    // One pruned, one Grafana holds: the pruned one comes back, the other is left as it is, and the run passes.
    const both = await workspace.cli(['restore', 'checkout-logs', 'redis-exporter']);
    expect([both.code, both.stderr]).toEqual([0, '']);
    const lines = both.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^restored checkout-logs "Checkout Logs" from \.dashsync\/backups\/checkout-logs\/\S+ into /);
    expect(lines).toContain('nothing to restore for redis-exporter: Grafana holds it (version 1), left as it is');
    expect(lines.at(-1)).toBe('Restore: 1 restored; 1 already in Grafana');

    // The same command again (after an interrupted run, say): nothing to do, no failure — as restore --all.
    sandbox.clearRequests();
    const again = await workspace.cli(['restore', 'checkout-logs', 'redis-exporter']);
    expect([again.code, again.stderr]).toEqual([0, '']);
    expect(again.stdout).toMatch(/^nothing to restore for checkout-logs: Grafana holds it \(version 1\), left as it is\nnothing to restore for redis-exporter: Grafana holds it \(version 1\), left as it is\nRestore: 0 restored; 2 already in Grafana\n$/);
    const all = await workspace.cli(['restore', '--all']);
    expect([all.code, all.stdout]).toEqual([0, expect.stringMatching(/^restore --all: nothing to restore: no uid in the backups from \S+ in \.dashsync\/backups\/ is absent in Grafana; \d+ Grafana holds now, left as they are\n/)]);
    const dry = await workspace.cli(['restore', 'redis-exporter', '--dry-run']);
    expect([dry.code, dry.stdout]).toEqual([0, 'would not restore redis-exporter: Grafana holds it now (nothing to restore)\nDry run: nothing to restore.\n']);
    const json = await workspace.cli(['restore', 'redis-exporter', '--format', 'json']);
    const [, skipped, result] = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect([json.code, skipped, result]).toEqual([
      0,
      expect.objectContaining({ type: 'skipped', uid: 'redis-exporter', reason: 'exists', versionBefore: 1, text: 'nothing to restore for redis-exporter: Grafana holds it (version 1), left as it is' }),
      expect.objectContaining({ type: 'result', counts: expect.objectContaining({ present: 1, failed: 0 }), exitCode: 0 }),
    ]);
    expect(writes(sandbox)).toEqual([]);

    // --from-backup asks for that file's content, which restore never puts over what Grafana holds: that fails, as before.
    const named = await workspace.cli(['restore', 'checkout-logs', '--from-backup', backup.path]);
    expect([named.code, named.stdout]).toEqual([1, '']);
    expect(named.stderr).toMatch(/^error: cannot restore checkout-logs: Grafana holds it \(version 1\), and restore never overwrites what Grafana holds: \.dashsync\/backups\/checkout-logs\/\S+ was not put back\n$/);
    const namedDry = await workspace.cli(['restore', 'checkout-logs', '--from-backup', backup.path, '--dry-run']);
    expect([namedDry.code, namedDry.stdout.split('\n')[0]]).toEqual([1, 'would not restore checkout-logs: Grafana holds it now, and restore never overwrites what Grafana holds (the run would fail)']);
    expect(writes(sandbox)).toEqual([]);
  });
});
