import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { exampleWorkspace, getDashboard, useApi, type Workspace } from '../e2e/apply/workspace.js';
import { commitAll, git } from './pull-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

const UI_EDIT = 'edited and moved in Grafana';

/** The example tree committed, then applied from that commit (its pushes' notes name it), through `/api` on 12. */
async function appliedFromCommit() {
  const sandbox = await startTestSandbox({ grafanaVersion: '12' });
  const workspace = await exampleWorkspace(sandbox);
  await useApi(workspace, 'legacy');
  await commitAll(workspace.dir, 'tree');
  const applied = await workspace.cli(['apply', '--auto-approve']);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  return { sandbox, workspace };
}

/** Someone moves redis-exporter to a new folder "Caches" in Grafana, editing it on the way. */
async function moveInGrafana(sandbox: Awaited<ReturnType<typeof startTestSandbox>>): Promise<void> {
  const folder = await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'caches', title: 'Caches' });
  expect(folder.status, folder.text).toBe(200);
  const live = await getDashboard(sandbox, 'redis-exporter');
  const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { ...live.dashboard, description: UI_EDIT }, folderUid: 'caches', overwrite: true });
  expect(saved.status, saved.text).toBe(200);
}

/** Pull takes Grafana's move and edit into the tree under the name git gave the file; the commit of that applies as no change. */
async function expectMoveTaken(workspace: Workspace, sandbox: Awaited<ReturnType<typeof startTestSandbox>>, from: string, root: string): Promise<void> {
  const pulled = await workspace.cli(['pull', 'redis-exporter']);
  expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
  const to = new RegExp(`^moved  ${escapeRegExp(from)} → (${escapeRegExp(root)}/caches/redis-cache\\.json)$`, 'm').exec(pulled.stdout)?.[1];
  expect(to, pulled.stdout).toBeDefined();
  expect(JSON.parse(await readFile(join(workspace.dir, to!), 'utf8')).description).toBe(UI_EDIT);
  await commitAll(workspace.dir, 'pull the move');
  const applied = await workspace.cli(['apply', '--auto-approve']);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  expect(applied.stdout).not.toContain('redis-exporter');
  const live = await getDashboard(sandbox, 'redis-exporter');
  expect(live.meta.folderUid).toBe('caches');
  expect(live.dashboard.description).toBe(UI_EDIT);
}

// review-56 F5: pull refused a file renamed in its own directory in git (no change to apply: its folder is the same) once
// someone moved the dashboard in Grafana, as "moved in git", and its advice (`git mv` it back after `pull --force`) undid
// Grafana's move. The same for a tree moved whole. Now the folder the file's directory stood for in the push's commit is
// compared: the same, and pull takes Grafana's move, keeping the name git gave the file.
describe('pull after a rename in git that keeps the folder, and a move in Grafana', () => {
  it('takes the move and the edit into the tree under the new name; nothing to apply after', async () => {
    const { sandbox, workspace } = await appliedFromCommit();
    await git(workspace.dir, 'mv', 'dashboards/platform/databases/redis.json', 'dashboards/platform/databases/redis-cache.json');
    await commitAll(workspace.dir, 'rename redis');
    await moveInGrafana(sandbox);
    await expectMoveTaken(workspace, sandbox, 'dashboards/platform/databases/redis-cache.json', 'dashboards');
  });

  it('the same after the whole tree moved in git (root dashboards → grafana/dashboards)', async () => {
    const { sandbox, workspace } = await appliedFromCommit();
    await mkdir(join(workspace.dir, 'grafana'));
    await git(workspace.dir, 'mv', 'dashboards', 'grafana/dashboards');
    await git(workspace.dir, 'mv', 'grafana/dashboards/platform/databases/redis.json', 'grafana/dashboards/platform/databases/redis-cache.json');
    const config = join(workspace.dir, 'dashsync.config.json');
    await writeFile(config, JSON.stringify({ ...JSON.parse(await readFile(config, 'utf8')), root: 'grafana/dashboards' }, null, 2));
    await commitAll(workspace.dir, 'move the tree');
    await moveInGrafana(sandbox);
    await expectMoveTaken(workspace, sandbox, 'grafana/dashboards/platform/databases/redis-cache.json', 'grafana/dashboards');
  });

  it('still refuses a move to another directory in git, saying Grafana moved it too; its merge steps, followed, keep the edit and the move chosen', async () => {
    const { sandbox, workspace } = await appliedFromCommit();
    const moved = 'dashboards/platform/kubernetes/redis.json';
    await rename(join(workspace.dir, 'dashboards/platform/databases/redis.json'), join(workspace.dir, moved));
    await commitAll(workspace.dir, 'move redis');
    await moveInGrafana(sandbox);
    const pulled = await workspace.cli(['pull', 'redis-exporter']);
    expect(pulled.code, pulled.stdout).toBe(1);
    expect(pulled.stdout).toMatch(
      new RegExp(
        `^refused  ${escapeRegExp(moved)}: changed on both sides since dashsync applied version 1: moved in git \\(the file was elsewhere in commit [0-9a-f]{12}, which that push was made from\\), not applied yet, ` +
          `and in Grafana \\(version 2 by admin at [^)]+, which moved it to another folder too\\); a pull would move it to Grafana's folder\\. ` +
          escapeRegExp("To merge by hand: dashsync pull --force redis-exporter (it moves the file to Grafana's folder), git commit the pulled file, then keep one of the two moves: git mv it back to this path (yours), or leave it where the pull put it (Grafana's), git commit;"),
        'm',
      ),
    );
    // Only the live folder's directory is written (its _folder.json), as for any pull of it.
    expect(await git(workspace.dir, 'status', '--porcelain', '--', 'dashboards/platform')).toBe('');

    // The steps as said, keeping the move made in git: the apply after them moves the dashboard there with the live edit in it.
    const forced = await workspace.cli(['pull', '--force', 'redis-exporter']);
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`moved  ${moved} → dashboards/caches/redis.json`);
    await commitAll(workspace.dir, 'pull --force');
    await git(workspace.dir, 'mv', 'dashboards/caches/redis.json', moved);
    await commitAll(workspace.dir, 'keep the move made in git');
    const applied = await workspace.cli(['apply', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const live = await getDashboard(sandbox, 'redis-exporter');
    expect(live.meta.folderTitle).toBe('kubernetes');
    expect(live.dashboard.description).toBe(UI_EDIT);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
