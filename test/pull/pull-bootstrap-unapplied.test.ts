import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { pasteInShell } from '../helpers/paste-in-shell.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';
import { bootstrapFromGrafana, commitAll, commitChange, createFolder, dashsync, editInUi, git, lines } from './pull-fixture.js';

// walk-61 H1, H2: a team bootstraps with `dashsync pull` (dashsync has applied nothing), commits work in git, and pulls again
// to refresh before the first apply. A committed `git mv` was moved back (exit 0); a committed edit someone saved over in
// Grafana was replaced (`updated`, exit 0) although apply's conflict advice promised a refusal with the merge steps.

const panel = (id: number, title: string) => ({ id, type: 'timeseries', title, gridPos: { x: 0, y: id * 8, w: 12, h: 8 } });
/** Three panels: an edit of the middle one's title is lines away from what a save in the UI changes (description, schemaVersion). */
const model = (uid: string, title: string) => ({ uid, title, schemaVersion: 39, panels: [panel(1, 'CPU'), panel(2, 'Memory'), panel(3, 'Disk')] });

/** Saves as a person at the UI would (an Editor's token, not the login dashsync uses), in folder `folderUid`. */
async function saveAsEditor(handle: SandboxHandle, token: string, dashboard: Record<string, unknown>, folderUid: string): Promise<void> {
  const saved = await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: { ...dashboard, id: null }, folderUid, overwrite: false }, bearerHeaders(token));
  expect(saved.status, saved.text).toBe(200);
}

/** Folders sre and net, dashboards svc-1 and svc-2 in sre and edge in net, made in Grafana by a person, pulled and committed. */
async function bootstrapped(handle: SandboxHandle): Promise<string> {
  await createFolder(handle, { uid: 'sre', title: 'SRE' });
  await createFolder(handle, { uid: 'net', title: 'Networking' });
  const { dir } = await bootstrapFromGrafana(handle, async (token) => {
    await saveAsEditor(handle, token, model('svc-1', 'Service 1'), 'sre');
    await saveAsEditor(handle, token, model('svc-2', 'Service 2'), 'sre');
    await saveAsEditor(handle, token, model('edge', 'Edge'), 'net');
  });
  for (const [key, value] of [['user.name', 'Pasting user'], ['user.email', 'user@dashsync.invalid'], ['commit.gpgsign', 'false']]) await git(dir, 'config', key!, value!);
  return dir;
}

describe.each(['12', '13'] as const)('before dashsync applies a dashboard, pull keeps committed work (Grafana %s)', (grafanaVersion) => {
  it('a committed git mv and folder rename are kept, naming their commit and what Grafana still has, also after dashsync has applied another dashboard; once applied, pull leaves them', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await bootstrapped(handle);
    // dashsync has pushed in this tree already, just not this dashboard.
    await commitChange(dir, 'dashboards/sre/service-2.json', '"title": "Service 2"', '"description": "reviewed",\n  "title": "Service 2"');
    const applied = await dashsync(handle, dir, ['apply', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);

    await git(dir, 'mv', 'dashboards/sre/service-1.json', 'dashboards/networking/service-1.json');
    // walk-61 M1: the same commit renames the folder.
    const folderFile = join(dir, 'dashboards/networking/_folder.json');
    await writeFile(folderFile, (await readFile(folderFile, 'utf8')).replace('"title": "Networking"', '"title": "Network Edge"'));
    await commitAll(dir, 'move svc-1 to net, rename net');
    const sha = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    const moved = await readFile(join(dir, 'dashboards/networking/service-1.json'), 'utf8');

    const pulled = await dashsync(handle, dir, ['pull']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    const kept = lines(pulled.stdout).find((line) => line.includes('service-1.json'));
    expect(kept).toMatch(
      new RegExp(
        `^kept +dashboards/networking/service-1\\.json: committed in ${sha} \\(moved here from dashboards/sre/service-1\\.json\\) and not applied yet: ` +
          `Grafana still has the version that commit started from \\(version 1 by [^)]*\\); dashsync plan shows the change, dashsync apply pushes it$`,
      ),
    );
    expect(lines(pulled.stdout).find((line) => line.includes('_folder.json'))).toMatch(
      new RegExp(
        `^kept +dashboards/networking/_folder\\.json: the title "Network Edge" committed in ${sha}, where an earlier commit had Grafana's title \\("Networking"\\): ` +
          "a rename not applied yet, or one applied and undone in Grafana since \\(folders keep no history there, so pull cannot tell which\\); dashsync plan shows the change, dashsync apply pushes it; to take Grafana's title instead: dashsync pull --force net$",
      ),
    );
    expect(pulled.stdout).not.toMatch(/^(moved|wrote)/m);
    expect(pulled.stdout).toContain('2 kept');
    expect(await readFile(folderFile, 'utf8')).toContain('"title": "Network Edge"');
    expect(await readFile(join(dir, 'dashboards/networking/service-1.json'), 'utf8')).toBe(moved);
    expect(existsSync(join(dir, 'dashboards/sre/service-1.json'))).toBe(false);
    expect(await git(dir, 'status', '--porcelain')).toBe('');

    const planned = await dashsync(handle, dir, ['plan']);
    expect(planned.stdout).toContain('Plan: 0 to create, 0 to update, 1 to move, 0 to delete');
    expect(planned.stdout).toContain('renamed from "Networking"');
    expect((await dashsync(handle, dir, ['apply', '--auto-approve'])).code).toBe(0);
    const after = await dashsync(handle, dir, ['pull']);
    expect(after.code, after.stdout + after.stderr).toBe(0);
    expect(after.stdout).toMatch(/^Pull: 0 created, 0 updated, 0 moved, 3 unchanged, 0 deleted\./m);

    // The move applied, someone moves the dashboard back in Grafana: that move is Grafana's, and pull takes it.
    const live = await apiRequest(handle, 'GET', '/api/dashboards/uid/svc-1');
    await saveAsEditor(handle, await handle.createToken('Editor'), { ...live.body.dashboard, version: live.body.dashboard.version }, 'sre');
    const back = await dashsync(handle, dir, ['pull']);
    expect(back.code, back.stdout + back.stderr).toBe(0);
    expect(lines(back.stdout)).toContain('moved  dashboards/networking/service-1.json → dashboards/sre/service-1.json');
  });

  it('a folder rename dashsync applied and someone undid in Grafana: pull does not call it not applied yet, and names the pull that takes Grafana\'s title', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await bootstrapped(handle);
    const folderFile = join(dir, 'dashboards/networking/_folder.json');
    await writeFile(folderFile, (await readFile(folderFile, 'utf8')).replace('"title": "Networking"', '"title": "Network Edge"'));
    await commitAll(dir, 'rename net');
    const sha = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    const applied = await dashsync(handle, dir, ['apply', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect((await apiRequest(handle, 'GET', '/api/folders/net')).body.title).toBe('Network Edge');
    // Someone renames it back in the UI: the rename was applied, and Grafana's title is the newer one.
    const undone = await apiRequest(handle, 'PUT', '/api/folders/net', { title: 'Networking', overwrite: true });
    expect(undone.status, undone.text).toBe(200);

    const pulled = await dashsync(handle, dir, ['pull']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    const line = lines(pulled.stdout).find((each) => each.includes('_folder.json'));
    expect(line).toBe(
      `kept  dashboards/networking/_folder.json: the title "Network Edge" committed in ${sha}, where an earlier commit had Grafana's title ("Networking"): ` +
        'a rename not applied yet, or one applied and undone in Grafana since (folders keep no history there, so pull cannot tell which); ' +
        "dashsync plan shows the change, dashsync apply pushes it; to take Grafana's title instead: dashsync pull --force net",
    );
    const forced = await dashsync(handle, dir, ['pull', '--force', 'net']);
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(await readFile(folderFile, 'utf8')).toContain('"title": "Networking"');
  });

  it("apply's conflict advice holds: the advised pull refuses the committed edit someone saved over in Grafana; its pasted merge keeps both", async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await bootstrapped(handle);
    const bootstrap = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    const file = join(dir, 'dashboards/sre/service-1.json');
    const { text: edited, sha } = await commitChange(dir, 'dashboards/sre/service-1.json', '"title": "Memory"', '"title": "Memory (PR)"');
    const planned = await dashsync(handle, dir, ['plan', '--out', 'plan.json']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    await editInUi(handle, 'svc-1', 'Edited in the Grafana UI');

    const applied = await dashsync(handle, dir, ['apply', 'plan.json']);
    expect(applied.code).toBe(1);
    expect(applied.stdout + applied.stderr).toContain('dashsync pull svc-1 to bring the live edit into the file (it refuses a file that holds a change not applied yet, and says how to merge the two)');

    const refused = await pasteInShell(handle, dir, 'dashsync pull svc-1');
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    const line = lines(refused.stdout).find((each) => each.startsWith('refused'))!;
    expect(line).toMatch(
      new RegExp(
        `^refused +dashboards/sre/service-1\\.json: changed on both sides since Grafana's version 1, which commit ${bootstrap} holds \\(no push of dashsync's since\\): ` +
          `in git by ${sha}, not applied yet, and in Grafana \\(version 2 by [^)]*\\)\\. To merge by hand, run: `,
      ),
    );
    expect(await readFile(file, 'utf8')).toBe(edited);

    const steps = /To merge by hand, run: (.*?) \(where git apply/.exec(line)![1]!;
    expect(steps).toContain(`git diff ${bootstrap} ${sha} -- dashboards/sre/service-1.json | git apply --3way`);
    const merged = await pasteInShell(handle, dir, steps);
    expect(merged.code, merged.stdout + merged.stderr).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ description: 'Edited in the Grafana UI', panels: [expect.objectContaining({ title: 'CPU' }), expect.objectContaining({ title: 'Memory (PR)' }), expect.objectContaining({ title: 'Disk' })] });
    expect(await git(dir, 'status', '--porcelain')).toBe('?? plan.json\n');
    const after = await dashsync(handle, dir, ['plan']);
    expect(after.stdout).toContain('Plan: 0 to create, 1 to update, 0 to move, 0 to delete, 2 unchanged.');
    expect(after.stdout).toContain('~ panels[id=2].title: "Memory" → "Memory (PR)"');
  });

  // walk-69 M3: a commit that changed only what pull and plan do not compare (here the layout; in the walk, the apiVersion) sat
  // between the commit holding Grafana's version and the edit. The refusal named the older commit, its merge steps diffed from
  // the newer; the plan's edit-in-git note named the newer one, which holds no edit of anyone's.
  it('a layout-only commit after the pulled version: the refusal names the commit its merge steps diff from; the plan note names the pull', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await bootstrapped(handle);
    const file = join(dir, 'dashboards/sre/service-1.json');
    await editInUi(handle, 'svc-1', 'Edited in the Grafana UI');
    expect((await dashsync(handle, dir, ['pull', 'svc-1'])).code).toBe(0);
    await commitAll(dir, 'pull svc-1');
    const pulled = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    await writeFile(file, JSON.stringify(JSON.parse(await readFile(file, 'utf8')), null, 4));
    await commitAll(dir, 'reindent');
    const reindented = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    const { sha } = await commitChange(dir, 'dashboards/sre/service-1.json', '"title": "Memory"', '"title": "Memory (PR)"');

    const planned = await dashsync(handle, dir, ['plan']);
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
    const note = lines(planned.stdout).find((line) => line.includes('edit in git'));
    expect(note, planned.stdout).toMatch(new RegExp(`is in commit ${pulled} "pull svc-1" of this branch`));

    await editInUi(handle, 'svc-1', 'Edited again in the Grafana UI');
    const refused = await dashsync(handle, dir, ['pull', 'svc-1']);
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    const line = lines(refused.stdout).find((each) => each.startsWith('refused'))!;
    expect(line).toMatch(new RegExp(`changed on both sides since Grafana's version 2, which commit ${reindented} holds \\(no push of dashsync's since\\): in git by ${sha}, not applied yet`));
    expect(line).toContain(`git diff ${reindented} ${sha} -- dashboards/sre/service-1.json`);
  });

  it('a branch merged over a pulled UI edit: pull keeps the merge (the file holds both); a later UI edit is refused with merge steps that keep the branch\'s change', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await bootstrapped(handle);
    const file = join(dir, 'dashboards/sre/service-1.json');
    const minutesOn = (minutes: number) => new Date(Date.now() + minutes * 60_000);
    await git(dir, 'checkout', '-q', '-b', 'feature');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"title": "Memory"', '"title": "Memory (PR)"'));
    await commitAll(dir, 'feature: memory title', minutesOn(1));
    await git(dir, 'checkout', '-q', 'main');
    await editInUi(handle, 'svc-1', 'Edited in the Grafana UI');
    expect((await dashsync(handle, dir, ['pull', 'svc-1'])).code).toBe(0);
    await commitAll(dir, 'pull svc-1', minutesOn(2));
    const pulled = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    await git(dir, 'merge', '-q', '--no-ff', 'feature', '-m', 'merge feature');
    const merge = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    const merged = await readFile(file, 'utf8');
    expect(merged).toContain('Memory (PR)');
    expect(merged).toContain('Edited in the Grafana UI');

    // Grafana holds what the pull's commit holds: the merge since is not applied yet (git log lists no file of a merge
    // unless asked; main took the pulled commit for the file as it is, and refused with steps that undo the branch's edit).
    const kept = await dashsync(handle, dir, ['pull']);
    expect(kept.code, kept.stdout + kept.stderr).toBe(0);
    expect(lines(kept.stdout).find((line) => line.includes('service-1.json'))).toMatch(new RegExp(`^kept +dashboards/sre/service-1\\.json: committed in ${merge} and not applied yet: `));
    expect(await readFile(file, 'utf8')).toBe(merged);

    // Someone edits it in Grafana again: both changed since the pulled version; the pasted merge keeps the branch's edit.
    await editInUi(handle, 'svc-1', 'Edited again in the Grafana UI');
    const refused = await pasteInShell(handle, dir, 'dashsync pull svc-1');
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    const line = lines(refused.stdout).find((each) => each.startsWith('refused'))!;
    expect(line).toMatch(new RegExp(`changed on both sides since Grafana's version 2, which commit ${pulled} holds \\(no push of dashsync's since\\): in git by ${merge}, not applied yet`));
    const steps = /To merge by hand, run: (.*?) \(where git apply/.exec(line)![1]!;
    const pasted = await pasteInShell(handle, dir, steps);
    expect(pasted.code, pasted.stdout + pasted.stderr).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ description: 'Edited again in the Grafana UI', panels: [expect.objectContaining({ title: 'CPU' }), expect.objectContaining({ title: 'Memory (PR)' }), expect.objectContaining({ title: 'Disk' })] });
  });

  // review-62c: Grafana's earlier versions were read in the live one's form only, so a pulled classic file saved over in the
  // v2 editor compared with none of them, and its line said the commit's content was replaced, "their history was not read".
  it('a pulled file saved over in the v2 editor: its updated line names no commit (the commit holds the classic version before)', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await bootstrapped(handle);
    expect((await fetch(`${handle.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'svc-1' }) })).status).toBe(200);

    const pulled = await dashsync(handle, dir, ['pull', '--api', 'auto']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    const line = lines(pulled.stdout).find((each) => each.includes('service-1.json'));
    expect(line).toMatch(/^updated +dashboards\/sre\/service-1\.json/);
    expect(line).not.toContain('commit');
    expect(await git(dir, 'status', '--porcelain')).toBe(' M dashboards/sre/service-1.json\n');
  });

  // pull-62: where no commit of the file holds one of Grafana's last 10 versions, Grafana's version is still taken (a UI-only
  // team must not be refused), but its line says which commit's content it replaced and how to see it (before: a bare
  // `updated` line, exit 0, and the committed edit gone from the tree with nothing naming it).
  it("a committed edit Grafana never had is replaced with a line naming its commit and how to see it; an ordinary UI edit's line stays bare", async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await bootstrapped(handle);
    const token = await handle.createToken('Editor');
    // The team's hand edit, committed, never applied; then eleven saves in the UI: the version the bootstrap pulled is
    // older than the last 10 pull compares.
    const { text: edited, sha } = await commitChange(dir, 'dashboards/sre/service-1.json', '"title": "Memory"', '"title": "Memory (PR)"');
    for (let n = 1; n <= 11; n++) await editInUi(handle, 'svc-1', `UI edit ${n}`);
    // A file written by hand for a dashboard someone then made in Grafana with other content.
    await writeFile(join(dir, 'dashboards/sre/service-3.json'), `${JSON.stringify(model('svc-3', 'Service 3 (ours)'), null, 2)}\n`);
    await commitAll(dir, 'add svc-3 by hand');
    const handMade = (await git(dir, 'rev-parse', 'HEAD')).trim();
    await saveAsEditor(handle, token, model('svc-3', 'Service 3'), 'sre');
    // An ordinary UI edit of a pulled file: Grafana's earlier version is what the file holds.
    await editInUi(handle, 'svc-2', 'Edited in the UI');

    const pulled = await dashsync(handle, dir, ['pull']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(/^Pull: 0 created, 3 updated, 0 moved, 1 unchanged, 0 deleted\.$/m);
    const line = (file: string) => lines(pulled.stdout).find((each) => each.includes(file));
    expect(line('service-1.json')).toMatch(
      new RegExp(
        `^updated +dashboards/sre/service-1\\.json: changed in Grafana \\(version 12 by [^)]*\\): Grafana's version replaces the content of commit ${sha}, ` +
          `which none of the 10 earlier versions of Grafana's that pull compared \\(2 to 11\\) holds \\(git show ${sha}:dashboards/sre/service-1\\.json\\)$`,
      ),
    );
    expect(line('service-3.json')).toMatch(
      new RegExp(`^updated +dashboards/sre/service-3\\.json: changed in Grafana \\(version 1 by [^)]*\\): Grafana's version replaces the content of commit ${handMade.slice(0, 12)}, which Grafana never had \\(git show ${handMade.slice(0, 12)}:dashboards/sre/service-3\\.json\\)$`),
    );
    expect(line('service-2.json')).toMatch(/^updated +dashboards\/sre\/service-2\.json$/);
    expect(JSON.parse(await readFile(join(dir, 'dashboards/sre/service-1.json'), 'utf8'))).toMatchObject({ description: 'UI edit 11' });

    // The advised command shows what was replaced, as committed.
    const shown = await pasteInShell(handle, dir, /\(git show ([^)]*)\)$/.exec(line('service-1.json')!)![0].slice(1, -1));
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toBe(edited);

    // JSON: the same fact as a field (a dry run of the same pull, from the committed tree).
    await git(dir, 'checkout', '-q', '--', '.');
    const json = await dashsync(handle, dir, ['pull', '--dry-run', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const records = json.stdout.trim().split('\n').map((each) => JSON.parse(each) as Record<string, unknown>);
    const service3 = records.find((record) => record.uid === 'svc-3')!;
    expect(service3).toMatchObject({ type: 'updated', replacedCommit: { commit: handMade, path: 'dashboards/sre/service-3.json', versionsCompared: [], allCompared: true } });
    expect(service3.text).toContain("Grafana's version would replace the content of commit");
    expect(records.find((record) => record.uid === 'svc-1')).toMatchObject({ replacedCommit: { versionsCompared: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11], allCompared: false } });
    expect(records.find((record) => record.uid === 'svc-2')).not.toHaveProperty('replacedCommit');
  });
});

describe('a reverted commit (Grafana 12; walk-65 L5)', () => {
  it("names the commit the unapplied change starts with, though a revert brought its text back later", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await bootstrapped(handle);
    const renamed = await commitChange(dir, 'dashboards/sre/service-1.json', '"title": "Service 1"', '"title": "Service 1 (renamed)"');
    await commitChange(dir, 'dashboards/sre/service-1.json', '"title": "Service 1 (renamed)"', '"tags": ["all"],\n  "title": "Service 1 (renamed)"');
    await git(dir, 'revert', '--no-edit', 'HEAD');

    const pulled = await dashsync(handle, dir, ['pull']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(lines(pulled.stdout).find((line) => line.includes('service-1.json'))).toMatch(
      new RegExp(`^kept +dashboards/sre/service-1\\.json: committed in ${renamed.sha} \\(and 2 later commits\\) and not applied yet: Grafana still has the version that commit started from \\(version 1 by `),
    );
  });
});
