import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { copyFixture, dashsync, lines, saveLive, seedLive, writeJson } from './plan-fixture.js';

/**
 * The basic tree (its config says `"api": "legacy"`) applied, plus dashboards without a file in its folder infra: one
 * Terraform manages and one Git Sync keeps (both marked on /apis only), one made in Grafana, and one dashsync pushed
 * before its file was removed.
 */
async function treeWithOthersInInfra(handle: SandboxHandle): Promise<string> {
  const dir = await copyFixture('basic');
  await seedLive(handle, dir);
  await writeJson(dir, 'dashboards/infra/gone.json', { uid: 'gone', title: 'Gone', panels: [] });
  await commitAll(dir, 'with gone');
  await saveLive(handle, { uid: 'gone', title: 'Gone', panels: [] }, 'infra', 'dashsync: abc123 gone');
  await git(dir, 'rm', '-q', 'dashboards/infra/gone.json');
  await commitAll(dir, 'gone leaves');
  // Terraform and a person in the UI save with credentials of their own (a first version by dashsync's is dashsync's).
  const others = bearerHeaders(await handle.createToken('Admin'));
  const version = handle.grafanaVersion === '12' ? 'v1beta1' : 'v1';
  const terraform = { 'grafana.app/folder': 'infra', 'grafana.app/managedBy': 'terraform', 'grafana.app/managerId': 'prod' };
  const made = await apiRequest(handle, 'POST', `/apis/dashboard.grafana.app/${version}/namespaces/default/dashboards`, { metadata: { name: 'tf-net', annotations: terraform }, spec: { title: 'Network (Terraform)' } }, others);
  expect(made.status).toBe(201);
  await handle.syncFromRepository({ dashboard: { uid: 'gs-oncall', title: 'On-call' }, folderUid: 'infra', repository: 'ops', path: 'oncall.json' });
  await saveLive(handle, { uid: 'ui-made', title: 'Made in the UI', panels: [] }, 'infra', 'ui', others);
  return dir;
}

describe.each(['12', '13'] as const)('prune through /api (api "legacy") on Grafana %s, where other tools\' ownership is on /apis only', (grafanaVersion) => {
  it('deletes only what dashsync pushed and holds the others in one warning that names the plan that can tell', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await treeWithOthersInInfra(handle);

    const result = await dashsync(handle, dir, ['plan', '--prune']);

    const out = lines(result.stdout);
    expect(out.filter((line) => line.startsWith('- delete'))).toEqual([
      '- delete        "Gone" (uid gone, live version 1) in "Infrastructure"; no file in the tree (backed up before delete)',
    ]);
    expect(out).toContain(
      `  ! 3 deletes held: api "legacy" reads /api, which does not show which tool manages a dashboard on Grafana ${grafanaVersion} ` +
        '(Terraform, Git Sync, kubectl, plugins: grafana.app/managedBy is on /apis only); prune under legacy deletes only dashboards dashsync pushed: ' +
        'dashsync plan --prune --api auto deletes the others no tool manages: gs-oncall, tf-net, ui-made',
    );

    // Applied without a plan file, as CI does: the others are all still there.
    const applied = await dashsync(handle, dir, ['apply', '--prune', '--auto-approve']);
    expect(applied.stdout).toContain('deleted: gone "Gone"');
    for (const uid of ['tf-net', 'gs-oncall', 'ui-made']) expect((await apiRequest(handle, 'GET', `/api/dashboards/uid/${uid}`)).status).toBe(200);
  });
});
