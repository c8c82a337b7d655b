import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { countGitCalls, gitCommandOf } from '../helpers/count-git-calls.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';
import { bootstrapFromGrafana, commitAndApplyTwo, commitChange, createFolder, dashsync, git } from './pull-fixture.js';

const model = (uid: string, title: string) => ({ uid, title, panels: [{ id: 1, type: 'timeseries', title: 'CPU', gridPos: { x: 0, y: 0, w: 12, h: 8 } }] });

/** Saves as a person at the UI would (an Editor, not the login dashsync uses). */
async function saveAsEditor(handle: SandboxHandle, token: string, dashboard: Record<string, unknown>): Promise<void> {
  const live = await apiRequest(handle, 'GET', `/api/dashboards/uid/${String(dashboard.uid)}`);
  const version = live.status === 200 ? live.body.dashboard.version : undefined;
  const saved = await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: { ...dashboard, version, id: null }, folderUid: 'sre', overwrite: false }, bearerHeaders(token));
  expect(saved.status, saved.text).toBe(200);
}

describe.each(['11.2', '13'] as const)('after a bootstrap, pull keeps a commit not applied yet (Grafana %s)', (grafanaVersion) => {
  it('kept, naming the commit, while Grafana holds what the commit started from; a later edit in Grafana is refused as changed on both sides', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    await createFolder(sandbox, { uid: 'sre', title: 'SRE' });
    // Made in Grafana before the bootstrap: dashsync never saved these.
    const { dir, token } = await bootstrapFromGrafana(sandbox, async (token) => {
      await saveAsEditor(sandbox, token, model('svc-99', 'Service 99'));
      await saveAsEditor(sandbox, token, model('svc-100', 'Service 100'));
    });
    const saveDashboard = (dashboard: Record<string, unknown>) => saveAsEditor(sandbox, token, dashboard);
    const file = join(dir, 'dashboards/sre/service-99.json');
    const { text: edited, sha } = await commitChange(dir, 'dashboards/sre/service-99.json', '"title": "Service 99"', '"description": "reviewed change",\n  "title": "Service 99"');
    // An edit made in Grafana after the bootstrap, to another dashboard: pull takes it.
    await saveDashboard({ ...model('svc-100', 'Service 100'), description: 'edited in the UI' });

    // Both files would be replaced by Grafana's version: git is asked about them together (one history walk, which also finds a
    // file brought back after a deletion since perf-69a, and one cat-file).
    const { result: pulled, calls } = await countGitCalls(() => dashsync(sandbox, dir, ['pull']));
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(calls.map(gitCommandOf).filter((command) => command === 'log' || command === 'cat-file')).toEqual(['log', 'cat-file']);
    expect(pulled.stdout).toMatch(new RegExp(`kept +dashboards/sre/service-99\\.json: committed in ${sha} and not applied yet: Grafana still has the version that commit started from \\(version 1 by `));
    expect(pulled.stdout).toMatch(/updated +dashboards\/sre\/service-100\.json/);
    expect(await readFile(file, 'utf8')).toBe(edited);
    const planned = await dashsync(sandbox, dir, ['plan']);
    expect(planned.stdout).toContain('Plan: 0 to create, 1 to update');
    expect(planned.stdout).toContain('+ description: "reviewed change"');

    // Someone edits it in Grafana too, over the version the bootstrap's commit holds: both sides changed since (walk-61 H2).
    await saveDashboard({ ...model('svc-99', 'Service 99 (UI)') });
    const again = await dashsync(sandbox, dir, ['pull']);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(new RegExp(`refused +dashboards/sre/service-99\\.json: changed on both sides since Grafana's version 1, which commit [0-9a-f]{12} holds \\(no push of dashsync's since\\): in git by ${sha}, not applied yet, and in Grafana \\(version 2 by `));
    expect(await readFile(file, 'utf8')).toBe(edited);
  });
  it('an edit not committed, while Grafana still holds what the file\'s last commit holds: kept as the file\'s change, not called a change in Grafana too', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    await createFolder(sandbox, { uid: 'sre', title: 'SRE' });
    const { dir, token } = await bootstrapFromGrafana(sandbox, (token) => saveAsEditor(sandbox, token, model('svc-99', 'Service 99')));
    const sha = (await git(dir, 'rev-parse', 'HEAD')).trim().slice(0, 12);

    const file = join(dir, 'dashboards/sre/service-99.json');
    const edited = (await readFile(file, 'utf8')).replace('"title": "Service 99"', '"description": "my edit",\n  "title": "Service 99"');
    await writeFile(file, edited);
    const pulled = await dashsync(sandbox, dir, ['pull']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(pulled.stdout).not.toContain('and in Grafana');
    expect(pulled.stdout).toMatch(new RegExp(`kept +dashboards/sre/service-99\\.json: your edit, not committed: Grafana has not changed since; it still holds what the file's last commit ${sha} holds \\(version 1 by `));
    expect(await readFile(file, 'utf8')).toBe(edited);

    // Someone edits it in Grafana too: now both changed, and pull says so and leaves the file.
    await saveAsEditor(sandbox, token, { ...model('svc-99', 'Service 99 (UI)') });
    const again = await dashsync(sandbox, dir, ['pull']);
    expect(again.stdout).toMatch(/changed here \(not committed\) and in Grafana \(version 2 by /);
    expect(await readFile(file, 'utf8')).toBe(edited);
  });
});

describe('a branch behind dashsync\'s last push (Grafana 12; walk-65 L6)', () => {
  it("keeps the file with the plan's words: Grafana holds a push from a commit HEAD does not contain, not a change waiting here", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const { dir } = await commitAndApplyTwo(sandbox);
    const main = (await git(dir, 'rev-parse', '--abbrev-ref', 'HEAD')).trim();
    await git(dir, 'checkout', '-q', '-b', 'retitle');
    const { sha } = await commitChange(dir, 'dashboards/work.json', '"title": "Workloads"', '"title": "Workloads (renamed)"');
    const applied = await dashsync(sandbox, dir, ['apply', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    await git(dir, 'checkout', '-q', main);

    const pulled = await dashsync(sandbox, dir, ['pull']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(pulled.stdout).toMatch(
      new RegExp(`^kept +dashboards/work\\.json: not in this branch: Grafana holds dashsync's version 2, saved from commit ${sha}[0-9a-f]* "change dashboards/work\\.json", which HEAD does not contain; this file is older than it, not a change to apply\\. Rebase this branch on that commit \\(on main, once it is merged there\\) and pull again$`, 'm'),
    );
    const planned = await dashsync(sandbox, dir, ['plan']);
    expect(planned.stdout).toMatch(new RegExp(`not in this branch: work "Workloads \\(renamed\\)" \\(version 2\\) was saved by dashsync from commit ${sha}`));
  });
});
