import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { emptyWorkspace } from '../apply/workspace.js';
import { GRAFANA_VERSIONS, dashsync, lines, writeJson } from './plan-fixture.js';

/**
 * audit-ux-12 U1: a new repository bootstraps with `pull` from an org an older dashsync repository deployed, and
 * replaces it. The pull says so; the first prune stops (folder-of-another-repository) and offers both ways out; the
 * takeover (a `_folder.json` naming the folder's own derived uid) lets the prune go ahead, and the plan says the
 * dashboard it deletes was another repository's push, also once that repository's commits are fetched (unrelated history).
 */
const WEB = deriveFolderUid('apps/web');
const board = (uid: string, title: string) => ({ uid, title, panels: [], schemaVersion: 39 });

describe.each(GRAFANA_VERSIONS)('taking over from another dashsync repository, Grafana %s', (grafanaVersion) => {
  it('pull notes the other repository; plan offers the takeover, then names the other repository on the delete', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const old = await emptyWorkspace();
    await writeJson(old, 'dashboards/apps/web/w1.json', board('w1', 'W1'));
    await writeJson(old, 'dashboards/apps/web/w2.json', board('w2', 'W2'));
    await commitAll(old, 'seed');
    expect((await dashsync(handle, old, ['apply'])).code).toBe(0);
    const seed = (await git(old, 'rev-parse', 'HEAD')).trim().slice(0, 12);

    const repo = await emptyWorkspace();
    await git(repo, 'init', '-q');
    const pulled = await dashsync(handle, repo, ['pull']);
    expect(pulled.code).toBe(0);
    expect(lines(pulled.stderr)).toContain(
      `note: 2 dashboards were last pushed by dashsync from commit ${seed}, which this repository does not have (not fetched yet, or another repository's): ` +
        'fetch every branch (git fetch origin \'+refs/heads/*:refs/remotes/origin/*\') to know; if a branch of this repository pushed them, their files come with that branch (remove the ones this pull wrote before merging it); ' +
        `if another repository did and this repository replaces that one, take their folders over by committing a _folder.json naming each folder's own uid ` +
        `(dashboards/apps/web/_folder.json {"uid":"${WEB}","title":"web"}); if that repository still deploys there, give these directories uids of their own instead (docs/migrating.md)`,
    );
    await commitAll(repo, 'bootstrap');
    await rm(join(repo, 'dashboards/apps/web/w2.json'));
    await commitAll(repo, 'drop w2');

    const refused = await dashsync(handle, repo, ['plan', '--prune']);
    expect(refused.code).toBe(1);
    expect(lines(refused.stderr)[0]).toBe(
      `dashboards/apps/web: error: folder ${WEB} (directory dashboards/apps/web) holds 1 dashboard another repository deploys: dashsync pushed it from commit ${seed}, ` +
        `which this repository does not have, and the uid derived from this path is the same in every tree. This plan would delete 1 dashboard in it that no file here holds: ` +
        `to share the org, give this directory a _folder.json with a uid of its own ({"uid":"…","title":"web"}) and plan again; the other repository keeps ${WEB} ` +
        `(list it under "externalFolders" then, and prune here leaves it alone). If this repository replaces the other one, take the folder over instead: ` +
        `a _folder.json {"uid":"${WEB}","title":"web"} (docs/migrating.md) (folder-of-another-repository)`,
    );

    await writeJson(repo, 'dashboards/apps/web/_folder.json', { uid: WEB, title: 'web' });
    await commitAll(repo, 'take apps/web over');
    const taken = await dashsync(handle, repo, ['plan', '--prune']);
    expect(taken.stderr).toBe('');
    expect(taken.code).toBe(0);
    expect(lines(taken.stdout).filter((line) => line.includes('another repository'))).toEqual([
      `  ! from another repository: w2 "W2" (version 1) was saved by dashsync from commit ${seed} "seed", which this repository does not have, in a folder this tree takes over ` +
        "(its _folder.json claims the uid derived from its path, which the other repository's directory derives too); this plan replaces that push: it deletes it (this branch has no file for it)",
    ]);

    // The old repository's history fetched into this one (unrelated to HEAD): no rebase advice, the other repository named.
    await git(repo, 'fetch', '-q', old, 'main');
    const fetched = await dashsync(handle, repo, ['plan', '--prune', '--format', 'json']);
    const warnings = JSON.parse(fetched.stdout).warnings.filter((warning: { kind: string }) => warning.kind === 'not-in-branch');
    expect(warnings).toEqual([{ kind: 'not-in-branch', uid: 'w2', title: 'W2', action: 'delete', version: 1, commit: seed, subject: 'seed', inRepository: true, anotherRepository: 'unrelated' }]);
    const text = await dashsync(handle, repo, ['plan', '--prune']);
    expect(text.stdout).not.toContain('Rebase');
    expect(lines(text.stdout).filter((line) => line.includes('another repository'))).toEqual([
      `  ! from another repository: w2 "W2" (version 1) was saved by dashsync from commit ${seed} "seed", whose history this branch shares none of (another repository's push, not a branch of this one); ` +
        'this plan replaces it: it deletes it (this branch has no file for it). No rebase can bring it in: expected where this repository takes over from that one; ' +
        'if that repository still deploys this dashboard, leave it to one of the two',
    ]);
  });
});
