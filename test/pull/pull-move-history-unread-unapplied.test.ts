import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxOptions } from '../../src/sandbox/types.js';
import { appliedExample } from '../helpers/applied-example.js';
import { refuseStaleDist } from '../helpers/run-cli.js';
import { apiRequest } from '../helpers/sandbox.js';
import { getDashboard } from '../e2e/apply/workspace.js';
import { commitAll, commitChange, git, lines } from './pull-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

const FILE = 'dashboards/platform/databases/redis.json';
const MOVED_TO = 'dashboards/caches/redis.json';

/**
 * The example tree applied through `/api` and committed, then a committed change of redis's description not applied yet. In
 * Grafana: a save with a message `/api`'s history cannot convert (Grafana 12 and 13 then fail the versions list whole: the
 * history cannot be listed), or with `versions_to_keep` 1 (trimmed: dashsync's push is no longer listed), then a save moving
 * the dashboard to a new folder Caches, its content as dashsync pushed it (`edit`: with that added).
 */
async function movedOverUnlistedHistory(grafanaVersion: '12' | '13', history: 'unreadable' | 'trimmed', edit: Record<string, unknown> = {}) {
  refuseStaleDist();
  const options: SandboxOptions = { grafanaVersion, ...(history === 'trimmed' && { versionsToKeep: 1 }) };
  const { sandbox, workspace } = await appliedExample(options, 'legacy');
  await commitAll(workspace.dir, 'tree');
  const change = await commitChange(workspace.dir, FILE, '"description": "redis_exporter dashboard', '"description": "reviewed: redis_exporter dashboard');
  const folder = await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'caches', title: 'Caches' });
  expect(folder.status, folder.text).toBe(200);
  const live = await getDashboard(sandbox, 'redis-exporter');
  const odd = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.dashboard, tags: ['draft'] }, folderUid: live.meta.folderUid, overwrite: true, message: history === 'unreadable' ? 'Restored from version 2b' : 'draft' });
  expect(odd.status, odd.text).toBe(200);
  const moved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.dashboard, ...edit, version: odd.body.version }, folderUid: 'caches', overwrite: true, message: 'moved to Caches' });
  expect(moved.status, moved.text).toBe(200);
  const versions = await apiRequest(sandbox, 'GET', '/api/dashboards/uid/redis-exporter/versions?limit=10');
  if (history === 'unreadable') expect(versions.status).toBe(404);
  else expect(versions.body.versions ?? versions.body).toHaveLength(1);
  return { sandbox, workspace, change };
}

// nl-59 (stop 58 §10.2): on a move whose history Grafana could not list, pull took Grafana's folder and content at once (the
// moved-only line and a note that it could not tell which side moved it), over a committed change Grafana never had: whether
// Grafana holds an earlier commit of the file is git's question, which needs no history. Now asked as where the history reads.
describe.each(['12', '13'] as const)('pull of a dashboard moved in Grafana over a committed change not applied yet, its history not listed (Grafana %s /api)', (grafanaVersion) => {
  it.each(['unreadable', 'trimmed'] as const)('history %s: keeps the file and its change where it is, and says the next apply moves the dashboard back', async (history) => {
    const { workspace, change } = await movedOverUnlistedHistory(grafanaVersion, history);

    const pulled = await workspace.cli(['pull', 'redis-exporter']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    const line = lines(pulled.stdout).find((each) => each.includes(FILE));
    expect(line).toMatch(new RegExp(`^kept +${FILE.replace(/\./g, '\\.')}: committed in ${change.sha} and not applied yet: Grafana still has the version that commit started from \\(version \\d+ by [^)]+\\)`));
    expect(line).toContain(`; Grafana moved it to another folder too (a pull would put it at ${MOVED_TO}): the next apply moves it back to this file's folder, unless`);
    expect(pulled.stderr).not.toContain('redis-exporter');
    expect(await readFile(join(workspace.dir, FILE), 'utf8')).toBe(change.text);
    expect(await git(workspace.dir, 'status', '--porcelain')).toBe('');
  });

  it("moved and edited, history unreadable: Grafana's folder and version are taken, the note says both, and its way back gives the committed file back where it was", async () => {
    const { workspace, change } = await movedOverUnlistedHistory(grafanaVersion, 'unreadable', { title: 'Redis (edited and moved in Grafana)' });

    const pulled = await workspace.cli(['pull', 'redis-exporter']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(new RegExp(`^moved  ${FILE.replace(/\./g, '\\.')} → ${MOVED_TO.replace(/\./g, '\\.')}$`, 'm'));
    const note = lines(pulled.stderr).find((each) => each.includes('redis-exporter'));
    expect(note).toMatch(
      new RegExp(
        `^note: redis-exporter: its history could not be read \\(.*\\), so pull cannot tell whether its folder was changed in Grafana or in git \\(a move not applied yet\\), ` +
          `nor whether the file changed in git since dashsync's last push \\(a change not applied yet\\); it took Grafana's folder and version \\(${FILE} → ${MOVED_TO}\\)\\. ` +
          `To keep the tree's file instead: rm ${MOVED_TO} && git checkout -- ${FILE}, then dashsync apply writes it over Grafana's and moves it back$`,
      ),
    );
    expect(JSON.parse(await readFile(join(workspace.dir, MOVED_TO), 'utf8')).title).toBe('Redis (edited and moved in Grafana)');

    execFileSync('sh', ['-c', /To keep the tree's file instead: (.*), then dashsync apply/.exec(note!)![1]!], { cwd: workspace.dir });
    expect(await readFile(join(workspace.dir, FILE), 'utf8')).toBe(change.text);
    expect(await git(workspace.dir, 'status', '--porcelain', '--', 'dashboards/platform', MOVED_TO)).toBe('');
    const plan = await workspace.cli(['plan']);
    // The way back's apply: the file's content and folder over Grafana's.
    expect(lines(plan.stdout).find((each) => each.includes('redis-exporter'))).toMatch(/^> move +dashboards\/platform\/databases\/redis\.json "Redis" \(uid redis-exporter, live version \d+\) from "Caches" to "databases": 2 fields$/);
  });
});
