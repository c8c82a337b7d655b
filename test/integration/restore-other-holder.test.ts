import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { appliedExample, newestBackup, pruneAway } from '../e2e/apply/restore-fixture.js';
import { exampleWorkspace, getDashboard, saveInGrafana, useApi, writes } from '../e2e/apply/workspace.js';

// Applies the example tree, prunes one dashboard (backed up), then someone makes another dashboard under its uid by hand.
vi.setConfig({ testTimeout: 120_000 });

const LOGS = 'dashboards/applications/checkout/checkout-logs.json';

/** The refusal's recipe: `dir` moved out of the backups (to `held/`), its `file` given the new uid checkout-logs-2; the moved file's path. */
async function followRecipe(workspaceDir: string, dir: string, file: string): Promise<string> {
  await rename(join(workspaceDir, dir), join(workspaceDir, 'held'));
  const path = join(workspaceDir, 'held', file);
  const backup = JSON.parse(await readFile(path, 'utf8'));
  await writeFile(path, JSON.stringify({ ...backup, uid: 'checkout-logs-2', dashboard: { ...backup.dashboard, uid: 'checkout-logs-2' } }));
  return `held/${file}`;
}
const UNTOLD = /^error: cannot restore checkout-logs: Grafana holds a dashboard under this uid that dashsync cannot tell from the backed-up one, "Checkout Logs \(renamed 3\)" \(version \d+, saved by admin at \S+, after this backup's delete at \S+\): it has neither the backup's id, title nor content, and the oldest version of it dashsync could read is (\d+) \(Grafana keeps only the newest: \[dashboards\] versions_to_keep\), so whether it is the backed-up dashboard "Checkout Logs" restored and edited since, or another dashboard made under the uid, is not known; nothing was written \(restore never overwrites\)\. Compare the two before deciding: the backup is (\S+); to bring the backup back beside it, move (\S+) out of the backup directory \(while it is there, every restore --all fails on this uid; move it even to keep only the dashboard Grafana holds\), set the "uid" \(top level, and in "dashboard"\) of its (\S+\.json) to a new uid, and run (dashsync restore <new-uid> --from-backup <moved file>)$/m;
const HELD = /^error: cannot restore checkout-logs: Grafana holds another dashboard under this uid, "Checkout KPIs \(by hand\)" \(version 1, saved by admin at \S+, after this backup's delete at \S+\); the backed-up dashboard "Checkout Logs" was not restored, and that one was left as it is \(restore never overwrites\)\. To bring the backup back beside it, move (\S+) out of the backup directory \(while it is there, every restore --all fails on this uid; move it even to keep only the dashboard Grafana holds\), set the "uid" \(top level, and in "dashboard"\) of its (\S+\.json) to a new uid, and run (dashsync restore <new-uid> --from-backup <moved file>)$/m;

describe.each([
  ['12', 'legacy'],
  ['13', 'auto'],
] as const)('restore of a backed-up uid that Grafana %s now holds as another dashboard (api %s)', (version, api) => {
  it('fails naming both titles, leaves the newer dashboard alone, and the copy it describes brings the backup back beside it', async () => {
    const { sandbox, workspace } = await appliedExample(version, api);
    await pruneAway(workspace, LOGS);
    const made = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'checkout-logs', title: 'Checkout KPIs (by hand)', panels: [] }, overwrite: false });
    expect(made.status).toBe(200);
    sandbox.clearRequests();

    const named = await workspace.cli(['restore', 'checkout-logs']);
    expect([named.code, named.stdout]).toEqual([1, '']);
    const [, backupDir, backupFile, command] = HELD.exec(named.stderr) ?? [];
    expect(backupDir).toBe('.dashsync/backups/checkout-logs');

    const json = await workspace.cli(['restore', 'checkout-logs', '--format', 'json']);
    const [, failed, result] = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect([json.code, failed, result]).toEqual([
      1,
      expect.objectContaining({ type: 'failed', uid: 'checkout-logs', title: 'Checkout Logs', reason: 'held-by-another', holder: expect.objectContaining({ title: 'Checkout KPIs (by hand)', version: 1 }) }),
      expect.objectContaining({ type: 'result', counts: expect.objectContaining({ present: 0, failed: 1 }), exitCode: 1 }),
    ]);

    const one = await workspace.cli(['restore', 'checkout-logs', '--dry-run']);
    expect([one.code, one.stdout.split('\n')[0]]).toEqual([1, expect.stringMatching(/^would not restore checkout-logs "Checkout Logs" \(backed up \S+\): Grafana holds another dashboard under this uid, "Checkout KPIs \(by hand\)"/)]);
    const dry = await workspace.cli(['restore', '--all', '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toMatch(/^would not restore checkout-logs "Checkout Logs" \(backed up \S+\): Grafana holds another dashboard under this uid, "Checkout KPIs \(by hand\)" \(version 1, saved at \S+, after this delete\); the run would fail on it/m);
    const all = await workspace.cli(['restore', '--all']);
    expect(all.code).toBe(1);
    expect(all.stderr).toMatch(HELD);
    expect(all.stdout).toMatch(/^restore --all: 1 to restore \(1 dashboard\) from .*, none of them in Grafana now, though another dashboard made since holds the uid of it \(the run fails on that one: restore never overwrites\)/);
    expect(all.stdout).toMatch(/^Restore: 0 restored; 1 failed$/m);
    expect(writes(sandbox)).toEqual([]);
    expect((await getDashboard(sandbox, 'checkout-logs')).dashboard.title).toBe('Checkout KPIs (by hand)');

    // The way the line gives: the backup's directory moved out, its file under a new uid, restored with the command it names.
    expect((await newestBackup(workspace, 'checkout-logs')).name).toBe(backupFile);
    const moved = await followRecipe(workspace.dir, backupDir!, backupFile!);
    const words = command!.replace('<new-uid>', 'checkout-logs-2').replace('<moved file>', moved).split(' ');
    const restored = await workspace.cli(words.slice(1));
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect(restored.stdout).toMatch(/^restored checkout-logs-2 "Checkout Logs" from held\/\S+\.json into /);
    // nl-60b: what ends it: with the directory moved out, restore --all no longer fails on the held uid.
    const after = await workspace.cli(['restore', '--all']);
    expect([after.code, after.stderr]).toEqual([0, '']);
    expect((await getDashboard(sandbox, 'checkout-logs')).dashboard.title).toBe('Checkout KPIs (by hand)');
    expect((await getDashboard(sandbox, 'checkout-logs-2')).dashboard.title).toBe('Checkout Logs');
  });

  it('the backed-up dashboard restored, then renamed and edited in Grafana, is still no other dashboard: nothing to restore, exit 0', async () => {
    const { sandbox, workspace } = await appliedExample(version, api);
    await pruneAway(workspace, LOGS);
    expect((await workspace.cli(['restore', 'checkout-logs'])).code).toBe(0);
    await saveInGrafana(sandbox, 'checkout-logs', { title: 'Checkout Logs (renamed)', panels: [] });

    const again = await workspace.cli(['restore', 'checkout-logs']);
    expect([again.code, again.stderr, again.stdout]).toEqual([0, '', expect.stringMatching(/^nothing to restore for checkout-logs: Grafana holds it \(version \d+\), left as it is\n$/)]);
    const all = await workspace.cli(['restore', '--all']);
    expect([all.code, all.stdout]).toEqual([0, expect.stringMatching(/^restore --all: nothing to restore: no uid in .* is absent in Grafana; \d+ Grafana holds now, left as they are\n/)]);
  });

  it.each([
    ['the backed-up dashboard restored, then renamed and saved', true],
    ['another dashboard made by hand under the uid, then saved', false],
  ] as const)('%s past the versions Grafana keeps: its history no longer reaches version 1, so restore says it cannot tell, writes nothing, and fails (exit 1) with the way to compare', async (_, restoredFirst) => {
    const sandbox = await startTestSandbox({ grafanaVersion: version, versionsToKeep: 2 });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, api);
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await pruneAway(workspace, LOGS);
    if (restoredFirst) expect((await workspace.cli(['restore', 'checkout-logs'])).code).toBe(0);
    else expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'checkout-logs', title: 'Checkout KPIs (by hand)', panels: [] }, overwrite: false })).status).toBe(200);
    for (const n of [1, 2, 3]) await saveInGrafana(sandbox, 'checkout-logs', { title: `Checkout Logs (renamed ${n})`, panels: [] });
    sandbox.clearRequests();

    const again = await workspace.cli(['restore', 'checkout-logs']);
    expect([again.code, again.stdout]).toEqual([1, '']);
    const [, from, backup, backupDir, backupFile, command] = UNTOLD.exec(again.stderr) ?? [];
    expect(Number(from)).toBeGreaterThan(1);
    expect(backup).toMatch(/^\.dashsync\/backups\/checkout-logs\/\S+\.json$/);

    const json = await workspace.cli(['restore', 'checkout-logs', '--format', 'json']);
    const [, failed, result] = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
    expect([json.code, failed, result]).toEqual([
      1,
      expect.objectContaining({ type: 'failed', uid: 'checkout-logs', title: 'Checkout Logs', reason: 'held-history-trimmed', holder: expect.objectContaining({ title: 'Checkout Logs (renamed 3)', historyFrom: Number(from) }) }),
      expect.objectContaining({ type: 'result', counts: expect.objectContaining({ present: 0, failed: 1 }), exitCode: 1 }),
    ]);
    const dryJson = await workspace.cli(['restore', 'checkout-logs', '--dry-run', '--format', 'json']);
    expect([dryJson.code, dryJson.stdout.trimEnd().split('\n').map((line) => JSON.parse(line)).find((line) => line.type === 'would-restore')]).toEqual([1, expect.objectContaining({ uid: 'checkout-logs', reason: 'held-history-trimmed' })]);
    const dry = await workspace.cli(['restore', '--all', '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toMatch(/^would not restore checkout-logs "Checkout Logs" \(backed up \S+\): Grafana holds a dashboard under this uid that dashsync cannot tell from the backed-up one, "Checkout Logs \(renamed 3\)" \(version \d+, saved at \S+, after this delete\) \(the oldest version of it dashsync could read is \d+\); the run would fail on it/m);
    const all = await workspace.cli(['restore', '--all']);
    expect(all.code).toBe(1);
    expect(all.stderr).toMatch(UNTOLD);
    expect(all.stdout).toMatch(/^restore --all: 1 to restore \(1 dashboard\) from .*, none of them in Grafana now, though a dashboard dashsync cannot tell from the backed-up one \(its history trimmed\) holds the uid of it \(the run fails on that one: restore never overwrites\)/);
    expect(writes(sandbox)).toEqual([]);
    expect((await getDashboard(sandbox, 'checkout-logs')).dashboard.title).toBe('Checkout Logs (renamed 3)');

    // The way to compare the line gives: the backup back beside it under a new uid.
    expect(`${backupDir}/${backupFile}`).toBe(backup);
    const moved = await followRecipe(workspace.dir, backupDir!, backupFile!);
    const words = command!.replace('<new-uid>', 'checkout-logs-2').replace('<moved file>', moved).split(' ');
    const beside = await workspace.cli(words.slice(1));
    expect([beside.code, beside.stderr]).toEqual([0, '']);
    const after = await workspace.cli(['restore', '--all']);
    expect([after.code, after.stderr]).toEqual([0, '']);
    expect((await getDashboard(sandbox, 'checkout-logs-2')).dashboard.title).toBe('Checkout Logs');
    expect((await getDashboard(sandbox, 'checkout-logs')).dashboard.title).toBe('Checkout Logs (renamed 3)');
  });
});

describe('restore --all over two backed-up uids Grafana 12 now holds as other dashboards', () => {
  it('reads the two holders at once (--concurrency), and names them in uid order as one after another did', async () => {
    const { sandbox, workspace } = await appliedExample('12', 'legacy');
    await pruneAway(workspace, 'dashboards/applications/checkout');
    for (const [uid, title] of [['checkout-api-red', 'API by hand'], ['checkout-logs', 'Logs by hand']]) {
      expect((await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid, title, panels: [] }, overwrite: false })).status).toBe(200);
    }
    // Each holder's read is held until both are: one read after another would wait on the first for ever.
    sandbox.setFaults({ methods: ['GET'], pathPrefix: '/api/dashboards/uid/', script: [{ kind: 'hold' }, { kind: 'hold' }] });
    const running = workspace.cli(['restore', '--all', '--dry-run']);
    const ended = running.then((run) => {
      throw new Error(`the run ended (exit ${run.code}) with fewer than two reads held: ${run.stderr}`);
    });
    await Promise.race([sandbox.whenHeld(2), ended]);
    ended.catch(() => {});
    sandbox.releaseHeld();
    sandbox.setFaults(undefined);
    const dry = await running;
    expect(dry.code).toBe(1);
    const refused = dry.stdout.split('\n').filter((line) => line.startsWith('would not restore '));
    expect(refused).toEqual([
      expect.stringMatching(/^would not restore checkout-api-red "Checkout API" \(backed up \S+\): Grafana holds another dashboard under this uid, "API by hand"/),
      expect.stringMatching(/^would not restore checkout-logs "Checkout Logs" \(backed up \S+\): Grafana holds another dashboard under this uid, "Logs by hand"/),
    ]);
  });
});
