import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, git, lines, makeWorkDir } from './pull-fixture.js';
import { writeJson } from '../e2e/plan/plan-fixture.js';

vi.setConfig({ testTimeout: 60_000 });

/** Per repository: past readDashboards' RELIST_FROM (20) together, so that the pull takes every dashboard from its listing. */
const EACH = 12;
/** A GET of one dashboard through `/apis` (not a list page). */
const ONE_DASHBOARD = /^\/apis\/dashboard\.grafana\.app\/[^/]+\/namespaces\/[^/]+\/dashboards\/([^/?]+)$/;
/** A history list of one dashboard through `/apis`: the uid it names. */
const HISTORY_OF = /^\/apis\/dashboard\.grafana\.app\/[^/]+\/namespaces\/[^/]+\/dashboards\?.*labelSelector=grafana\.app%2Fget-history%3Dtrue.*metadata\.name%3D([^&]+)/;

const board = (uid: string, title: string) => ({ uid, title, panels: [], schemaVersion: 39 });

/** A repository of `EACH` dashboards `<prefix>-<n>` committed and applied with `api` (config): its commit, 12 digits. */
async function applyRepository(handle: SandboxHandle, prefix: string, api: 'k8s' | 'auto'): Promise<string> {
  const dir = await makeWorkDir();
  await writeJson(dir, 'dashsync.config.json', { root: 'dashboards', api });
  for (let n = 0; n < EACH; n++) await writeJson(dir, `dashboards/${prefix}-${n}.json`, board(`${prefix}-${n}`, `${prefix} ${n}`));
  await commitAll(dir, prefix);
  const applied = await dashsync(handle, dir, ['apply', '--auto-approve']);
  expect(applied.code, applied.stderr).toBe(0);
  return (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
}

describe("a first pull of another repository's dashboards on Grafana 13 (pull13-70)", () => {
  it('names their commits from the listing it pulls from: no read of each dashboard, a history list only where no push record of dashsync names the commit', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    // Pushed through /apis: dashsync's record of each push carries its message. Through /api (`api: auto`, classic dashboards
    // without labels): no record, so the history tells.
    const recorded = await applyRepository(handle, 'apis', 'k8s');
    const unrecorded = await applyRepository(handle, 'legacy', 'auto');

    const ours = await makeWorkDir();
    await writeJson(ours, 'dashsync.config.json', { root: 'dashboards' });
    await commitAll(ours, 'config');
    const from = handle.requests().length;
    const pulled = await dashsync(handle, ours, ['pull']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)).toContain(`Pull: ${2 * EACH} created, 0 updated, 0 moved, 0 unchanged, 0 deleted.`);
    expect(existsSync(join(ours, 'dashboards/apis-0.json'))).toBe(true);
    expect(existsSync(join(ours, 'dashboards/legacy-0.json'))).toBe(true);
    const commits = [recorded, unrecorded].sort().join(', ');
    expect(pulled.stderr).toContain(`note: ${2 * EACH} dashboards were last pushed by dashsync from commits ${commits}, which this repository does not have (not fetched yet, or another repository's)`);

    const paths = handle.requests().slice(from).filter((entry) => entry.method === 'GET').map((entry) => entry.path);
    expect(paths.filter((path) => ONE_DASHBOARD.test(path))).toEqual([]);
    const histories = paths.flatMap((path) => HISTORY_OF.exec(path)?.[1] ?? []);
    expect(histories.sort()).toEqual(Array.from({ length: EACH }, (_, n) => `legacy-${n}`).sort());
  });
});

describe("a first pull of another repository's dashboards through /api (pull13-70)", () => {
  it('reads each dashboard once, for its file; the note takes its newest save from that read', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const theirs = await applyRepository(handle, 'old', 'auto');

    const ours = await makeWorkDir();
    await writeJson(ours, 'dashsync.config.json', { root: 'dashboards', api: 'legacy' });
    await commitAll(ours, 'config');
    const from = handle.requests().length;
    const pulled = await dashsync(handle, ours, ['pull']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)).toContain(`Pull: ${EACH} created, 0 updated, 0 moved, 0 unchanged, 0 deleted.`);
    expect(pulled.stderr).toContain(`note: ${EACH} dashboards were last pushed by dashsync from commit ${theirs}, which this repository does not have (not fetched yet, or another repository's)`);

    const reads = handle
      .requests()
      .slice(from)
      .filter((entry) => entry.method === 'GET')
      .flatMap((entry) => /^\/api\/dashboards\/uid\/([^/?]+)$/.exec(entry.path)?.[1] ?? []);
    expect(reads.sort()).toEqual(Array.from({ length: EACH }, (_, n) => `old-${n}`).sort());
  });
});
