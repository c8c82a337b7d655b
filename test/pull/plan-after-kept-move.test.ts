import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest } from '../helpers/sandbox.js';
import { getDashboard } from '../e2e/apply/workspace.js';
import { pasteInShell } from '../helpers/paste-in-shell.js';
import { appliedExampleThenChanged, commitAll, git, lines } from './pull-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

const FILE = 'dashboards/platform/databases/redis.json';

// nl-59 (stop 58 §10.2): after pull kept a file holding a committed change not applied yet whose dashboard was moved in
// Grafana ("the next apply moves it back to this file's folder, unless the file is moved to the directory that stands for
// Grafana's folder first"), the plan still warned of drift with "to bring it in, run dashsync pull redis-exporter first",
// which leads back to that same kept line. The plan now says the edit made in Grafana is the move, and how to keep it.
describe.each(['12', '13'] as const)('plan of a file pull kept where Grafana moved its dashboard (Grafana %s)', (grafanaVersion) => {
  /** The example tree applied and committed, a committed change of redis's description, then redis moved in Grafana to `folderUid`, and pull run. */
  async function keptAfterMove(folderUid: (sandbox: SandboxHandle) => Promise<string>) {
    const { sandbox, workspace } = await appliedExampleThenChanged(grafanaVersion);
    const to = await folderUid(sandbox);
    const live = await getDashboard(sandbox, 'redis-exporter');
    const saved = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: live.dashboard, folderUid: to, overwrite: true });
    expect(saved.status, saved.text).toBe(200);
    const pulled = await workspace.cli(['pull', 'redis-exporter']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)[0]).toMatch(/^kept +dashboards\/platform\/databases\/redis\.json: committed in .*: the next apply moves it back to this file's folder, unless the file is moved to the directory that stands for Grafana's folder first$/);
    return { sandbox, workspace };
  }

  it("moved to a folder the tree has a directory for: the drift line names the move as the edit and gives the git mv; pasted, the plan shows the change alone", async () => {
    const { sandbox, workspace } = await keptAfterMove(async (sandbox) => (await getDashboard(sandbox, 'k8s-cluster-overview')).meta.folderUid as string);

    const planned = await workspace.cli(['plan']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    const drift = lines(planned.stdout).find((line) => line.includes('! drift: redis-exporter '));
    expect(drift).toMatch(
      new RegExp(
        `not by dashsync; that version is the file's commit [0-9a-f]{12} in another folder, "kubernetes": the edit made in Grafana is that move, which applying undoes ` +
          `\\(to keep Grafana's folder instead: git mv dashboards/platform/databases/redis\\.json dashboards/platform/kubernetes/redis\\.json && dashsync plan\\)$`,
      ),
    );
    expect(drift).not.toContain('dashsync pull');

    const pasted = await pasteInShell(sandbox, workspace.dir, /to keep Grafana's folder instead: (.*)\)$/.exec(drift!)![1]!);
    expect(pasted.code, pasted.stdout + pasted.stderr).toBe(0);
    const out = lines(pasted.stdout);
    expect(out.filter((line) => line.includes('drift'))).toEqual([]);
    expect(out).toContain('      ~ description: "redis_exporter dashboard, imported from the community export and kept in git." → "reviewed: redis_exporter dashboard, imported from the community export and kept in git."');
    expect(out.find((line) => line.includes('redis-exporter'))).toMatch(/^~ update +dashboards\/platform\/kubernetes\/redis\.json "Redis"/);
    expect(out).toContain('Plan: 0 to create, 1 to update, 0 to move, 0 to delete, 6 unchanged.');
    expect(await git(workspace.dir, 'status', '--porcelain')).toBe(`R  ${FILE} -> dashboards/platform/kubernetes/redis.json\n`);
  });

  // nl-60: the drift line's commands were rendered with the plan's environment only, so a plan run with --config and --prune
  // advised a bare `dashsync plan`, which reads another config file and plans no deletes.
  it('a plan run with --config and --prune: the git mv line repeats both, and pasted into sh plans the same deletes', async () => {
    const { sandbox, workspace } = await keptAfterMove(async (sandbox) => (await getDashboard(sandbox, 'k8s-cluster-overview')).meta.folderUid as string);
    await git(workspace.dir, 'mv', 'dashsync.config.json', 'team.config.json');
    await commitAll(workspace.dir, 'the config renamed');
    const kubernetes = (await getDashboard(sandbox, 'k8s-cluster-overview')).meta.folderUid as string;
    const stray = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'stray', title: 'Stray', panels: [] }, folderUid: kubernetes, overwrite: false });
    expect(stray.status, stray.text).toBe(200);

    const planned = await workspace.cli(['plan', '--config', 'team.config.json', '--prune']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    expect(lines(planned.stdout).some((line) => /^- delete +"Stray" \(uid stray/.test(line))).toBe(true);
    const drift = lines(planned.stdout).find((line) => line.includes('! drift: redis-exporter '));
    expect(drift).toMatch(/\(to keep Grafana's folder instead: git mv dashboards\/platform\/databases\/redis\.json dashboards\/platform\/kubernetes\/redis\.json && dashsync plan --config team\.config\.json --prune\)$/);

    const pasted = await pasteInShell(sandbox, workspace.dir, /to keep Grafana's folder instead: (.*)\)$/.exec(drift!)![1]!);
    expect(pasted.code, pasted.stdout + pasted.stderr).toBe(0);
    const out = lines(pasted.stdout);
    expect(out.filter((line) => line.includes('drift'))).toEqual([]);
    expect(out.some((line) => /^- delete +"Stray" \(uid stray/.test(line))).toBe(true);
    expect(out.find((line) => line.includes('redis-exporter'))).toMatch(/^~ update +dashboards\/platform\/kubernetes\/redis\.json "Redis"/);
  });

  it('moved to a folder the tree has no directory for: the drift line says to move the file to a directory that stands for it, not to pull', async () => {
    const { workspace } = await keptAfterMove(async (sandbox) => {
      const folder = await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'caches', title: 'Caches' });
      expect(folder.status, folder.text).toBe(200);
      return 'caches';
    });

    const planned = await workspace.cli(['plan']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    const drift = lines(planned.stdout).find((line) => line.includes('! drift: redis-exporter '));
    expect(drift).toMatch(
      /not by dashsync; that version is the file's commit [0-9a-f]{12} in another folder, "Caches": the edit made in Grafana is that move, which applying undoes \(to keep Grafana's folder instead: move the file to a directory that stands for that folder \(its _folder\.json names the folder's uid\), then run dashsync plan\)$/,
    );
  });
});
