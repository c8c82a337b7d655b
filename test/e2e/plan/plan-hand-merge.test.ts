import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitAll, commitAndApplyTwo, commitChange, dashsync, editInUi, git, lines } from '../../pull/pull-fixture.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';

/** The live dashboard's schemaVersion, read through /api (what Grafana stores; 12 and 13 keep an /api save as v0alpha1). */
async function storedSchemaVersion(handle: Awaited<ReturnType<typeof startTestSandbox>>, uid: string): Promise<unknown> {
  const read = await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`);
  expect(read.status, read.text).toBe(200);
  return read.body.dashboard.schemaVersion;
}

// The PR flow after a save in Grafana's editor (walk-through 12, U2): dashsync writes classic files through /api (--api auto).
describe.each(['12', '13'] as const)('the pull-request flow after an edit in Grafana %s', (grafanaVersion) => {
  it('pull --force, commit, merge by hand, commit: the plan names the commit that holds the live edit instead of warning that it is lost', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir } = await commitAndApplyTwo(handle);
    await commitChange(dir, 'dashboards/work.json', '"title": "Workloads"', '"title": "Workloads (PR)"');
    await editInUi(handle, 'work', 'Edited in the UI');

    const before = await dashsync(handle, dir, ['plan']);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toContain('! drift: work "Workloads" was last saved in Grafana by editor');

    // The plain pull refuses a file changed on both sides; --force takes Grafana's version, which is committed before the merge.
    const pulled = await dashsync(handle, dir, ['pull', '--force', 'work']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    await commitAll(dir, 'pull work from Grafana');
    const pullCommit = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    const file = join(dir, 'dashboards/work.json');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"title": "Workloads"', '"title": "Workloads (PR)"'));
    await commitAll(dir, 'merge the edit into the PR');

    const after = await dashsync(handle, dir, ['plan']);
    expect(after.code, after.stderr).toBe(0);
    const out = lines(after.stdout);
    expect(out.filter((line) => line.includes('drift'))).toEqual([]);
    expect(out).toContain(
      `  edit in git: work "Workloads": the live edit (version 2 by editor) is in commit ${pullCommit} "pull work from Grafana" of this branch, and the changes listed are made on top of it (a later commit that dropped part of that edit drops it in Grafana too)`,
    );
    expect(out).toContain('      ~ title: "Workloads" → "Workloads (PR)"');
    expect(out).toContain('Plan: 0 to create, 1 to update, 0 to move, 0 to delete, 1 unchanged.');

    const json = await dashsync(handle, dir, ['plan', '--format', 'json']);
    expect(JSON.parse(json.stdout).warnings).toEqual([expect.objectContaining({ kind: 'note', code: 'edit-in-git', uid: 'work' })]);
  });

  it('a later commit that dropped the pulled edit: the note does not say nothing is lost, and the plan lists the edit removed', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir } = await commitAndApplyTwo(handle);
    await editInUi(handle, 'work', 'important UI edit');
    const pulled = await dashsync(handle, dir, ['pull', 'work']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    await commitAll(dir, 'pull work');
    const pullCommit = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    const file = join(dir, 'dashboards/work.json');
    const held = await readFile(file, 'utf8');
    expect(held).toContain('"description": "important UI edit"');
    await writeFile(file, held.replace(/\s*"description": "important UI edit",/, ''));
    await commitAll(dir, 'an old branch merged over it');

    const planned = await dashsync(handle, dir, ['plan']);
    expect(planned.code, planned.stderr).toBe(0);
    const out = lines(planned.stdout);
    expect(out).toContain('      - description: "important UI edit"');
    const note = out.find((line) => line.includes('edit in git: work'));
    expect(note).toContain(`is in commit ${pullCommit} "pull work" of this branch, and the changes listed are made on top of it`);
    expect(note).not.toContain('loses nothing');
  });

  it('a file older than the schemaVersion an edit in Grafana saved: the change is shown and said to be real, apply stores it, the next plan is a no-op', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const { dir } = await commitAndApplyTwo(handle);
    await editInUi(handle, 'work', 'Edited in the UI');
    const migrated = await storedSchemaVersion(handle, 'work');
    expect(migrated).toBeGreaterThan(39);
    // Grafana's edit taken over by hand, except the schemaVersion: the file stays at 39.
    await commitChange(dir, 'dashboards/work.json', '"title": "Workloads"', '"description": "Edited in the UI",\n  "title": "Workloads"');

    const planned = await dashsync(handle, dir, ['plan']);
    expect(planned.code, planned.stderr).toBe(0);
    const out = lines(planned.stdout);
    expect(out).toContain(`      ~ schemaVersion: ${migrated} → 39`);
    expect(out).toContain(
      `  older schema: work "Workloads" (dashboards/work.json): the file's schemaVersion 39 is older than Grafana's copy (${migrated}: Grafana's editor saves a dashboard at its newest schema); ` +
        "/api stores the file as it is (Grafana does not migrate it on write), and Grafana's editor migrates it again when the dashboard is opened",
    );
    expect(out).toContain('Plan: 0 to create, 1 to update, 0 to move, 0 to delete, 1 unchanged.');

    // The drift warning stays (dashsync cannot tell the file took the edit by hand): --auto-approve alone would keep the
    // edit as a conflict, no one having reviewed this plan; the file holds it, so --force loses nothing.
    const applied = await dashsync(handle, dir, ['apply', '--auto-approve', '--force']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(await storedSchemaVersion(handle, 'work')).toBe(39);
    const again = await dashsync(handle, dir, ['plan']);
    expect(again.stdout).toContain('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 2 unchanged.');
    expect(again.stdout).not.toContain('older schema');
  });
});
