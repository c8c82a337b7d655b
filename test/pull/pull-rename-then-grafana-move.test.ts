import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { exampleWorkspace, getDashboard, useApi, type Workspace } from '../e2e/apply/workspace.js';
import { pasteInShell } from '../helpers/paste-in-shell.js';
import { commitAll, git, lines } from './pull-fixture.js';

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

  // review-57b F8, nl-58b: a rename made with git mv and not committed yet is no committed rename to follow: pull refuses it
  // (the file differs from HEAD), and its line now says so and gives the commands to commit it and pull again (main: "changed
  // here (not committed)", as for an edit, with --force advice that would take Grafana's version over it).
  it('a rename with git mv not committed yet: refused, saying to commit it first; those commands, pasted, take the move under the new name', async () => {
    const { sandbox, workspace } = await appliedFromCommit();
    const from = 'dashboards/platform/databases/redis.json';
    const renamed = 'dashboards/platform/databases/redis-cache.json';
    await git(workspace.dir, 'mv', from, renamed);
    await moveInGrafana(sandbox);
    const pulled = await workspace.cli(['pull', 'redis-exporter']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    const line = lines(pulled.stdout).find((each) => each.startsWith('refused'));
    expect(line).toMatch(
      new RegExp(
        `^refused  ${escapeRegExp(renamed)}: renamed here from ${escapeRegExp(from)} \\(git mv, not committed\\), and changed in Grafana \\(version 2 by admin at [^)]+\\): ` +
          escapeRegExp(`pull follows a rename once it is committed. Commit it first, then pull again: git commit -m 'rename ${from} to ${renamed}' -- ${from} ${renamed} && dashsync pull redis-exporter`) +
          '$',
      ),
    );
    expect(await git(workspace.dir, 'status', '--porcelain')).toBe(`R  ${from} -> ${renamed}\n`);

    await git(workspace.dir, 'config', 'user.name', 'Pasting user');
    await git(workspace.dir, 'config', 'user.email', 'user@dashsync.invalid');
    const pasted = await pasteInShell(sandbox, workspace.dir, /pull again: (.*)$/.exec(line!)![1]!);
    expect(pasted.code, pasted.stdout + pasted.stderr).toBe(0);
    expect(pasted.stdout).toMatch(new RegExp(`^moved  ${escapeRegExp(renamed)} → dashboards/caches/redis-cache\\.json$`, 'm'));
    expect(JSON.parse(await readFile(join(workspace.dir, 'dashboards/caches/redis-cache.json'), 'utf8')).description).toBe(UI_EDIT);
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
          `and in Grafana \\(version 2 by admin at [^)]+, which moved it to another folder too\\); a pull would move it to Grafana's folder \\(dashboards/caches/redis\\.json\\)\\. ` +
          escapeRegExp(
            `To merge by hand, run: dashsync pull --force redis-exporter && git add -A -- ${moved} dashboards/caches/redis.json dashboards/caches/_folder.json && ` +
              `git commit -m 'pull redis-exporter from Grafana' -- ${moved} dashboards/caches/redis.json dashboards/caches/_folder.json; ` +
              `then keep one of the two moves: yours, with git mv dashboards/caches/redis.json ${moved} && git commit -m 'redis-exporter: move back to ${moved}' -- dashboards/caches/redis.json ${moved}, ` +
              "or Grafana's, where the pull put it (nothing more to run); to keep yours as it is:",
          ),
        'm',
      ),
    );
    // nl-58b: the refused pull leaves the tree as it was: no directory for Grafana's folder (main made it, with its _folder.json).
    expect(await git(workspace.dir, 'status', '--porcelain')).toBe('');

    // The steps as printed, pasted, keeping the move made in git: the apply after them moves the dashboard there with the live edit in it.
    const line = lines(pulled.stdout).find((each) => each.startsWith('refused'))!;
    const [pull, keepYours] = [/To merge by hand, run: (.*?); then keep/.exec(line)![1]!, /yours, with (.*?), or Grafana's/.exec(line)![1]!];
    await git(workspace.dir, 'config', 'user.name', 'Pasting user');
    await git(workspace.dir, 'config', 'user.email', 'user@dashsync.invalid');
    const pasted = await pasteInShell(sandbox, workspace.dir, `${pull} && ${keepYours}`);
    expect(pasted.code, pasted.stdout + pasted.stderr).toBe(0);
    expect(pasted.stdout).toContain(`moved  ${moved} → dashboards/caches/redis.json`);
    expect(await git(workspace.dir, 'status', '--porcelain')).toBe('');
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
