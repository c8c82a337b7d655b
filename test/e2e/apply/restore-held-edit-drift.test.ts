import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, bearerHeaders, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { pasteInShell } from '../../helpers/paste-in-shell.js';
import { FILE, prunedAfterEdit, TITLE, UID } from './pruned-after-edit.js';
import { exampleWorkspace, useApi } from './workspace.js';

// Every test runs the CLI several times against one sandbox.
vi.setConfig({ testTimeout: 120_000 });

/** The drift line of the plan's text output about UID. */
function driftLine(stdout: string): string | undefined {
  return stdout.split('\n').find((line) => line.includes(`! drift: ${UID} `));
}

describe.each(['basic', 'editor-token'] as const)('a dashboard restored by dashsync (%s) from "Recently deleted" that holds an edit made in Grafana (walk-63 M4)', (credentials) => {
  it('the next plan names dave\'s edit and dashsync\'s restore, never these credentials as "not dashsync"; a later prune warns again', async () => {
    const { sandbox, workspace, putBack, takeOut } = await prunedAfterEdit('13', credentials);
    const restored = await workspace.cli(['restore', UID]);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toContain(`restored ${UID} "${TITLE}" from Grafana's "Recently deleted"`);
    // The push record the trash kept from dashsync's last push does not come back on dave's content (kubectl would show it as dashsync's push).
    const object = await apiRequest(sandbox, 'GET', `/apis/dashboard.grafana.app/v1/namespaces/default/dashboards/${UID}`);
    expect(Object.keys(object.body.metadata.annotations).filter((key) => key.startsWith('dashsync/'))).toEqual([]);

    await putBack();
    const plan = await workspace.cli(['plan']);
    expect(plan.stdout).toContain(`~ update        ${FILE}`);
    const line = driftLine(plan.stdout);
    expect(line).toMatch(
      new RegExp(
        `^  ! drift: ${UID} "${TITLE}" holds what dave saved in Grafana at \\S+ \\(version \\d+ before its delete\\), not a push of dashsync's; ` +
          `dashsync's restore took it back from "Recently deleted" at \\S+ \\(now version 1\\); applying replaces that version with the file: the edit is lost unless the file already holds it `,
      ),
    );
    // The credentials dashsync ran the restore with are not "someone else".
    expect(plan.stdout).not.toMatch(/by (admin|sandbox-editor-\d+)/);

    // The file goes again: the prune's delete warns of dave's edit once more, as the first prune's plan did.
    await takeOut();
    const prune = await workspace.cli(['plan', '--prune']);
    expect(prune.stdout).toContain(`- delete`);
    expect(driftLine(prune.stdout)).toMatch(/holds what dave saved in Grafana at .*; the plan deletes it \(no file holds it now\), and that edit with it \(a backup is written first/);
    expect(prune.stdout).not.toContain('made in Grafana, never pushed by dashsync');
    // An apply no one reviewed keeps it, as it keeps any edit made in Grafana since dashsync pushed it.
    const unreviewed = await workspace.cli(['apply', '--prune', '--auto-approve']);
    expect(unreviewed.code).toBe(1);
    expect(unreviewed.stdout + unreviewed.stderr).toContain(UID);
    expect((await workspace.cli(['plan', '--prune'])).stdout).toContain(`- delete`);
  });
});

describe('a dashboard restored by dashsync from a backup that holds an edit made in Grafana (walk-63 M4)', () => {

  it('from its backup through /apis (--from-backup): the next plan names dave\'s edit and dashsync\'s restore from a backup', async () => {
    const { workspace, putBack } = await prunedAfterEdit();
    const dir = join(workspace.dir, '.dashsync/backups', UID);
    const [name] = await readdir(dir);
    const backup = JSON.parse(await readFile(join(dir, name!), 'utf8'));
    // The backup records whose save it held: dave's, after dashsync's push.
    expect(backup.held).toMatchObject({ kind: 'edit', by: expect.stringMatching(/^user:/), version: expect.any(Number) });
    expect(backup.pushed).toBeUndefined();

    const restored = await workspace.cli(['restore', UID, '--from-backup', join('.dashsync/backups', UID, name!)]);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toContain(`restored ${UID} "${TITLE}" from .dashsync/backups/${UID}/`);
    await putBack();
    const line = driftLine((await workspace.cli(['plan'])).stdout);
    expect(line).toMatch(new RegExp(`holds what dave saved in Grafana at \\S+ \\(version ${backup.held.version} before its delete\\), not a push of dashsync's; dashsync's restore took it back from a backup at `));
  });

  it('through /api on Grafana 12 (--api legacy --from-backup): the note goes in, and a plan through /apis, or through /api in git, names dave\'s edit and dashsync\'s restore from a backup', async () => {
    const { sandbox, workspace, putBack } = await prunedAfterEdit('12');
    const dir = join(workspace.dir, '.dashsync/backups', UID);
    const [name] = await readdir(dir);
    const restored = await workspace.cli(['restore', UID, '--api', 'legacy', '--from-backup', join('.dashsync/backups', UID, name!)]);
    expect(restored.stderr).toBe('');
    expect(restored.stdout).toContain(`restored ${UID} "${TITLE}" from .dashsync/backups/${UID}/`);
    await putBack();
    expect(driftLine((await workspace.cli(['plan'])).stdout)).toMatch(/holds what dave saved in Grafana at \S+ \(version \d+ before its delete\), not a push of dashsync's; dashsync's restore took it back from a backup at /);
    // A plan through /api reads the note too (review-65b L4): its list shows the restore's first version as "Initial save" by these
    // credentials, and the plan reads that version's own message where git has a HEAD (as it does to name the commit pushed from).
    await commitAll(workspace.dir, 'the tree');
    // The example's v2 files need /apis: left out of the /api runs.
    const legacy = ['--api', 'legacy', '--exclude', '**/checkout-slo.json', '--exclude', '**/kubernetes/workloads.json'];
    const legacyPlan = await workspace.cli(['plan', ...legacy]);
    // (/api names no /apis identity: the backup's `user:<uid>` is shown as recorded.)
    expect(driftLine(legacyPlan.stdout) ?? legacyPlan.stdout + legacyPlan.stderr).toMatch(/holds what user:dave-\d+ .* saved in Grafana at \S+ \(version \d+ before its delete\), not a push of dashsync's; dashsync's restore took it back from a backup at /);
    // An apply no one reviewed keeps it, where it overwrote it as dashsync's own push.
    const kept = await workspace.cli(['apply', ...legacy, '--auto-approve']);
    expect(driftLine(kept.stdout)).toMatch(/not a push of dashsync's; .* no one reviewed this plan \(--auto-approve without a plan file\), so this apply leaves that version untouched \(a conflict\) unless it is run with --force/);
    expect((await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${UID}`)).body.dashboard.description).toBe('tuned by dave');
    // So does the next prune no one reviewed, where it deleted it as dashsync's own push.
    await rm(join(workspace.dir, FILE));
    const unreviewed = await workspace.cli(['apply', ...legacy, '--prune', '--auto-approve']);
    // (Grafana 12 under api "legacy": held as a dashboard dashsync did not save last, which the restore's note now shows.)
    expect(unreviewed.stdout).toMatch(new RegExp(`! 1 delete held: api "legacy" .* deletes only dashboards dashsync saved last: .*: ${UID}$`, 'm'));
    expect(unreviewed.stdout + unreviewed.stderr).not.toMatch(/deleted +dashboards\/platform\/databases\/mysql\.json|^- delete .*mysql/m);
    expect((await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${UID}`)).status).toBe(200);
    // The drift line's way to bring the edit in works through /api too: pull takes Grafana's version (before: `kept …: a
    // committed change not applied yet; Grafana still has dashsync's version 1`).
    await putBack();
    const pulled = await workspace.cli(['pull', '--api', 'legacy', UID]);
    // The file holds what dashsync pushed before dave's edit, as the restore's note records it (fixl-67): Grafana's version is
    // taken as over any push, without fixr-66's "replaces the content of commit …, which Grafana never had".
    expect(pulled.stdout).toMatch(/^updated +dashboards\/platform\/databases\/mysql\.json$/m);
    expect(await readFile(join(workspace.dir, FILE), 'utf8')).toContain('tuned by dave');
  });

  it('made in Grafana (never pushed), pruned and restored: the next prune names its maker, not the restore\'s credentials', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const workspace = await exampleWorkspace(sandbox, { resources: true });
    await useApi(workspace, 'auto');
    expect((await workspace.cli(['apply'])).code).toBe(0);
    const folderUid = (await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${UID}`)).body.meta.folderUid;
    const maker = bearerHeaders(await sandbox.createToken('Editor'));
    const made = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid: 'by-hand', title: 'By hand', panels: [] }, folderUid, message: 'quick board' }, maker);
    expect(made.status).toBe(200);
    const madeLine = (stdout: string) => stdout.split('\n').find((line) => line.includes('(uid by-hand,'));
    const first = await workspace.cli(['plan', '--prune']);
    const maker1 = /made in Grafana, never pushed by dashsync: last saved by (sandbox-editor-\d+) at /.exec(madeLine(first.stdout) ?? '')?.[1];
    expect(maker1).toBeDefined();
    expect((await workspace.cli(['apply', '--prune', '--auto-approve'])).code).toBe(0);

    expect((await workspace.cli(['restore', 'by-hand'])).stdout).toContain('restored by-hand "By hand" from Grafana\'s "Recently deleted"');
    const again = await workspace.cli(['plan', '--prune']);
    expect(madeLine(again.stdout)).toMatch(new RegExp(`made in Grafana, never pushed by dashsync: last saved by ${maker1} at `));
    expect(again.stdout).not.toContain('! drift: by-hand');
    // What told it: the backup recorded the save it held.
    const backups = join(workspace.dir, '.dashsync/backups', 'by-hand');
    const [name] = await readdir(backups);
    expect(JSON.parse(await readFile(join(backups, name!), 'utf8')).held).toMatchObject({ kind: 'made', by: maker1 });
  });

  it('deleted in Grafana (no backup), restored by dashsync: the plan says the restore found no backup to tell whose save it holds, not that the restore\'s credentials made it', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const workspace = await exampleWorkspace(sandbox, { resources: true });
    await useApi(workspace, 'auto');
    expect((await workspace.cli(['apply'])).code).toBe(0);
    // Someone deletes it in Grafana's UI (another Admin's token): no prune, so no backup.
    const other = bearerHeaders(await sandbox.createToken('Admin'));
    expect((await apiRequest(sandbox, 'DELETE', `/apis/dashboard.grafana.app/v1/namespaces/default/dashboards/${UID}`, undefined, other)).status).toBe(200);
    expect((await workspace.cli(['restore', UID])).stdout).toContain(`restored ${UID} "${TITLE}" from Grafana's "Recently deleted"`);
    const file = join(workspace.dir, FILE);
    const document = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...document, spec: { ...document.spec, description: 'changed in git' } }, null, 2));

    const line = driftLine((await workspace.cli(['plan'])).stdout);
    expect(line).toMatch(
      new RegExp(
        `^  ! drift: ${UID} "${TITLE}" holds the version it had before its delete, and the restore found no backup of it \\(a prune of dashsync's writes one\\) to say whose save that was; ` +
          `dashsync's restore took it back from "Recently deleted" at \\S+ \\(now version 1\\); applying replaces that version with the file`,
      ),
    );
  });
});

describe('pull <uid> over a restored edit when the file holds a committed change not applied yet (rev-66c M1)', () => {
  it.each([
    ['13', 'through /apis, restored from "Recently deleted"'],
    ['12', 'through /api (--api legacy), restored from a backup'],
  ] as const)('Grafana %s, %s: pull refuses with the steps to merge, and the file keeps the change', async (grafanaVersion, _how) => {
    const { sandbox, workspace, putBack } = await prunedAfterEdit(grafanaVersion);
    const legacy = grafanaVersion === '12' ? ['--api', 'legacy'] : [];
    if (grafanaVersion === '12') {
      const [name] = await readdir(join(workspace.dir, '.dashsync/backups', UID));
      expect((await workspace.cli(['restore', UID, ...legacy, '--from-backup', join('.dashsync/backups', UID, name!)])).stderr).toBe('');
    } else {
      expect((await workspace.cli(['restore', UID])).stderr).toBe('');
    }
    await putBack();
    await commitAll(workspace.dir, 'the tree');
    const file = join(workspace.dir, FILE);
    await writeFile(file, (await readFile(file, 'utf8')).replace(`"title": "${TITLE}"`, `"title": "${TITLE} (reviewed in git)"`));
    await commitAll(workspace.dir, 'a change not applied yet');

    const pulled = await workspace.cli(['pull', ...legacy, UID]);
    expect(pulled.code, pulled.stdout).toBe(1);
    expect(pulled.stdout).not.toMatch(/^updated /m);
    // The prune's backup recorded the push dave's edit was saved over (fixl-67): the change since is named against that push.
    expect(pulled.stdout).toMatch(
      /changed on both sides since dashsync applied version \d+ \(before its delete; dashsync's restore took Grafana's save back from .* at \S+\): in git by [0-9a-f]{12}, not applied yet, and in Grafana \(.*\)\. To merge by hand, run: /,
    );
    const after = await readFile(file, 'utf8');
    expect(after).toContain('(reviewed in git)');
    expect(after).not.toContain('tuned by dave');
    // Grafana keeps dave's edit: nothing was written there either.
    expect((await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${UID}`)).body.dashboard.description).toBe('tuned by dave');
    // The steps, pasted, keep both: dave's edit and the reviewed title.
    const steps = /To merge by hand, run: (.*?) \(where git apply/.exec(pulled.stdout)?.[1];
    expect(steps, pulled.stdout).toBeDefined();
    const merged = await pasteInShell(sandbox, workspace.dir, steps!);
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    const document = JSON.parse(await readFile(file, 'utf8'));
    expect(JSON.stringify(document)).toContain('(reviewed in git)');
    expect(JSON.stringify(document)).toContain('tuned by dave');
  });
});
