import { DASHBOARD_DIGESTS, digestActions } from '../../../src/plan/action-digests.js';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { editFile, exampleWorkspace, readJson, useApi, workspaceAt, writes } from './workspace.js';

// Every test spawns the CLI several times (about a second of start-up each on a busy machine).
vi.setConfig({ testTimeout: 120_000 });

describe('apply plan.json refuses a plan it must not apply, before any write', () => {
  it('a plan made for another Grafana URL', async () => {
    const planned = await startTestSandbox();
    const other = await startTestSandbox();
    const workspace = await exampleWorkspace(planned);
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).code).toBe(0);

    const result = await workspaceAt(workspace.dir, other).cli(['apply', 'plan.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: the plan was made for ${planned.url}, not ${other.url}; nothing was applied. For this Grafana, run dashsync plan --out plan.json again and review it, then dashsync apply plan.json\n`,
    );
    expect(writes(other)).toEqual([]);
    expect(writes(planned)).toEqual([]);
  });

  it('a plan made for another org', async () => {
    const sandbox = await startTestSandbox();
    const org = await apiRequest(sandbox, 'POST', '/api/orgs', { name: 'Second' });
    expect(org.status).toBe(200);
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).code).toBe(0);

    sandbox.clearRequests();
    const result = await workspace.cli(['apply', 'plan.json'], { GRAFANA_ORG_ID: String(org.body.orgId) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: the plan was made for org 1 (the credentials' default), not org ${org.body.orgId}; nothing was applied. For this org, run dashsync plan --out plan.json again and review it, then dashsync apply plan.json\n`,
    );
    expect(writes(sandbox)).toEqual([]);
  });

  // audit-ux-4 F29: the same org named two ways is the same org, both ways round; a plan that predates the record still refuses.
  it.each(['legacy', 'k8s'] as const)('a plan made without an org id applies with GRAFANA_ORG_ID=1, the same org, and the reverse (api %s)', async (api) => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, api);
    const token = { GRAFANA_TOKEN: await sandbox.createToken('Editor'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
    expect((await workspace.cli(['plan', '--out', 'plan.json'], token)).code).toBe(0);
    const plan = await readJson(join(workspace.dir, 'plan.json'));
    expect(plan.target).toMatchObject({ orgId: null, credentialsOrgId: 1 });

    const applied = await workspace.cli(['apply', 'plan.json'], { ...token, GRAFANA_ORG_ID: '1' });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Applied: 7 created');

    await editFile(workspace, 'dashboards/platform-overview.json', (model) => (model.description = 'with an org id'));
    expect((await workspace.cli(['plan', '--out', 'with-id.json'], { ...token, GRAFANA_ORG_ID: '1' })).code).toBe(0);
    const reverse = await workspace.cli(['apply', 'with-id.json'], token);
    expect(reverse.code, reverse.stderr).toBe(0);

    await writeFile(join(workspace.dir, 'older.json'), JSON.stringify({ ...plan, target: { ...plan.target, credentialsOrgId: undefined } }));
    const older = await workspace.cli(['apply', 'older.json'], { ...token, GRAFANA_ORG_ID: '1' });
    expect(older.code).toBe(1);
    expect(older.stderr).toBe("error: the plan was made for the credentials' default org, not org 1; nothing was applied. For this org, run dashsync plan --out older.json again and review it, then dashsync apply older.json\n");
  });

  it('a plan of an unknown format version, and a file that is not a plan', async () => {
    const sandbox = await startTestSandbox();
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const plan = await readJson(join(workspace.dir, 'plan.json'));
    await writeFile(join(workspace.dir, 'future.json'), JSON.stringify({ ...plan, formatVersion: 99 }));
    await writeFile(join(workspace.dir, 'old.json'), JSON.stringify({ formatVersion: 1, target: plan.target, folders: [], dashboards: [] }));
    await writeFile(join(workspace.dir, 'junk.json'), '{"dashboards": [');

    sandbox.clearRequests();
    const future = await workspace.cli(['apply', 'future.json']);
    expect(future.code).toBe(1);
    expect(future.stderr).toBe('error: future.json has plan format version 99, this dashsync reads version 2; re-run dashsync plan with this version; nothing was applied\n');
    const old = await workspace.cli(['apply', 'old.json']);
    expect(old.code).toBe(1);
    expect(old.stderr).toBe('error: old.json was made by an earlier dashsync (plan format 1); plan again: dashsync plan --out old.json; nothing was applied\n');
    const junk = await workspace.cli(['apply', 'junk.json']);
    expect(junk.code).toBe(1);
    expect(junk.stderr).toBe('error: junk.json is not a dashsync plan (invalid JSON at 1:17: unexpected end of file (missing closing bracket for the "[" at line 1, col 16)); apply takes a plan saved with: dashsync plan --out plan.json; nothing was applied\n');
    expect(writes(sandbox)).toEqual([]);
  });

  it('plan --out naming a dashboard file: refused, the file kept as it was', async () => {
    const sandbox = await startTestSandbox();
    const workspace = await exampleWorkspace(sandbox);
    const file = join(workspace.dir, 'dashboards/platform-overview.json');
    const before = await readFile(file, 'utf8');

    const result = await workspace.cli(['plan', '--out', 'dashboards/platform-overview.json']);
    expect([result.code, result.stdout]).toEqual([1, '']);
    expect(result.stderr).toBe(
      'error: dashboards/platform-overview.json exists and is not a dashsync plan, so it was not overwritten; save the plan elsewhere, e.g. --out plan.json\n',
    );
    expect(await readFile(file, 'utf8')).toBe(before);
    // Outside the tree too, a file that is not a plan is left alone.
    await writeFile(join(workspace.dir, 'notes.json'), '{"todo": []}\n');
    const notes = await workspace.cli(['plan', '--out', 'notes.json']);
    expect([notes.code, notes.stderr]).toEqual([1, 'error: notes.json exists and is not a dashsync plan, so it was not overwritten; save the plan elsewhere, e.g. --out plan.json\n']);
    expect(await readFile(join(workspace.dir, 'notes.json'), 'utf8')).toBe('{"todo": []}\n');
    const apply = await workspace.cli(['apply', 'dashboards/platform-overview.json']);
    expect(apply.stderr).toBe(
      'error: dashboards/platform-overview.json is not a dashsync plan (no formatVersion); apply takes a plan saved with: dashsync plan --out plan.json; nothing was applied\n',
    );
    expect(writes(sandbox)).toEqual([]);
  });

  it('a plan whose files changed since it was made, refused before any request', async () => {
    const sandbox = await startTestSandbox();
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const file = join(workspace.dir, 'dashboards/platform/databases/redis.json');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"title": "Redis"', '"title": "Redis (edited after the plan)"'));

    sandbox.clearRequests();
    const result = await workspace.cli(['apply', 'plan.json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: 1 file changed since the plan was made (dashboards/platform/databases/redis.json); nothing was applied. Run dashsync plan --out plan.json again and review it, then dashsync apply plan.json\n',
    );
    expect(sandbox.requests()).toEqual([]);
  });

  it('a plan whose file a merged pull request moved says the file is no longer at its path; a broken one, that it is invalid', async () => {
    const sandbox = await startTestSandbox();
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    await rename(join(workspace.dir, 'dashboards/platform/kubernetes/node-resources.json'), join(workspace.dir, 'dashboards/platform/node-resources.json'));
    const moved = await workspace.cli(['apply', 'plan.json']);
    expect([moved.code, moved.stderr]).toEqual([
      1,
      'error: 1 file changed since the plan was made (dashboards/platform/kubernetes/node-resources.json (no longer at this path)); nothing was applied. Run dashsync plan --out plan.json again and review it, then dashsync apply plan.json\n',
    ]);
    await rename(join(workspace.dir, 'dashboards/platform/node-resources.json'), join(workspace.dir, 'dashboards/platform/kubernetes/node-resources.json'));
    await writeFile(join(workspace.dir, 'dashboards/platform/databases/redis.json'), '{"uid": "redis", "title": ');
    const broken = await workspace.cli(['apply', 'plan.json']);
    expect(broken.stderr).toMatch(/^error: 1 file changed since the plan was made \(dashboards\/platform\/databases\/redis\.json \(invalid\)\); nothing was applied/);
    expect(writes(sandbox)).toEqual([]);
  });

  it('a hand-edited plan whose deletes contradict its own prune scope (issue 10), before any request', async () => {
    const sandbox = await startTestSandbox();
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await rm(join(workspace.dir, 'dashboards/platform/databases/redis.json'));
    expect((await workspace.cli(['plan', '--prune', '--out', 'plan.json'])).code).toBe(0);
    const plan = await readJson(join(workspace.dir, 'plan.json'));
    await writeFile(join(workspace.dir, 'no-prune.json'), JSON.stringify({ ...plan, prune: false }));
    const root = { ...plan.actions.find((a: { action: string }) => a.action === 'delete'), folderUid: null };
    // Made by hand with its record of the dashboard actions made again (else that record tells the edit first).
    const actions = [...plan.actions.filter((a: { action: string }) => a.action !== 'delete'), root];
    await writeFile(join(workspace.dir, 'general.json'), JSON.stringify({ ...plan, actions, dashboardActionsSha256: digestActions(DASHBOARD_DIGESTS, actions) }));

    sandbox.clearRequests();
    const noPrune = await workspace.cli(['apply', 'no-prune.json']);
    expect([noPrune.code, noPrune.stdout]).toEqual([1, '']);
    expect(noPrune.stderr).toBe(
      'error: no-prune.json contradicts itself: it deletes dashboard redis-exporter but records prune false; nothing was applied. Make the plan again with dashsync plan --prune --out no-prune.json\n',
    );
    const general = await workspace.cli(['apply', 'general.json']);
    expect(general.code).toBe(1);
    expect(general.stderr).toBe(
      'error: general.json contradicts itself: it deletes dashboard redis-exporter in the General level, outside its prune scope "folders" (the folders it records as managed); nothing was applied. Make the plan again with dashsync plan --out general.json\n',
    );
    expect(sandbox.requests()).toEqual([]);
  });

  it('a plan without its git record or creation time: one line naming the file, not an unexpected failure', async () => {
    const sandbox = await startTestSandbox();
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const plan = await readJson(join(workspace.dir, 'plan.json'));
    const { git: _git, ...withoutGit } = plan;
    await writeFile(join(workspace.dir, 'no-git.json'), JSON.stringify(withoutGit));
    await writeFile(join(workspace.dir, 'bad-time.json'), JSON.stringify({ ...plan, createdAt: 20260101 }));

    sandbox.clearRequests();
    const noGit = await workspace.cli(['apply', 'no-git.json']);
    expect([noGit.code, noGit.stdout]).toEqual([1, '']);
    expect(noGit.stderr).toBe('error: no-git.json is not a valid dashsync plan: git must be an object of sha, subject and actor; re-run dashsync plan --out no-git.json; nothing was applied\n');
    const badTime = await workspace.cli(['apply', 'bad-time.json']);
    expect(badTime.stderr).toBe('error: bad-time.json is not a valid dashsync plan: createdAt must be a time; re-run dashsync plan --out bad-time.json; nothing was applied\n');
    expect(sandbox.requests()).toEqual([]);
  });
});

describe('apply plan.json', () => {
  it('counts what the actions do, not what the saved summary says: a summary of no changes does not hide the creates', async () => {
    const sandbox = await startTestSandbox();
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    const plan = await readJson(join(workspace.dir, 'plan.json'));
    const quiet = Object.fromEntries(Object.keys(plan.summary).map((key) => [key, 0]));
    await writeFile(join(workspace.dir, 'plan.json'), JSON.stringify({ ...plan, summary: quiet }));

    const result = await workspace.cli(['apply', 'plan.json']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(result.stdout).not.toContain('Nothing to apply');
    expect(result.stdout.endsWith('\nApplied: 7 created, 0 updated, 0 moved, 0 deleted. Folders: 5 created\n')).toBe(true);
  });

  it('applies exactly the saved plan: a dashboard added to the tree after the plan is not created', async () => {
    const sandbox = await startTestSandbox();
    const workspace = await exampleWorkspace(sandbox);
    expect((await workspace.cli(['plan', '--out', 'plan.json'])).code).toBe(0);
    await writeFile(join(workspace.dir, 'dashboards/late.json'), JSON.stringify({ uid: 'late-arrival', title: 'Late arrival', panels: [] }));

    const result = await workspace.cli(['apply', 'plan.json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('created: ') && !line.startsWith('created: folder '))).toHaveLength(7);
    expect(result.stdout).not.toContain('late-arrival');
    expect(result.stdout.endsWith('\nApplied: 7 created, 0 updated, 0 moved, 0 deleted. Folders: 5 created\n')).toBe(true);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/late-arrival')).status).toBe(404);
  });
});
