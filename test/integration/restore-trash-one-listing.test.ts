import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { appliedExample, pruneAway } from '../e2e/apply/restore-fixture.js';
import { adminHeaders, apiRequest } from '../helpers/sandbox.js';
import { startTrashFailingProxy } from '../helpers/trash-failing-proxy.js';
import { NO_RETRY_WAITS } from '../helpers/run-cli.js';

// Each case applies the example tree, prunes and restores (the CLI in-process) against one Grafana 13 sandbox, through /apis.
vi.setConfig({ testTimeout: 180_000 });

const PRUNED = ['postgresql-overview', 'redis-exporter'];
const DELETED_IN_UI = 'k8s-cluster-overview';
const HELD = 'platform-overview';

const isTrashList = (entry: ReturnType<SandboxHandle['requests']>[number]) => entry.method === 'GET' && decodeURIComponent(entry.path).includes('get-trash=true');

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The example applied; its databases directory pruned (its dashboards backed up, then their folder deleted); one dashboard deleted in Grafana. */
async function prunedAndDeleted() {
  const { sandbox, workspace } = await appliedExample('13', 'auto');
  await pruneAway(workspace, 'dashboards/platform/databases');
  expect((await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${DELETED_IN_UI}`, undefined, adminHeaders())).status).toBe(200);
  return { sandbox, workspace };
}

// fixt-70 (stop 69 §12): the port kept one listing of "Recently deleted" for restore's take-backs (KeptTrash) and apply's
// module kept another of the same list for its readers (recentlyDeletedOnce), each with its own copy of the rules that keep
// it true. One cache now: the port's. The listings a run makes, counted from the sandbox's request log, are as before.
describe('restore keeps one listing of "Recently deleted" for its readers and its take-backs (Grafana 13, /apis)', () => {
  it('a dry run and a run of taken-back, refolded, UI-deleted and held uids: one listing each; every one back', async () => {
    const { sandbox, workspace } = await prunedAndDeleted();
    const uids = [...PRUNED, DELETED_IN_UI, HELD];

    sandbox.clearRequests();
    const dry = await workspace.cli(['restore', ...uids, '--dry-run']);
    expect([dry.code, dry.stderr]).toEqual([0, '']);
    expect(sandbox.requests().filter(isTrashList)).toHaveLength(1);

    sandbox.clearRequests();
    const run = await workspace.cli(['restore', ...uids]);
    expect([run.code, run.stderr]).toEqual([0, '']);
    // The pruned ones go back into their folder, created again for the first of them (its take-back answered 404 for
    // the folder, which changes nothing in the list), the UI-deleted one too: all from the one listing.
    expect(run.stdout.split('\n').filter((line) => line.startsWith('restored ')).map((line) => line.split(' ')[1]).sort()).toEqual([...PRUNED, DELETED_IN_UI].sort());
    expect(sandbox.requests().filter(isTrashList)).toHaveLength(1);
    for (const uid of uids) expect((await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${uid}`, undefined, adminHeaders())).status).toBe(200);
  });

  it('restore --all after the prune: one listing for its header, refusals, note and take-backs', async () => {
    const { sandbox, workspace } = await prunedAndDeleted();
    sandbox.clearRequests();
    const run = await workspace.cli(['restore', '--all']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('restored ')).map((line) => line.split(' ')[1]).sort()).toEqual([...PRUNED].sort());
    expect(sandbox.requests().filter(isTrashList)).toHaveLength(1);
  });

  // fixt-71 (stop 70 §8.9): --over-recently-deleted without --from-backup lists "Recently deleted" all the same, because the
  // answer decides what restore does: it takes a dashboard back from there first (with its id), and /apis finds a deleted
  // dashboard only in that list; the flag only lets a backup go in where the list may hide a newer copy. It reads nothing more
  // than the run without it, and the run reads no deleter's name (only a dry run's lines show them).
  it('restore --all --over-recently-deleted: the one listing, the same requests as without the flag, no deleter named', async () => {
    const [plain, over] = await Promise.all([prunedAndDeleted(), prunedAndDeleted()]);
    const requestsOf = async ({ sandbox, workspace }: Awaited<ReturnType<typeof prunedAndDeleted>>, args: string[]) => {
      sandbox.clearRequests();
      const run = await workspace.cli(args);
      expect([run.code, run.stderr]).toEqual([0, '']);
      expect(run.stdout.split('\n').filter((line) => line.startsWith('restored ')).map((line) => line.split(' ')[1]).sort()).toEqual([...PRUNED].sort());
      return sandbox.requests();
    };
    const without = await requestsOf(plain, ['restore', '--all']);
    const withFlag = await requestsOf(over, ['restore', '--all', '--over-recently-deleted']);
    expect(withFlag.filter(isTrashList)).toHaveLength(1);
    const shown = (requests: typeof without) => requests.map((entry) => `${entry.method} ${decodeURIComponent(entry.path)}`).sort();
    expect(shown(withFlag)).toEqual(shown(without));
    expect(shown(withFlag).filter((request) => request.includes('/display'))).toEqual([]);
  });

  // restl-69: where the list failed, the run's own error was the bare request failure (`GET /apis/… failed: HTTP 500: …`),
  // and each uid listed it again, retries and all.
  it('where the list fails: each uid says what failed and what to do, in one line; the list is asked once in the run, as in its dry run', async () => {
    const { sandbox, workspace } = await prunedAndDeleted();
    const proxy = await startTrashFailingProxy(sandbox.url);
    const env = { GRAFANA_URL: proxy.url, ...NO_RETRY_WAITS };
    const uids = PRUNED;
    // Their backups were taken through the sandbox's own URL.
    const source = ['--backup-source', sandbox.url];

    const dry = await workspace.cli(['restore', ...uids, ...source, '--dry-run'], env);
    const listedByDryRun = proxy.failed();
    sandbox.clearRequests();
    const run = await workspace.cli(['restore', ...uids, ...source], env);
    expect(proxy.failed() - listedByDryRun).toBe(listedByDryRun);

    const failure = 'GET /apis/dashboard.grafana.app/';
    const line = (uid: string) =>
      new RegExp(
        `^${escape(`Grafana's "Recently deleted" could not be listed (${failure}`)}\\S+ failed: HTTP 500: the trash query timed out${escape(`), and restore asks it before it takes a backup: ${uid} is not restored while the list fails (nothing is written for it); run the same command again once the list can be read`)}$`,
      );
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter((text) => text.startsWith('error: cannot restore ')).map((text) => text.replace(/^error: cannot restore \S+: /, ''))).toEqual(uids.map((uid) => expect.stringMatching(line(uid))));
    expect(dry.stdout.split('\n').filter((text) => text.startsWith('would not restore ')).map((text) => text.replace(/^would not restore \S+: /, ''))).toEqual(uids.map((uid) => expect.stringMatching(line(uid))));
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/token|password/i);
    // Nothing was written: no folder made for them, nothing taken back.
    expect(sandbox.requests().filter((entry) => entry.method !== 'GET').map((entry) => `${entry.method} ${entry.path}`)).toEqual([]);
  });
});
