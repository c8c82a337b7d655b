import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { copyFixture, dashsync, lines, saveLive, seedLive, writeJson } from '../plan/plan-fixture.js';

// Each test runs the CLI (in-process) several times.
vi.setConfig({ testTimeout: 120_000 });

const EXPERIMENTS = deriveFolderUid('experiments');
const SCRATCH = deriveFolderUid('scratch');

/**
 * The platform team's usual setup: one tree, and production leaves out `experiments/` and
 * `scratch/` (staging-only dashboards, whose datasource production does not even map), with
 * prune on. Production's Grafana holds the basic tree, an experiments folder from before the
 * exclude (one dashboard whose file is still in the tree, one whose file was deleted), an
 * empty scratch folder, and a stray dashboard in a managed folder.
 */
async function productionWithExclude(handle: SandboxHandle): Promise<string> {
  const dir = await copyFixture('basic');
  await writeJson(dir, 'dashsync.config.json', {
    api: 'legacy',
    inputs: { DS_PROMETHEUS: 'prom-main' },
    prune: 'folders',
    environments: {
      staging: { inputs: { DS_LOKI_STAGING: 'loki-staging' } },
      production: { exclude: ['experiments/**', 'scratch'] },
    },
  });
  await writeJson(dir, 'dashboards/experiments/exp-1.json', { uid: 'exp-1', title: 'Experiment 1', panels: [{ id: 1, datasource: { uid: '${DS_LOKI_STAGING}' } }] });
  await writeJson(dir, 'dashboards/scratch/idea.json', { uid: 'idea', title: 'Idea', panels: [] });

  await seedLive(handle, dir);
  await apiRequest(handle, 'POST', '/api/folders', { uid: EXPERIMENTS, title: 'experiments' });
  await apiRequest(handle, 'POST', '/api/folders', { uid: SCRATCH, title: 'scratch' });
  await saveLive(handle, { uid: 'exp-1', title: 'Experiment 1', panels: [] }, EXPERIMENTS, 'dashsync: abc before the exclude');
  await saveLive(handle, { uid: 'exp-gone', title: 'Experiment gone', panels: [] }, EXPERIMENTS, 'dashsync: abc before the exclude');
  await saveLive(handle, { uid: 'stray-infra', title: 'Stray in infra', panels: [] }, 'infra', 'ui');
  return dir;
}

const exists = async (handle: SandboxHandle, path: string) => (await apiRequest(handle, 'GET', path)).status === 200;

describe('prune in an environment with its own exclude', () => {
  it('deletes only what no file of the tree claims, keeps the excluded files\' dashboards and folders, and says how many it left alone', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await productionWithExclude(handle);

    const applied = await dashsync(handle, dir, ['apply', '--env', 'production']);

    expect(applied.stderr).toBe('');
    const out = lines(applied.stdout);
    expect(out.filter((line) => line.startsWith('- '))).toEqual([
      // mend-walk-19b (audit-ux-19 F-12): the line says why a dashboard in an excluded directory's folder is pruned.
      '- delete        "Experiment gone" (uid exp-gone, live version 1) in "experiments"; no file in the tree; its folder is that of dashboards/experiments, which environment "production"\'s exclude in dashsync.config.json leaves out: prune keeps the folder and deletes what no file holds in it (backed up before delete)',
      '- delete        "Stray in infra" (uid stray-infra, live version 1) in "Infrastructure"; no file in the tree (backed up before delete)',
    ]);
    expect(out).toContain("Plan: 0 to create, 0 to update, 0 to move, 2 to delete, 3 unchanged, 1 not pruned (its file is outside environment production's selection).");
    expect(applied.code).toBe(0);

    // exp-1's file is only outside production's selection: it stays, and so do both folders whose directories are still in the tree.
    expect(await exists(handle, '/api/dashboards/uid/exp-1')).toBe(true);
    expect(await exists(handle, '/api/dashboards/uid/exp-gone')).toBe(false);
    expect(await exists(handle, '/api/dashboards/uid/stray-infra')).toBe(false);
    expect(await exists(handle, `/api/folders/${EXPERIMENTS}`)).toBe(true);
    expect(await exists(handle, `/api/folders/${SCRATCH}`)).toBe(true);
    expect((await readdir(join(dir, '.dashsync/backups/production'), { recursive: true })).filter((name) => name.endsWith('.json')).length).toBe(2);

    const again = await dashsync(handle, dir, ['plan', '--env', 'production', '--detailed-exitcode', '--format', 'json']);
    expect([again.code, again.stderr]).toEqual([0, '']);
    expect(JSON.parse(again.stdout).summary).toMatchObject({ delete: 0, unchanged: 3, outsideSelection: 1, folderDelete: 0 });
  });

  it('with nothing left to apply, the nothing-to-apply line still counts what prune left alone, for a plan made now and a saved one', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await productionWithExclude(handle);
    expect((await dashsync(handle, dir, ['apply', '--env', 'production'])).code).toBe(0);
    const notPruned = "1 not pruned (its file is outside environment production's selection)";

    const again = await dashsync(handle, dir, ['apply', '--env', 'production']);

    expect([again.code, again.stderr]).toEqual([0, '']);
    expect(lines(again.stdout).slice(-2)).toEqual([`Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 3 unchanged, ${notPruned}.`, `Nothing to apply: Grafana already matches the tree; ${notPruned}.`]);

    const saved = await dashsync(handle, dir, ['plan', '--env', 'production', '--out', 'plan.json']);
    expect(saved.code, saved.stderr).toBe(0);
    const applied = await dashsync(handle, dir, ['apply', '--env', 'production', 'plan.json']);

    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(lines(applied.stdout)).toEqual([`Nothing to apply: the saved plan has no changes; ${notPruned}.`]);
    const json = await dashsync(handle, dir, ['plan', '--env', 'production', '--format', 'json']);
    expect(JSON.parse(json.stdout).summary).toMatchObject({ create: 0, update: 0, move: 0, delete: 0, outsideSelection: 1 });
  });

  it('a broken staging-only file stops production\'s prune with one line naming it; production without prune still plans', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await productionWithExclude(handle);
    await writeFile(join(dir, 'dashboards/experiments/exp-2.json'), '{"uid": "exp-2", "title": "Half saved"');
    handle.clearRequests();

    const refused = await dashsync(handle, dir, ['apply', '--env', 'production']);

    expect(lines(refused.stderr)).toEqual([
      'dashboards/experiments/exp-2.json:1:39: error: outside this run\'s selection (environment "production"\'s exclude in dashsync.config.json), ' +
        'yet prune needs the uid of every file of the tree, and this one names none (unexpected end of file (missing closing brace for the "{" at line 1, col 1)); ' +
        'fix it (dashsync check --env production), or run without prune (prune-needs-uid)',
      'error: 1 error in the dashboards tree; nothing was sent to Grafana. Fix the files above and run again.',
    ]);
    expect([refused.code, refused.stdout]).toEqual([1, '']);
    expect(handle.requests()).toEqual([]);

    const withoutPrune = await dashsync(handle, dir, ['plan', '--env', 'production', '--no-prune', '--detailed-exitcode']);
    expect([withoutPrune.code, withoutPrune.stderr]).toEqual([0, '']);
  });
});
