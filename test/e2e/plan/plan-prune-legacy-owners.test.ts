import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { basicWithGone } from './basic-with-gone.js';
import { copyFixture, dashsync, editJson, lines, saveLive, seedLive, writeJson } from './plan-fixture.js';

/**
 * The basic tree (its config says `"api": "legacy"`) applied, plus dashboards without a file in its folder infra: one
 * Terraform manages and one Git Sync keeps (both marked on /apis only), one made in Grafana, and one dashsync pushed
 * before its file was removed; with `tookOver`, one dashsync pushed that Terraform took over since (review-63 H2).
 */
async function treeWithOthersInInfra(handle: SandboxHandle, { tookOver = false } = {}): Promise<string> {
  const dir = await basicWithGone(handle);
  // Terraform and a person in the UI save with credentials of their own (a first version by dashsync's is dashsync's).
  const others = bearerHeaders(await handle.createToken('Admin'));
  const version = handle.grafanaVersion === '12' ? 'v1beta1' : 'v1';
  const terraform = { 'grafana.app/folder': 'infra', 'grafana.app/managedBy': 'terraform', 'grafana.app/managerId': 'prod' };
  const made = await apiRequest(handle, 'POST', `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards`, { metadata: { name: 'tf-net', annotations: terraform }, spec: { title: 'Network (Terraform)' } }, others);
  expect(made.status).toBe(201);
  if (tookOver) {
    // Pushed by dashsync, then Terraform's import and apply made it Terraform's: a save of its own, its mark on /apis only.
    await saveLive(handle, { uid: 'tf-took', title: 'Taken by Terraform', panels: [] }, 'infra', 'dashsync: abc123 tf-took');
    const path = `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards/tf-took`;
    const pushed = (await apiRequest(handle, 'GET', path)).body;
    const takenOver = { ...pushed, metadata: { ...pushed.metadata, annotations: { ...pushed.metadata.annotations, ...terraform } }, spec: { ...pushed.spec, description: 'Terraform keeps it now' } };
    expect((await apiRequest(handle, 'PUT', path, takenOver, others)).status).toBe(200);
  }
  await handle.syncFromRepository({ dashboard: { uid: 'gs-oncall', title: 'On-call' }, folderUid: 'infra', repository: 'ops', path: 'oncall.json' });
  await saveLive(handle, { uid: 'ui-made', title: 'Made in the UI', panels: [] }, 'infra', 'ui', others);
  return dir;
}

describe.each(['12', '13'] as const)('prune through /api (api "legacy") on Grafana %s, where other tools\' ownership is on /apis only', (grafanaVersion) => {
  it('deletes only what dashsync saved last and holds the others, one Terraform took over since dashsync pushed it among them, in one warning that names the plan that can tell', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await treeWithOthersInInfra(handle, { tookOver: true });

    const result = await dashsync(handle, dir, ['plan', '--prune']);

    const out = lines(result.stdout);
    expect(out.filter((line) => line.startsWith('- delete'))).toEqual([
      '- delete        "Gone" (uid gone, live version 1) in "Infrastructure"; no file in the tree (backed up before delete)',
    ]);
    expect(out).toContain(
      `  ! 4 deletes held: api "legacy" reads /api, which does not show which tool manages a dashboard on Grafana ${grafanaVersion} ` +
        '(Terraform, Git Sync, kubectl, plugins: grafana.app/managedBy is on /apis only); prune under legacy deletes only dashboards dashsync saved last: ' +
        'dashsync plan --prune --api auto deletes the others no tool manages: gs-oncall, tf-net, tf-took, ui-made',
    );
    expect(out.join('\n')).not.toContain('drift: tf-took');

    // Applied without a plan file, as CI does: the others are all still there.
    const applied = await dashsync(handle, dir, ['apply', '--prune', '--auto-approve']);
    expect(applied.stdout).toContain('deleted: gone "Gone"');
    for (const uid of ['tf-net', 'tf-took', 'gs-oncall', 'ui-made']) expect((await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`)).status).toBe(200);
  });

  it('plans with a Viewer\'s token, which may not read /api history, leaving each delete\'s owner to the apply, which deletes only what dashsync pushed', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await treeWithOthersInInfra(handle);
    const viewer = { kind: 'token' as const, token: await handle.createToken('Viewer') };

    const planned = await dashsync(handle, dir, ['plan', '--prune', '--out', 'plan.json'], viewer);

    expect(planned.code).toBe(0);
    const out = lines(planned.stdout);
    expect(out.filter((line) => line.startsWith('- delete')).map((line) => /\(uid ([a-z-]+),/.exec(line)?.[1])).toEqual(['gone', 'gs-oncall', 'tf-net', 'ui-made']);
    expect(out).toContain(
      `  ! owner not judged for 4 deletes: api "legacy" reads /api, which does not show which tool manages a dashboard on Grafana ${grafanaVersion} ` +
        '(Terraform, Git Sync, kubectl, plugins: grafana.app/managedBy is on /apis only), and these credentials may not read their version history, ' +
        'which shows whether dashsync saved them last, so another tool may manage some of them; the apply decides: the apply reads each one\'s history before its backup ' +
        'and deletes only dashboards dashsync saved last, holding the others (all of them, where it may not read the history either); ' +
        'dashsync plan --prune --api auto judges them now: gone, gs-oncall, tf-net, ui-made',
    );
    expect(out).toContain('Plan: 0 to create, 0 to update, 0 to move, 4 to delete, 3 unchanged.');

    // Applied with the credentials that pushed "gone" (CI's apply job), which may read the history.
    const applied = await dashsync(handle, dir, ['apply', 'plan.json']);

    expect(applied.code).toBe(0);
    const log = lines(applied.stdout + applied.stderr);
    expect(log.filter((line) => line.startsWith('deleted:')).map((line) => line.split(';')[0])).toEqual(['deleted: gone "Gone"']);
    expect(log.filter((line) => line.startsWith('held:')).sort()).toEqual([
      'held: gs-oncall "On-call": not deleted: its version history shows dashsync did not save it last, and api "legacy" does not show which tool manages it',
      'held: tf-net "Network (Terraform)": not deleted: its version history shows dashsync did not save it last, and api "legacy" does not show which tool manages it',
      'held: ui-made "Made in the UI": not deleted: its version history shows dashsync did not save it last, and api "legacy" does not show which tool manages it',
    ]);
    expect(log).toContain(
      `warning: 3 deletes held: api "legacy" reads /api, which does not show which tool manages a dashboard on Grafana ${grafanaVersion} ` +
        '(Terraform, Git Sync, kubectl, plugins: grafana.app/managedBy is on /apis only); prune under legacy deletes only dashboards dashsync saved last: ' +
        'dashsync plan --prune --api auto deletes the others no tool manages: gs-oncall, tf-net, ui-made',
    );
    expect(log).toContain('Applied: 0 created, 0 updated, 0 moved, 1 deleted, 3 deletes held');
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/gone')).status).toBe(404);
    for (const uid of ['tf-net', 'gs-oncall', 'ui-made']) expect((await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`)).status).toBe(200);
    // No backup of what was held: only the delete made wrote one.
    expect(await readdir(join(dir, '.dashsync', 'backups')).catch(() => [])).toEqual(['gone']);
  });

  it('holds, with what lets it judge, a delete whose history the apply cannot read either', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await treeWithOthersInInfra(handle);
    expect((await dashsync(handle, dir, ['plan', '--prune', '--out', 'plan.json'], { kind: 'token', token: await handle.createToken('Viewer') })).code).toBe(0);
    // Saved again after the plan with a message Grafana 12+'s history cannot convert: it answers the list with 404 "No versions found".
    await saveLive(handle, { uid: 'ui-made', title: 'Made in the UI', panels: [] }, 'infra', 'Restored from version x');

    const applied = await dashsync(handle, dir, ['apply', 'plan.json']);

    expect(applied.code).toBe(0);
    const log = lines(applied.stdout + applied.stderr);
    expect(log).toContain('held: ui-made "Made in the UI": not deleted: its version history, which shows whether dashsync saved it last, could not be read here either (these credentials may not read it, or Grafana could not list it)');
    expect(log).toContain(
      `warning: 1 delete held: api "legacy" reads /api, which does not show which tool manages a dashboard on Grafana ${grafanaVersion} ` +
        '(Terraform, Git Sync, kubectl, plugins: grafana.app/managedBy is on /apis only); prune under legacy deletes only dashboards dashsync saved last, ' +
        "and the version history that shows which those are could not be read (these credentials may not read it, or Grafana could not list it): apply the plan with credentials that may read version history (an Editor's: " +
        "Grafana needs dashboards:write, Edit on the dashboard's folder), or dashsync plan --prune --api auto judges them on /apis: ui-made",
    );
    expect(log).toContain('Applied: 0 created, 0 updated, 0 moved, 1 deleted, 3 deletes held');
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/ui-made')).status).toBe(200);
  });
});

describe('a prune through /api on Grafana 12 of a dashboard whose history Grafana cannot list (review-64 M5)', () => {
  it('holds it as the apply of a Viewer plan does: not deleted by plan and apply alike', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    await seedLive(handle, dir);
    await commitAll(dir, 'seed');
    // Another account's save whose message Grafana 12+'s history cannot convert: the list answers 404 "No versions found".
    const others = bearerHeaders(await handle.createToken('Admin'));
    await saveLive(handle, { uid: 'ui-made', title: 'Made in the UI', panels: [] }, 'infra', 'Restored from version 1 (by hand)', others);

    const planned = await dashsync(handle, dir, ['plan', '--prune']);

    const out = lines(planned.stdout);
    expect(out.filter((line) => line.startsWith('- delete'))).toEqual([]);
    expect(out).toContain(
      '  ! 1 delete held: api "legacy" reads /api, which does not show which tool manages a dashboard on Grafana 12 ' +
        '(Terraform, Git Sync, kubectl, plugins: grafana.app/managedBy is on /apis only); prune under legacy deletes only dashboards dashsync saved last: ' +
        'dashsync plan --prune --api auto deletes the others no tool manages: ui-made. ' +
        "Grafana could not list the version history of ui-made, which would show whether dashsync saved it last: held as not known to be dashsync's",
    );
    expect(out.join('\n')).not.toContain('deleted as planned');
    expect(out.at(-1)).toBe('Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 3 unchanged.');
    const applied = await dashsync(handle, dir, ['apply', '--prune', '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/ui-made')).status).toBe(200);
  });
});

describe('a change of uid whose old delete a Viewer plan leaves to the apply (review-64 M2)', () => {
  it('holds the create with the delete the apply holds: one "Node CPU", and the create\'s line says why', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await uidChangedAfterUiSave(handle);
    const viewer = { kind: 'token' as const, token: await handle.createToken('Viewer') };
    expect((await dashsync(handle, dir, ['plan', '--prune', '--out', 'plan.json'], viewer)).code).toBe(0);

    const applied = await dashsync(handle, dir, ['apply', 'plan.json']);
    const out = lines(`${applied.stdout}\n${applied.stderr}`);
    expect(out).toContain(
      'skipped: node-cpu-2: not created: dashboards/infra/node-cpu.json changed its uid node-cpu → node-cpu-2, and the delete of node-cpu is held (its held line says why and what to do)',
    );
    expect(out).toContainEqual(expect.stringMatching(/^held: node-cpu "Node CPU": not deleted: its version history shows dashsync did not save it last/));
    expect(out.some((line) => line.startsWith('created: node-cpu-2'))).toBe(false);
    const found = await apiRequest(handle, 'GET', '/api/search?query=Node%20CPU');
    expect(found.body.map((hit: { uid: string }) => hit.uid)).toEqual(['node-cpu']);
    // review-65a L2: the tree's file is in Grafana under neither uid: the apply does not succeed.
    expect(applied.code).toBe(1);
    expect(out).toContain('1 change of uid was not made (its skipped line says why): the old dashboard stays, and the file is in Grafana under neither uid');
  });

  it('an Editor\'s plan, which holds the old delete itself (owners-not-seen): the create is marked and skipped too, one "Node CPU", exit 1 (review-65a M3)', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await uidChangedAfterUiSave(handle);
    const editor = { kind: 'token' as const, token: await handle.createToken('Editor') };
    const plan = await dashsync(handle, dir, ['plan', '--prune', '--out', 'plan.json', '--detailed-exitcode'], editor);
    // Not counted as a create: its apply does not make it and exits 1, so the plan exits 1 (not 2), and no title clash (review-66b M2).
    expect(plan.code, plan.stderr).toBe(1);
    expect(lines(plan.stderr)).toContain(
      "error: 1 change of uid is not made (prune holds the old dashboard's delete; its note says why and what to do): the apply does not create the new uid and fails",
    );
    expect(lines(plan.stdout)).toContainEqual(
      expect.stringContaining(
        'dashboards/infra/node-cpu.json changed its uid node-cpu → node-cpu-2, and prune holds the delete of node-cpu (its line above says why): the apply does not create node-cpu-2, ' +
          'or the folder would hold two dashboards of one title; keep "uid": "node-cpu" in the file, or delete node-cpu in Grafana first',
      ),
    );
    expect(lines(plan.stdout)).toContainEqual(expect.stringMatching(/^\+ create +dashboards\/infra\/node-cpu\.json "Node CPU" \(uid node-cpu-2\) in "Infrastructure"; held: not created, as prune holds the delete of node-cpu \(see the note\)$/));
    expect(plan.stdout).not.toContain('title clash');
    expect(lines(plan.stdout)).toContainEqual(expect.stringMatching(/^Plan: 0 to create, .*, 1 not created \(a change of uid whose old dashboard prune holds; see the note\)\./));
    const json = JSON.parse((await dashsync(handle, dir, ['plan', '--prune', '--format', 'json'], editor)).stdout);
    expect([json.summary.create, json.summary.uidChangesHeld]).toEqual([0, 1]);
    expect(json.dashboards.find((action: { uid: string }) => action.uid === 'node-cpu-2')).toMatchObject({ action: 'create', replacesHeld: 'node-cpu' });

    const applied = await dashsync(handle, dir, ['apply', 'plan.json'], editor);
    const out = lines(`${applied.stdout}\n${applied.stderr}`);
    expect(out).toContain(
      'skipped: node-cpu-2: not created: dashboards/infra/node-cpu.json changed its uid node-cpu → node-cpu-2, and prune held the delete of node-cpu when the plan was made (its note says why and what to do)',
    );
    expect(applied.code).toBe(1);
    const found = await apiRequest(handle, 'GET', '/api/search?query=Node%20CPU');
    expect(found.body.map((hit: { uid: string }) => hit.uid)).toEqual(['node-cpu']);
  });
});

describe('a plan on Grafana 13 through /apis names the tool that manages a dashboard it clashes with or deletes beside (walk-62 L3)', () => {
  it("a file titled as Terraform's dashboard in its folder: the title clash names Terraform and says dashsync never writes that one", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await treeWithOthersInInfra(handle);
    await writeJson(dir, 'dashboards/infra/network.json', { uid: 'our-net', title: 'Network (Terraform)', panels: [] });

    const text = await dashsync(handle, dir, ['plan', '--api', 'auto']);
    const json = await dashsync(handle, dir, ['plan', '--api', 'auto', '--format', 'json']);

    expect([text.code, json.code], text.stderr + json.stderr).toEqual([0, 0]);
    expect(lines(text.stdout)).toContain(
      '  ! title clash: our-net "Network (Terraform)" goes to folder "Infrastructure", where dashboard tf-net, managed by Terraform (prod), already has that title: ' +
        'dashsync never writes it, so give this file another title, or change that one where it is managed (this Grafana allows it, as 11.3 and later do: the folder then lists two dashboards of that title)',
    );
    const clash = (JSON.parse(json.stdout) as { warnings: { kind: string }[] }).warnings.find((warning) => warning.kind === 'title-clash');
    expect(clash).toMatchObject({ otherUid: 'tf-net', otherManager: 'terraform', otherManagerId: 'prod' });
  });
});

describe('a prune delete of a dashboard someone made in Grafana names who saved it last (walk-62 L7)', () => {
  it('through /apis on Grafana 13: the made-in-Grafana delete says so and by whom, the one dashsync pushed does not', async () => {
    const api = 'auto';
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const dir = await treeWithOthersInInfra(handle);

    const text = await dashsync(handle, dir, ['plan', '--prune', '--api', api]);
    const json = await dashsync(handle, dir, ['plan', '--prune', '--api', api, '--format', 'json']);

    expect([text.code, json.code], text.stderr + json.stderr).toEqual([0, 0]);
    const deleted = lines(text.stdout).filter((line) => line.startsWith('- delete'));
    expect(deleted).toContain('- delete        "Gone" (uid gone, live version 1) in "Infrastructure"; no file in the tree (backed up before delete)');
    const planned = (JSON.parse(json.stdout) as { dashboards: { uid: string; action: string; madeInGrafana?: { by: string; at: string } }[] }).dashboards.filter((d) => d.action === 'delete');
    const made = planned.find((d) => d.uid === 'ui-made')!;
    expect(made.madeInGrafana?.by).toMatch(/^sandbox-admin-\d+$/);
    expect(planned.find((d) => d.uid === 'gone')?.madeInGrafana).toBeUndefined();
    expect(deleted).toContain(
      `- delete        "Made in the UI" (uid ui-made, live version 1) in "Infrastructure"; no file in the tree; made in Grafana, never pushed by dashsync: ` +
        `last saved by ${made.madeInGrafana!.by} at ${made.madeInGrafana!.at} (backed up before delete)`,
    );
  });
});

/** The basic tree seeded; someone saves node-cpu in the UI with credentials of their own; then its file takes uid node-cpu-2 (committed). */
async function uidChangedAfterUiSave(handle: Awaited<ReturnType<typeof startTestSandbox>>): Promise<string> {
  const dir = await copyFixture('basic');
  await seedLive(handle, dir);
  await commitAll(dir, 'seed');
  const others = bearerHeaders(await handle.createToken('Admin'));
  await saveLive(handle, { uid: 'node-cpu', title: 'Node CPU', panels: [], description: 'ui edit' }, 'infra', 'ui', others);
  await editJson(dir, 'dashboards/infra/node-cpu.json', (model) => {
    model.uid = 'node-cpu-2';
  });
  await commitAll(dir, 'new uid');
  return dir;
}
