import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { exampleWorkspace, useApi } from './workspace.js';

// Every test spawns the CLI several times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

const SLO = 'dashboards/applications/checkout/checkout-slo.json';
const REDIS = 'dashboards/platform/databases/redis.json';
const MYSQL = 'dashboards/platform/databases/mysql.json';

/** The example tree (resource files too) applied through `api: auto`. */
async function appliedResources(grafanaVersion: string) {
  const sandbox = await startTestSandbox({ grafanaVersion });
  const workspace = await exampleWorkspace(sandbox, { resources: true });
  await useApi(workspace, 'auto');
  const applied = await workspace.cli(['apply']);
  expect(applied.stderr).toBe('');
  expect(applied.code).toBe(0);
  return { sandbox, workspace };
}

/** Moves the files out of the tree (a prune deletes their dashboards); the returned function puts them back. */
async function takeOut(dir: string, files: string[]): Promise<() => Promise<void>> {
  const aside = await mkdtemp(join(tmpdir(), 'dashsync-aside-'));
  onTestFinished(() => rm(aside, { recursive: true, force: true }));
  for (const [index, file] of files.entries()) {
    await copyFile(join(dir, file), join(aside, String(index)));
    await rm(join(dir, file));
  }
  return async () => {
    for (const [index, file] of files.entries()) await copyFile(join(aside, String(index)), join(dir, file));
  };
}

describe('restore --api legacy of a v2 dashboard backup', () => {
  it('is one ordinary error line naming the uid, the backup and what to do, and the other uids are still restored', async () => {
    const { workspace } = await appliedResources('13');
    await takeOut(workspace.dir, [SLO, REDIS]);
    const pruned = await workspace.cli(['apply', '--prune']);
    expect(pruned.code).toBe(0);
    const [backup] = await readdir(join(workspace.dir, '.dashsync/backups/checkout-slo'));

    const restored = await workspace.cli(['restore', 'checkout-slo', 'redis-exporter', '--api', 'legacy']);
    expect(restored.stderr).toBe(
      `error: cannot restore checkout-slo: its backup .dashsync/backups/checkout-slo/${backup} is a v2 dashboard (dashboard.grafana.app/v2beta1), ` +
        'which only Grafana\'s /apis can write, and this run uses /api only (api "legacy"): run restore with --api auto (the default) or k8s\n',
    );
    expect(restored.stdout).toMatch(/^restored redis-exporter from \.dashsync\/backups\/redis-exporter\/[^ ]+\.json into folder /);
    expect(restored.code).toBe(1);

    // What the line says to do works.
    const again = await workspace.cli(['restore', 'checkout-slo']);
    expect(again.stderr).toBe('');
    expect(again.stdout).toBe('restored checkout-slo from Grafana\'s "Recently deleted"\n');
  });
});
