import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { copyFixture, writeJson } from '../e2e/plan/plan-fixture.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

// Each test runs the CLI (in-process) several times.
vi.setConfig({ testTimeout: 120_000 });

const dashsync = (dir: string, args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });
const BACKUPS = '.dashsync/backups/library-panels/lp-old';

/**
 * lp-old "CPU usage" pruned after a handover that finished in a second apply: two backups, the one before the rename
 * (its name) and the newer one before the delete (the handover's temporary name). The first is written by a real
 * prune; the second is that backup as the second apply writes it, a moment later, under the temporary name.
 */
async function prunedAfterTwoApplyHandover() {
  const handle = await startTestSandbox({ grafanaVersion: '12' });
  const dir = await copyFixture('basic');
  await writeJson(dir, 'dashsync.config.json', { api: 'legacy', url: handle.url, prune: 'folders', include: ['ops'] });
  await writeJson(dir, 'dashboards/ops/_library/cpu.json', { uid: 'lp-old', name: 'CPU usage', kind: 1, model: { type: 'stat', title: 'CPU' } });
  await writeJson(dir, 'dashboards/ops/keep.json', { uid: 'keep', title: 'Keep', panels: [] });
  expect((await dashsync(dir, ['apply'])).code).toBe(0);
  await rm(join(dir, 'dashboards/ops/_library/cpu.json'));
  const pruned = await dashsync(dir, ['apply']);
  expect([pruned.code, pruned.stderr]).toEqual([0, '']);
  const [first] = await readdir(join(dir, BACKUPS));
  const backup = JSON.parse(await readFile(join(dir, BACKUPS, first!), 'utf8'));
  backup.element.name = 'lp-old (being replaced by lp-new)';
  backup.version = 2;
  backup.deletedAt = '2099-01-01T00:00:00.000Z';
  await writeFile(join(dir, BACKUPS, '2099-01-01T00-00-00-000Z-v2.json'), JSON.stringify(backup));
  return { handle, dir, folderUid: backup.folderUid as string };
}

describe('restore of the old panel of a handover that finished in a second apply', () => {
  it('comes back under its name before the handover when that name is free in its folder, saying so', async () => {
    const { handle, dir } = await prunedAfterTwoApplyHandover();
    const run = await dashsync(dir, ['restore', 'lp-old']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout.split('\n')[0]).toMatch(
      /^restored library panel lp-old "CPU usage" from \.dashsync\/backups\/library-panels\/lp-old\/2099-01-01T00-00-00-000Z-v2\.json into folder "[^"]+" \(\S+\), now version 1; under its name before the handover \(the backup, taken before its delete, holds "lp-old \(being replaced by lp-new\)"\)$/,
    );
    expect((await apiRequest(handle, 'GET', '/api/library-elements/lp-old')).body.result.name).toBe('CPU usage');
  });

  it('is refused, naming the new panel, when that panel holds its name before the handover: never restored under the temporary name', async () => {
    const { handle, dir, folderUid } = await prunedAfterTwoApplyHandover();
    const created = await apiRequest(handle, 'POST', '/api/library-elements', { uid: 'lp-new', name: 'CPU usage', kind: 1, folderUid, model: { type: 'stat', title: 'CPU' } });
    expect(created.status).toBe(200);
    const dryRun = await dashsync(dir, ['restore', '--all', '--dry-run']);
    expect(dryRun.code).toBe(1);
    expect(dryRun.stdout).toMatch(/^would not restore library panel lp-old "CPU usage" \(backed up 2099-01-01T00:00:00\.000Z\): library panel lp-new is named "CPU usage" in folder /m);
    expect(dryRun.stdout).toContain('Dry run: nothing was restored. Without --dry-run, 1 of the uids above would not be restored and the run would fail (exit 1).');
    const run = await dashsync(dir, ['restore', 'lp-old']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(
      /^error: cannot restore library panel lp-old: library panel lp-new is named "CPU usage" in folder "[^"]+" \(\S+\), and Grafana allows a name once per folder; rename or move lp-new, then run restore again \("CPU usage" is its name before a handover; its newest backup holds the handover's temporary name "lp-old \(being replaced by lp-new\)", which restore does not give it\)$/,
    );
    expect((await apiRequest(handle, 'GET', '/api/library-elements/lp-old')).status).toBe(404);
  });

  it('says it kept the temporary name when no earlier backup holds the name before the handover', async () => {
    const { handle, dir } = await prunedAfterTwoApplyHandover();
    for (const name of await readdir(join(dir, BACKUPS))) if (!name.startsWith('2099')) await rm(join(dir, BACKUPS, name));
    const run = await dashsync(dir, ['restore', 'lp-old']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout.split('\n')[0]).toMatch(
      /^restored library panel lp-old "lp-old \(being replaced by lp-new\)" from \S+ into folder "[^"]+" \(\S+\), now version 1; under a handover's temporary name, as its backup holds it: no earlier backup of it holds its name before the handover \(rename it in Grafana\)$/,
    );
    expect((await apiRequest(handle, 'GET', '/api/library-elements/lp-old')).body.result.name).toBe('lp-old (being replaced by lp-new)');
  });
});
