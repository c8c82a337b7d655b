import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appliedExample } from '../e2e/apply/restore-fixture.js';
import { emptyWorkspace, getDashboard, workspaceAt, writes } from '../e2e/apply/workspace.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, git } from '../pull/pull-fixture.js';
import { dashboard, libraryWorkspace, ref } from './library-panels/library-tree.js';

/** Two teams' folders under `teams/`, each with a library panel its dashboards use, and one dashboard outside them. */
const TEAMS_TREE: Record<string, unknown> = {
  'dashsync.config.json': { root: 'dashboards' },
  'dashboards/keep.json': dashboard('keep', 'Keep', []),
  'dashboards/teams/team-a/_library/cpu.json': { uid: 'lp-cpu', name: 'CPU usage', kind: 1, model: { type: 'timeseries', title: 'CPU' } },
  'dashboards/teams/team-a/a1.json': dashboard('a1', 'A one', [ref(1, 'lp-cpu', 'CPU usage')]),
  'dashboards/teams/team-a/a2.json': dashboard('a2', 'A two', [ref(1, 'lp-cpu', 'CPU usage')]),
  'dashboards/teams/team-b/_library/mem.json': { uid: 'lp-mem', name: 'Memory', kind: 1, model: { type: 'stat', title: 'Memory' } },
  'dashboards/teams/team-b/b1.json': dashboard('b1', 'B one', [ref(1, 'lp-mem', 'Memory')]),
};

/** The same sandbox through another name: backups taken through one URL are not this run's by default. */
const otherName = (url: string) => url.replace('127.0.0.1', 'localhost');

describe('restore --all: undoing a whole prune', () => {
  it('lists, then restores every backed-up uid Grafana lacks (library panels first), one line for the commit that removed their files, and a count', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const ws = await libraryWorkspace(sandbox, TEAMS_TREE);
    await commitAll(ws.dir, 'teams');
    expect((await ws.cli(['apply'])).code).toBe(0);
    await git(ws.dir, 'rm', '-r', '-q', 'dashboards/teams');
    await commitAll(ws.dir, 'oops: removed teams');
    const removedIn = (await git(ws.dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    const pruned = await ws.cli(['apply', '--prune', 'folders']);
    expect([pruned.code, pruned.stderr]).toEqual([0, '']);
    // apply names the command that puts the lot back, from this run's first backup on.
    const since = /dashsync restore --all --deleted-since (\S+) puts them all back, dashsync restore UID one of them\)\n$/.exec(pruned.stdout)?.[1];
    expect(pruned.stdout).toMatch(/Backups of what was deleted: 5 files under \.dashsync\/backups\/ \(/);
    expect(since).toBeDefined();

    sandbox.clearRequests();
    const dry = await ws.cli(['restore', '--all', '--dry-run']);
    expect([dry.code, dry.stderr]).toEqual([0, '']);
    const at = '\\(backed up \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\) from \\.dashsync/backups/(?:library-panels/)?[\\w-]+/\\S+-v1\\.json';
    // The review names each by title and the folder it goes back to, as the plan that deleted them did (gone with them: created again).
    const gone = ', which no longer exists and would be created again from the backup';
    const teamA = `into folder "team-a" \\(ds-team-a-[0-9a-f]+\\)${gone}`;
    const teamB = `into folder "team-b" \\(ds-team-b-[0-9a-f]+\\)${gone}`;
    expect(dry.stdout).toMatch(
      new RegExp(
        `^restore --all: 5 to restore \\(3 dashboards, 2 library panels\\) from the backups from ${sandbox.url.replace(/[.]/g, '\\.')} in \\.dashsync/backups/, none of them in Grafana now\\n` +
          `would restore library panel lp-cpu "CPU usage" ${teamA} ${at}\\nwould restore library panel lp-mem "Memory" ${teamB} ${at}\\n` +
          `would restore a1 "A one" ${teamA} ${at}\\nwould restore a2 "A two" ${teamA} ${at}\\nwould restore b1 "B one" ${teamB} ${at}\\n` +
          'Dry run: nothing was restored\\. Run the same command without --dry-run to restore these 5\\.\\n$',
      ),
    );
    expect(writes(sandbox)).toEqual([]);

    const restored = await ws.cli(['restore', '--all']);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    const lines = restored.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^restore --all: 5 to restore \(3 dashboards, 2 library panels\) from /);
    expect(lines.slice(1, 6).map((line) => line.split(' from ')[0])).toEqual(['restored library panel lp-cpu "CPU usage"', 'restored library panel lp-mem "Memory"', 'restored a1 "A one"', 'restored a2 "A two"', 'restored b1 "B one"']);
    expect(lines.slice(6)).toEqual([
      `5 restored have no file in the tree, and a prune that covers them deletes them again; commit ${removedIn} ("oops: removed teams") removed their files (3 dashboards, 2 library panels): ` +
        `git revert ${removedIn} undoes that commit, or git checkout ${removedIn}^ -- dashboards/teams brings back that directory as it was before it`,
      'Restore: 5 restored (3 dashboards, 2 library panels), 3 folders created again',
    ]);
    for (const uid of ['a1', 'a2', 'b1']) expect((await getDashboard(sandbox, uid)).status).toBe(200);
    for (const uid of ['lp-cpu', 'lp-mem']) expect((await apiRequest(sandbox, 'GET', `/api/library-elements/${uid}`)).status).toBe(200);

    // The line's command brings the files back, and the plan has nothing to do.
    await git(ws.dir, 'checkout', `${removedIn}^`, '--', 'dashboards/teams');
    const plan = await ws.cli(['plan', '--prune', 'folders']);
    expect(plan.stdout).toMatch(/^Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 4 unchanged\./m);

    // Everything is back: nothing left to restore, and nothing written.
    sandbox.clearRequests();
    const again = await ws.cli(['restore', '--all']);
    expect([again.code, again.stderr]).toEqual([0, '']);
    expect(again.stdout).toBe(
      `restore --all: nothing to restore: no uid in the backups from ${sandbox.url} in .dashsync/backups/ is absent in Grafana; 5 Grafana holds now, left as they are\n`,
    );
    expect(writes(sandbox)).toEqual([]);
  });

  it('--deleted-since (as apply names it) takes only the later prune; the older one comes back with --all alone', async () => {
    const { sandbox, workspace } = await appliedExample('12');
    await commitAll(workspace.dir, 'tree');
    await git(workspace.dir, 'rm', '-q', 'dashboards/platform/kubernetes/cluster-overview.json', 'dashboards/platform/databases/redis.json');
    await commitAll(workspace.dir, 'first prune');
    const first = (await git(workspace.dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    expect((await workspace.cli(['apply', '--prune', 'folders'])).code).toBe(0);
    await git(workspace.dir, 'rm', '-r', '-q', 'dashboards/applications/checkout');
    await commitAll(workspace.dir, 'second prune');
    const second = (await git(workspace.dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    const applied = await workspace.cli(['apply', '--prune', 'folders']);
    expect(applied.code).toBe(0);
    const since = /--deleted-since (\S+) puts them all back/.exec(applied.stdout)![1]!;

    // The time without its zone (as typed off the line) is UTC whatever the machine's zone, and the header shows the instant read.
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const zoneless = await workspace.cli(['restore', '--all', '--deleted-since', since.replace(/Z$/, ''), '--dry-run']);
      expect([zoneless.code, zoneless.stderr]).toEqual([0, '']);
      expect(zoneless.stdout.split('\n')[0]).toBe(
        `restore --all: 2 to restore (2 dashboards) from the backups from ${sandbox.url} in .dashsync/backups/ taken at or after ${since}, none of them in Grafana now; 2 backed up before ${since}, passed over`,
      );
      // A backup file's name's form (walk-70 L2: the time a downloaded artifact shows): the same instant.
      const stamp = await workspace.cli(['restore', '--all', '--deleted-since', since.replaceAll(':', '-').replace('.', '-'), '--dry-run']);
      expect([stamp.code, stamp.stderr]).toEqual([0, '']);
      expect(stamp.stdout.split('\n')[0]).toContain(` taken at or after ${since},`);
      // Minutes only, with a space: the same instant's minute, in UTC.
      const minute = await workspace.cli(['restore', '--all', '--deleted-since', `${since.slice(0, 10)} ${since.slice(11, 16)}`, '--dry-run']);
      expect(minute.stdout.split('\n')[0]).toContain(` taken at or after ${since.slice(0, 16)}:00.000Z,`);
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }

    const restored = await workspace.cli(['restore', '--all', '--deleted-since', since]);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect(restored.stdout.split('\n')[0]).toBe(
      `restore --all: 2 to restore (2 dashboards) from the backups from ${sandbox.url} in .dashsync/backups/ taken at or after ${since}, none of them in Grafana now; 2 backed up before ${since}, passed over`,
    );
    expect(restored.stdout).toMatch(
      new RegExp(
        `\nrestored checkout-logs .*\n2 restored have no file in the tree, and a prune that covers them deletes them again; commit ${second} \\("second prune"\\) removed their files \\(2 dashboards\\): ` +
          `git revert ${second} undoes that commit, or git checkout ${second}\\^ -- dashboards/applications/checkout brings back that directory as it was before it\nRestore: 2 restored, 2 folders created again\n$`,
      ),
    );
    for (const uid of ['k8s-cluster-overview', 'redis-exporter']) expect((await getDashboard(sandbox, uid)).status).toBe(404);

    // The first prune's files shared a directory that still holds others: checking it out would overwrite them, so the line names a file's way back.
    const older = await workspace.cli(['restore', '--all']);
    expect([older.code, older.stderr]).toEqual([0, '']);
    expect(older.stdout.split('\n').slice(-3)).toEqual([
      `2 restored have no file in the tree, and a prune that covers them deletes them again; commit ${first} ("first prune") removed their files (2 dashboards): ` +
        `git revert ${first} undoes that commit, or git checkout ${first}^ -- <file> brings back one file (git show --stat ${first} lists them)`,
      'Restore: 2 restored',
      '',
    ]);
    expect(older.stdout.split('\n')[0]).toMatch(/^restore --all: 2 to restore \(2 dashboards\) from .*; 2 Grafana holds now, left as they are$/);

    const bad = await workspace.cli(['restore', '--all', '--deleted-since', 'yesterday-ish']);
    expect([bad.code, bad.stderr]).toEqual([
      1,
      'error: --deleted-since "yesterday-ish" is not a time: give it as ISO 8601 (2026-12-03T09:20:00Z, or as apply\'s line or a backup file\'s name gives it; without a zone it is UTC); nothing was restored\n',
    ]);
    const stray = await workspace.cli(['restore', 'k8s-cluster-overview', '--deleted-since', since]);
    expect(stray.stderr).toBe(`error: --deleted-since goes with --all: dashsync restore --all --deleted-since TIME; nothing was restored\n`);
    const both = await workspace.cli(['restore', 'k8s-cluster-overview', '--all']);
    expect(both.stderr).toBe('error: give uids or --all, not both: --all takes every uid backed up and absent in Grafana; nothing was restored\n');
  });

  it("--backup-source restores the Action's artifact through another URL of the same Grafana, with no tree; without it, only a note", async () => {
    const { sandbox, workspace } = await appliedExample('12');
    await commitAll(workspace.dir, 'tree');
    await git(workspace.dir, 'rm', '-r', '-q', 'dashboards/platform/databases');
    await commitAll(workspace.dir, 'prune databases');
    expect((await workspace.cli(['apply', '--prune', 'folders'])).code).toBe(0);
    // The artifact, downloaded into a directory with no tree.
    const laptop = await emptyWorkspace();
    await cp(join(workspace.dir, '.dashsync/backups'), join(laptop, 'artifact'), { recursive: true });
    const there = workspaceAt(laptop, sandbox);
    const elsewhere = { GRAFANA_URL: otherName(sandbox.url) };

    sandbox.clearRequests();
    const refused = await there.cli(['restore', '--all', '--backup-dir', 'artifact'], elsewhere);
    // Exit 1: backups are there, none of this Grafana's; a CI undo step must not pass having restored nothing.
    expect([refused.code, refused.stderr]).toEqual([1, '']);
    expect(refused.stdout).toBe(
      // Not "nothing absent", which reads as all of it back: no backup here is from this URL.
      `restore --all: no backup in artifact/ is from ${otherName(sandbox.url)} (2 uids are from another URL or org: see the note)\n` +
        `note: 2 uids in artifact/ have backups only from another Grafana URL or org: ${sandbox.url} org 1 (2); ` +
        `--all takes only ${otherName(sandbox.url)}'s: if that is this Grafana under another name, run restore --all --backup-source <that URL>\n`,
    );
    expect(writes(sandbox)).toEqual([]);

    const restored = await there.cli(['restore', '--all', '--backup-dir', 'artifact', '--backup-source', sandbox.url], elsewhere);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect(restored.stdout.split('\n')[0]).toBe(`restore --all: 2 to restore (2 dashboards) from the backups from ${sandbox.url} in artifact/, none of them in Grafana now`);
    expect(restored.stdout).toMatch(/\nRestore: 2 restored, 1 folder created again\n$/);
    for (const uid of ['redis-exporter', 'postgresql-overview']) expect((await getDashboard(sandbox, uid)).status).toBe(200);

    const notUrl = await there.cli(['restore', '--all', '--backup-source', 'grafana.internal'], elsewhere);
    expect(notUrl.stderr).toBe('error: --backup-source takes the URL of the Grafana the backups were taken from (http:// or https://, as that run had it); nothing was restored\n');
    // No run sends a URL with user:password@ (GRAFANA_URL refuses it), so no backup records one: refused, the password not repeated.
    const withCredentials = await there.cli(['restore', '--all', '--backup-source', 'https://ops:hunter2-secret@grafana.internal'], elsewhere);
    expect([withCredentials.code, withCredentials.stdout]).toEqual([1, '']);
    expect(withCredentials.stderr).toBe('error: --backup-source must not contain credentials (user:password@): give the URL as the run that took the backups had it; nothing was restored\n');
  });
});
