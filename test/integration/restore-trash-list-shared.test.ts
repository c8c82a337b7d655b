import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { planRestores } from '../../src/apply/plan-restores.js';
import { trashEntriesListed } from '../../src/grafana/trash-listing.js';
import { runRestores, type RestoreEvent } from '../../src/apply/run-restores.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { createGrafanaPort } from '../../src/grafana/create-grafana-port.js';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { appliedExample } from '../helpers/applied-example.js';
import { pruneAway } from '../e2e/apply/restore-fixture.js';
import { commitAll } from '../pull/pull-fixture.js';

// Each case applies, prunes and restores (the CLI in-process) against one sandbox.
vi.setConfig({ testTimeout: 120_000 });

const POSTGRES = 'dashboards/platform/databases/postgresql.json';
const PG = 'postgresql-overview';
const REDIS = 'redis-exporter';

const trashLists = (sandbox: SandboxHandle) => sandbox.requests().filter((entry) => entry.method === 'GET' && decodeURIComponent(entry.path).includes('get-trash=true')).length;

/**
 * Grafana 13, the example tree applied through /apis; an Editor's token (`editor`) pruned redis-exporter (its own entry in
 * "Recently deleted"), the admin pruned postgresql-overview (an entry the Editor is not shown). Both are backed up.
 */
async function twoPrunes() {
  const { sandbox, workspace } = await appliedExample({ grafanaVersion: '13' }, 'auto');
  const editor = { GRAFANA_TOKEN: await sandbox.createToken('Editor'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
  await pruneAway(workspace, POSTGRES);
  await commitAll(workspace.dir);
  await rm(join(workspace.dir, 'dashboards/platform/databases/redis.json'));
  const pruned = await workspace.cli(['apply', '--prune'], editor);
  expect([pruned.code, pruned.stderr]).toEqual([0, '']);
  return { sandbox, workspace, editor };
}

// Stop 67 §12: a dry run listed "Recently deleted" for its previews, and again for the hidden-trash check that followed;
// `restore --all` listed it for its refusals and the note of the tree's dashboards there, and again for that check.
describe('restore lists "Recently deleted" once per run until the run changes it (Grafana 13, an Editor\'s token)', () => {
  it('a dry run of a uid the Editor cannot see there: one listing, for its preview and the hidden-trash refusal alike', async () => {
    const { sandbox, workspace, editor } = await twoPrunes();
    sandbox.clearRequests();
    const dry = await workspace.cli(['restore', PG, REDIS, '--dry-run'], editor);
    expect([dry.code, dry.stdout.split('\n').slice(0, 2)]).toEqual([
      1,
      [expect.stringMatching(new RegExp(`^would not restore ${PG}: Grafana's "Recently deleted" shows these credentials only`)), expect.stringMatching(new RegExp(`^would restore ${REDIS} .*"Recently deleted"`))],
    ]);
    expect(trashLists(sandbox)).toBe(1);
  });

  it('restore --all: one listing in the run, for its refusals, its note and each take-back alike', async () => {
    const { sandbox, workspace, editor } = await twoPrunes();
    sandbox.clearRequests();
    const run = await workspace.cli(['restore', '--all'], editor);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^restored ${REDIS} "Redis" from Grafana's "Recently deleted" `, 'm'));
    expect(run.stderr).toMatch(new RegExp(`^error: cannot restore ${PG}: Grafana's "Recently deleted" shows these credentials only`, 'm'));
    const requests = sandbox.requests();
    const firstWrite = requests.findIndex((entry) => entry.method !== 'GET');
    const isTrashList = (entry: (typeof requests)[number]) => entry.method === 'GET' && decodeURIComponent(entry.path).includes('get-trash=true');
    // Before the first write: the header's one listing (its refusal of postgresql and the note alike; the old code listed it
    // twice), which each take-back reads too (postgresql's finds nothing it may see; redis's is refused for its folder,
    // gone); they each listed it again (rev-68c L4).
    expect(requests.slice(0, firstWrite).filter(isTrashList)).toHaveLength(1);
    // After it, redis's take-back into its folder created again finds its entry in that listing, which nothing changed.
    expect(trashLists(sandbox)).toBe(1);
  });

  it('a restore that takes an entry out of "Recently deleted" leaves no stale listing behind: the kept one loses exactly that entry, not listed again', async () => {
    const { sandbox, workspace } = await twoPrunes();
    const settings = await loadSettings({ flags: { api: 'auto' }, env: { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' }, cwd: workspace.dir });
    const grafana = await createGrafanaPort(settings, { warn: () => {}, info: () => {}, env: {} });
    onTestFinished(() => grafana.close());
    // As restore's run keeps it: one listing for its readers and take-backs.
    grafana.keepRecentlyDeleted();
    sandbox.clearRequests();
    expect([...(trashEntriesListed(await grafana.recentlyDeletedEntries()) ?? new Map()).keys()].sort()).toEqual([PG, REDIS]);
    expect([...(trashEntriesListed(await grafana.recentlyDeletedEntries()) ?? new Map()).keys()].sort()).toEqual([PG, REDIS]);
    expect(trashLists(sandbox)).toBe(1);

    const events: RestoreEvent[] = [];
    const targets = await planRestores([REDIS], { grafana, backupDir: settings.backupDir, cwd: workspace.dir });
    await runRestores(targets, { grafana, backupDir: settings.backupDir, message: 'dashsync: restore', cwd: workspace.dir, onEvent: (event) => events.push(event) });
    expect(events.map((event) => (event.kind === 'dashboard' ? event.outcome.kind : event.kind))).toEqual(['restored-from-trash']);
    const before = trashLists(sandbox);
    expect([...(trashEntriesListed(await grafana.recentlyDeletedEntries()) ?? new Map()).keys()]).toEqual([PG]);
    expect(trashLists(sandbox)).toBe(before);
  });
});
