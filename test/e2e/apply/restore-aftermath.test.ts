import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { noFileLine } from '../../helpers/restore-lines.js';
import { exampleWorkspace, useApi } from './workspace.js';

// Every test spawns the CLI several times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

const SLO = 'dashboards/applications/checkout/checkout-slo.json';
const REDIS = 'dashboards/platform/databases/redis.json';
const MYSQL = 'dashboards/platform/databases/mysql.json';

/** The example tree (resource files too) applied through `api: auto`. */
async function appliedResources(grafanaVersion: '12' | '13') {
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
  it('is one ordinary error line naming the uid, the backup and what to do, and the other uids are still judged on their own', async () => {
    const { workspace } = await appliedResources('13');
    await takeOut(workspace.dir, [SLO, REDIS]);
    const pruned = await workspace.cli(['apply', '--prune']);
    expect(pruned.code).toBe(0);
    const [backup] = await readdir(join(workspace.dir, '.dashsync/backups/checkout-slo'));

    const restored = await workspace.cli(['restore', 'checkout-slo', 'redis-exporter', '--api', 'legacy']);
    const [v2Line, redisLine] = restored.stderr.split('\n');
    expect(v2Line).toBe(
      `error: cannot restore checkout-slo: its backup .dashsync/backups/checkout-slo/${backup} is a v2 dashboard (dashboard.grafana.app/v2beta1), ` +
        'which only Grafana\'s /apis can write, and this run uses /api only (api "legacy"): run restore with --api auto or k8s',
    );
    // redis-exporter, a classic dashboard, gets its own line: 13's "Recently deleted", which /api cannot read, may hold it (nl-62).
    expect(redisLine).toMatch(/^error: cannot restore redis-exporter: api "legacy" never reads \/apis, where Grafana 13 keeps "Recently deleted", /);
    expect([restored.stdout, restored.code]).toEqual(['Restore: 0 restored; 2 failed\n', 1]);

    // What the line says to do works.
    const again = await workspace.cli(['restore', 'checkout-slo']);
    expect(again.stderr).toBe('');
    expect(again.stdout).toBe(`restored checkout-slo "Checkout SLOs" from Grafana's "Recently deleted" into folder "checkout" (ds-checkout-52c08ff5), now version 1\n${noFileLine('checkout-slo')}`);
  });
});

describe.each([
  // 13: "Recently deleted" gives it back (a new object: new metadata.uid); unified storage migrates the classic schemaVersion 41 → 42.
  { grafanaVersion: '13' as const, file: MYSQL, uid: 'mysql-overview', title: 'MySQL Overview', from: 'Grafana\'s "Recently deleted"' },
  // 12: "Recently deleted" is off, so the backup is posted again; legacy SQL storage keeps no labels or annotations.
  { grafanaVersion: '12' as const, file: SLO, uid: 'checkout-slo', title: 'Checkout SLOs', from: '.dashsync/backups/checkout-slo/' },
  // 12, a classic resource file Grafana migrated: its backup holds no labels (legacy SQL storage kept none), yet it goes
  // back through /apis (not /api, where `auto` sends a classic dashboard without labels) with the push's content note.
  { grafanaVersion: '12' as const, file: MYSQL, uid: 'mysql-overview', title: 'MySQL Overview', from: '.dashsync/backups/mysql-overview/' },
])('after prune → restore → the file put back, on Grafana $grafanaVersion', ({ grafanaVersion, file, uid, title, from }) => {
  it(`${uid} plans unchanged, with no drift warning naming dashsync's own credentials`, async () => {
    const { workspace } = await appliedResources(grafanaVersion);
    const putBack = await takeOut(workspace.dir, [file]);
    expect((await workspace.cli(['apply', '--prune'])).code).toBe(0);
    const restored = await workspace.cli(['restore', uid]);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toContain(`restored ${uid} "${title}" from ${from}`);
    await putBack();

    const plan = await workspace.cli(['plan']);
    expect(plan.stderr).toBe('');
    expect(plan.stdout).not.toContain('drift');
    expect(plan.stdout).not.toContain(file);
    expect(plan.stdout).toMatch(/Plan: 0 to create, 0 to update, 0 to move, 0 to delete, \d+ unchanged(, \d+ with labels Grafana does not keep \(nothing to write\))?\./);
  });

  // The restore of someone else's save is not dashsync's push: the drift warning names that save and the restore (on 13
  // from "Recently deleted", on 12 from the backup, whose `held` records it: trash-64).
  it(`an edit made in Grafana before the prune still plans as an update after the restore`, async () => {
    const { sandbox, workspace } = await appliedResources(grafanaVersion);
    const edited = await apiRequest(sandbox, 'POST', '/__sandbox/ui-edit', { uid, user: 'editor', spec: { description: 'edited in Grafana' } });
    expect(edited.status).toBe(200);
    const putBack = await takeOut(workspace.dir, [file]);
    // --force: the prune deletes a dashboard edited in Grafana since dashsync pushed it, which an apply no one reviewed
    // keeps as a conflict otherwise (test/e2e/apply/unreviewed-prune-drift.test.ts).
    expect((await workspace.cli(['apply', '--prune', '--force'])).code).toBe(0);
    expect((await workspace.cli(['restore', uid])).stdout).toContain(`restored ${uid} "${title}" from ${from}`);
    await putBack();

    const plan = await workspace.cli(['plan']);
    expect(plan.stdout).toContain(`~ update        ${file}`);
    expect(plan.stdout).toContain('"edited in Grafana"');
    expect(plan.stdout).toMatch(new RegExp(`! drift: ${uid} "${title}" holds what editor saved in Grafana at \\S+ \\(version \\d+ before its delete\\), not a push of dashsync's; dashsync's restore took it back from ${grafanaVersion === '13' ? '"Recently deleted"' : 'a backup'} at `));
  });
});

// A stock 12.x keeps dashboards in legacy SQL storage, whose delete removes the row: with restoreDashboards on, its
// "Recently deleted" still stays empty (src/sandbox/README.md, "List, history, trash").
describe('prune and restore on legacy SQL storage (Grafana 12 with restoreDashboards)', () => {
  it('the prune says the dashboard is gone for good, and restore puts the pushed backup back: the file put back plans unchanged', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12', features: { restoreDashboards: true } });
    const workspace = await exampleWorkspace(sandbox, { resources: true });
    await useApi(workspace, 'auto');
    expect((await workspace.cli(['apply'])).code).toBe(0);
    const putBack = await takeOut(workspace.dir, [MYSQL]);
    const pruned = await workspace.cli(['apply', '--prune']);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain(
      '; Grafana deleted it for good (it keeps dashboards in its legacy SQL storage, which has no "Recently deleted"): the backup is the only copy\n',
    );
    expect(pruned.stdout).not.toContain('keeps it in "Recently deleted"');

    const restored = await workspace.cli(['restore', 'mysql-overview']);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toMatch(/^restored mysql-overview "MySQL Overview" from \.dashsync\/backups\/mysql-overview\/[^ ]+\.json into folder "databases" \(ds-databases-ea553557\), now version 1\n/);
    await putBack();
    const plan = await workspace.cli(['plan']);
    expect(plan.stdout).not.toContain('drift');
    expect(plan.stdout).toMatch(/Plan: 0 to create, 0 to update, 0 to move, 0 to delete, \d+ unchanged(, \d+ with labels Grafana does not keep \(nothing to write\))?\./);
  });
});

describe('a backup edited by hand before restore (Grafana 12, "Recently deleted" off)', () => {
  it('is restored as an ordinary save, not as dashsync\'s push: the file put back plans as an update showing the edit', async () => {
    const { workspace } = await appliedResources('12');
    const putBack = await takeOut(workspace.dir, [MYSQL]);
    expect((await workspace.cli(['apply', '--prune'])).code).toBe(0);
    const dir = join(workspace.dir, '.dashsync/backups/mysql-overview');
    const [name] = await readdir(dir);
    const backup = JSON.parse(await readFile(join(dir, name!), 'utf8'));
    expect(backup.pushed.modelSha256).toMatch(/^sha256:[0-9a-f]{64}$/);
    await writeFile(join(dir, name!), JSON.stringify({ ...backup, dashboard: { ...backup.dashboard, description: 'fixed in the backup' } }));

    const restored = await workspace.cli(['restore', 'mysql-overview']);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toMatch(
      /^restored mysql-overview "MySQL Overview" from \.dashsync\/backups\/mysql-overview\/[^ ]+\.json into folder "databases" \(ds-databases-ea553557\), now version \d+; the backup's dashboard is not the one dashsync backed up \(edited since\), so it went in as an ordinary save, not as dashsync's push: its file plans as an update\nmysql-overview has no file in the tree: a prune that covers it deletes it again; run dashsync pull mysql-overview to write it\n$/,
    );
    await putBack();
    const plan = await workspace.cli(['plan']);
    expect(plan.stdout).toContain(`~ update        ${MYSQL}`);
    expect(plan.stdout).toContain('"fixed in the backup"');
  });
});

describe('a backup taken on legacy SQL storage (a content note\'s short digest) restored onto unified storage', () => {
  it('carries the digest in the content note only: no push record holds a truncated digest', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const workspace = await exampleWorkspace(sandbox, { resources: true });
    await useApi(workspace, 'auto');
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await takeOut(workspace.dir, [MYSQL]);
    expect((await workspace.cli(['apply', '--prune'])).code).toBe(0);
    const dir = join(workspace.dir, '.dashsync/backups/mysql-overview');
    const [name] = await readdir(dir);
    const backup = JSON.parse(await readFile(join(dir, name!), 'utf8'));
    const short = backup.pushed.sha256.slice(0, 'sha256:'.length + 16);
    await writeFile(join(dir, name!), JSON.stringify({ ...backup, pushed: { ...backup.pushed, sha256: short } }));

    // Named, the backup is restored without asking "Recently deleted" (which keeps the dashboard on unified storage).
    const restored = await workspace.cli(['restore', 'mysql-overview', '--from-backup', join('.dashsync/backups/mysql-overview', name!)]);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toContain('restored mysql-overview "MySQL Overview" from .dashsync/backups/mysql-overview/');
    const object = await apiRequest(sandbox, 'GET', '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards/mysql-overview');
    expect(object.status).toBe(200);
    const annotations = object.body.metadata.annotations as Record<string, string>;
    expect(annotations['dashsync/pushed-sha256']).toBeUndefined();
    const history = await apiRequest(
      sandbox,
      'GET',
      '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards?labelSelector=grafana.app%2Fget-history%3Dtrue&fieldSelector=metadata.name%3Dmysql-overview&limit=1',
    );
    expect(history.body.items[0].metadata.annotations['grafana.app/message']).toContain(`[content ${short} by `);
  });
});
