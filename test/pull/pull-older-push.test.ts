import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, commitAndApplyTwo, dashsync, editInUi, git } from './pull-fixture.js';

// pull-44: pull looked for dashsync's push among a dashboard's last 10 versions and the pushed content among the file's last
// 5 commits; past either, it could not tell and took Grafana's version over a committed change not applied yet.

/** The history requests of one dashboard (`/api` versions list or `/apis` history LIST); the first version's own read apart. */
function historyReads(handle: SandboxHandle, uid: string): string[] {
  return handle
    .requests()
    .map((entry) => entry.path)
    .filter((path) => path.startsWith(`/api/dashboards/uid/${uid}/versions?`) || (path.includes('get-history') && path.includes(`metadata.name%3D${uid}`)));
}

/** The reads of one version of `uid` on its own (`GET /api/dashboards/uid/:uid/versions/:version`). */
function oneVersionReads(handle: SandboxHandle, uid: string): string[] {
  return handle
    .requests()
    .map((entry) => entry.path)
    .filter((path) => new RegExp(`^/api/dashboards/uid/${uid}/versions/\\d+$`).test(path));
}

/** Two dashboards applied by dashsync from one commit; the file of `work` then changes in `commits` more commits. */
async function setUp(grafanaVersion: '11.2' | '13', commits: number): Promise<{ handle: SandboxHandle; dir: string; file: string; mine: string }> {
  const handle = await startTestSandbox({ grafanaVersion });
  const { dir, file } = await commitAndApplyTwo(handle);
  let mine = '';
  for (let commit = 1; commit <= commits; commit += 1) {
    mine = (await readFile(file, 'utf8')).replace(/"title": "Workloads[^"]*"/, `"title": "Workloads (PR ${commit})"`);
    await writeFile(file, mine);
    await commitAll(dir, `pr: workloads ${commit}`);
  }
  return { handle, dir, file, mine };
}

describe.each(['11.2', '13'] as const)('pull of a committed change whose push is older than the first reads (Grafana %s)', (grafanaVersion) => {
  it('finds dashsync\'s push under 10 later UI saves with one more history request, and refuses the file; one under a single save costs one less', async () => {
    const { handle, dir, file, mine } = await setUp(grafanaVersion, 1);
    const pr = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    for (let edit = 1; edit <= 10; edit += 1) await editInUi(handle, 'work', `UI edit ${edit}`);
    await editInUi(handle, 'calm', 'Calm, edited in the UI');
    handle.clearRequests();

    const pulled = await dashsync(handle, dir, ['pull']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    expect(pulled.stdout).toMatch(
      new RegExp(`^refused +dashboards/work\\.json: changed on both sides since dashsync applied version 1: in git by ${pr}, not applied yet, and in Grafana \\(version 11 by `, 'm'),
    );
    expect(await readFile(file, 'utf8')).toBe(mine);
    expect(pulled.stdout).toMatch(/^updated +dashboards\/calm\.json$/m);
    // Who saved last (limit 1), the last 10 versions, then the rest of what Grafana keeps (20 by default; on /apis the next
    // page): one request more for work than for calm, whose push the first 10 hold. Then the 9 versions between the push and
    // the live one, to find a commit holding one (pull-49): one more list of whole versions, 11 on /apis (from the live one, at
    // its resourceVersion), 10 on /api (the list's rows carry each version's data: no GET …/versions/:n each, as before).
    const reads = historyReads(handle, 'work');
    expect(reads, reads.join('\n')).toHaveLength(4);
    expect(reads[2]).toMatch(grafanaVersion === '13' ? /limit=90&continue=/ : /limit=100$/);
    expect(reads[3]).toMatch(grafanaVersion === '13' ? /\?limit=11&labelSelector=/ : /\?limit=10$/);
    // Read on its own: only the push's version 1, for its message (the list shows a first version's as "Initial save").
    expect(oneVersionReads(handle, 'work')).toEqual(grafanaVersion === '13' ? [] : ['/api/dashboards/uid/work/versions/1']);
    expect(historyReads(handle, 'calm')).toHaveLength(2);
  });

  it('refuses a file whose last 5 commits all came after the push (none holds what was pushed); a file with one commit is still updated', async () => {
    const { handle, dir, file, mine } = await setUp(grafanaVersion, 5);
    await editInUi(handle, 'work', 'Edited in the Grafana UI');
    await editInUi(handle, 'calm', 'Calm, edited in the UI');

    const pulled = await dashsync(handle, dir, ['pull']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    expect(pulled.stdout).toMatch(
      new RegExp(
        "^refused +dashboards/work\\.json: changed in Grafana \\(version 2 by [^)]+\\) over dashsync's push of version 1, which none of the file's last 5 commits holds " +
          '\\(pushed before them, from another branch or clone, or with other inputs\\): pull cannot tell whether your commits since are applied\\. ' +
          "To merge by hand, run: dashsync pull --force work && git commit -m 'pull work from Grafana' -- dashboards/work\\.json && git checkout -p [0-9a-f]{12} -- dashboards/work\\.json && " +
          "git commit -m 'work: merge [0-9a-f]{12} with the pulled version' -- dashboards/work\\.json \\(git checkout -p asks, for each difference, whether to take your line back \\(y\\) or keep Grafana's \\(n\\)\\)",
        'm',
      ),
    );
    expect(await readFile(file, 'utf8')).toBe(mine);
    expect(pulled.stdout).toMatch(/^updated +dashboards\/calm\.json$/m);

    const forced = await dashsync(handle, dir, ['pull', '--force', 'work']);
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(await git(dir, 'diff', '--', 'dashboards/work.json')).toContain('-  "title": "Workloads (PR 5)"');
  });
});
