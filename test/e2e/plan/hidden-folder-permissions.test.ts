import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, bearerHeaders, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { copyFixture, dashsync, editJson, lines, saveLive, seedLive, writeJson } from './plan-fixture.js';

/**
 * The basic tree plus a nested folder infra/k8s holding k8s-net, applied by an admin; then an admin moves k8s to the top
 * level in the UI. Grafana gives a nested folder no role grants of its own, and a moved one keeps none: Editor and
 * Viewer tokens can no longer see it or what it holds (walk-63 M1, M2).
 */
async function treeWithHiddenFolder(handle: SandboxHandle, api: 'legacy' | 'auto'): Promise<string> {
  const dir = await copyFixture('basic');
  await editJson(dir, 'dashsync.config.json', (config) => { config.api = api; });
  await writeJson(dir, 'dashboards/infra/k8s/_folder.json', { uid: 'k8s', title: 'K8s' });
  await writeJson(dir, 'dashboards/infra/k8s/net.json', { uid: 'k8s-net', title: 'Network', panels: [] });
  await commitAll(dir, 'tree');
  const applied = await dashsync(handle, dir, ['apply', '--auto-approve']);
  expect(applied.code, applied.stderr).toBe(0);
  expect((await apiRequest(handle, 'POST', '/api/folders/k8s/move', { parentUid: '' })).status).toBe(200);
  return dir;
}

describe.each(['12', '13'] as const)('a folder moved to the top level in Grafana hides it from Editor and Viewer tokens (Grafana %s)', (grafanaVersion) => {
  it('api "legacy": the refused read names the folder and what each command needs of it, never a role (an Editor has one; a plan token must not write)', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await treeWithHiddenFolder(handle, 'legacy');

    for (const role of ['Editor', 'Viewer'] as const) {
      const token = await handle.createToken(role);
      const plan = await dashsync(handle, dir, ['plan'], { kind: 'token', token });
      expect(plan.code, role).toBe(1);
      expect(plan.stderr, role).not.toContain('Editor role');
      expect(plan.stderr, role).toContain(
        'error: GET /api/dashboards/uid/k8s-net failed: HTTP 403: You\'ll need additional permissions to perform this action. Permissions needed: dashboards:read ' +
          '(Grafana hides it from these credentials through the permissions of its folder "K8s" (uid k8s, directory dashboards/infra/k8s), whatever their role: ' +
          "a folder moved to the top level in Grafana keeps no role grants of its own; grant these credentials' user or service account View on that folder to plan, Edit to apply, " +
          'or move the folder back where dashsync made it)',
      );
    }
  });

  it('api "auto": the plan advises View to plan and Edit to apply; the apply\'s closing line says to fix the folder\'s permissions, not to wait for a retry', async () => {
    const handle = await startTestSandbox({ grafanaVersion });
    const dir = await treeWithHiddenFolder(handle, 'auto');
    const token = await handle.createToken('Editor');

    const plan = await dashsync(handle, dir, ['plan'], { kind: 'token', token });
    expect(lines(plan.stdout)).toContain(
      '  ! folder k8s exists but these credentials cannot see it (a read of it was refused, HTTP 403): planned as a create, which Grafana will refuse (409), and everything below it with it; ' +
        'grant the token View on it to plan and Edit to apply, or move it back where dashsync made it (a folder moved to the top level in Grafana keeps no role grants of its own), or list it in externalFolders',
    );
    const applied = await dashsync(handle, dir, ['apply', '--auto-approve'], { kind: 'token', token });

    expect(applied.code).toBe(1);
    expect(applied.stderr).not.toContain('a 429 or 5xx often does');
    expect(lines(applied.stderr)).toContain(
      "1 planned change failed, and 1 that need it was not attempted (their lines are above); Grafana refused it because a folder's permissions hide it from these credentials " +
        '(a folder moved to the top level in Grafana keeps no role grants of its own): grant these credentials Edit on that folder (its line names it), or move it back where dashsync made it; ' +
        'running again does not change that: once it is done, run dashsync apply again to finish (what is done is skipped)',
    );
    // Nothing was made beside the hidden folder: the dashboard is still the one in it.
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/k8s-net')).body.meta.folderUid).toBe('k8s');
  });
});

describe('owners-not-seen where api "auto" read /api because /apis did not answer (review-63 L1)', () => {
  it('does not advise --api auto, the run just made: it says /apis did not answer and names the plan that can tell', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12', faults: { pathPrefix: '/apis', errorRate: 1, errorStatus: 404 } });
    const dir = await copyFixture('basic');
    await seedLive(handle, dir);
    await commitAll(dir, 'applied');
    await saveLive(handle, { uid: 'ui-made', title: 'Made in the UI', panels: [] }, 'infra', 'ui', bearerHeaders(await handle.createToken('Admin')));

    const plan = await dashsync(handle, dir, ['plan', '--prune', '--api', 'auto']);

    expect(plan.code, plan.stderr).toBe(0);
    expect(lines(plan.stdout)).toContain(
      '  ! 1 delete held: /apis did not answer, so api "auto" read /api, which does not show which tool manages a dashboard on Grafana 12 ' +
        '(Terraform, Git Sync, kubectl, plugins: grafana.app/managedBy is on /apis only); prune through /api deletes only dashboards dashsync pushed: ' +
        'a plan that reaches /apis (this one once /apis answers here, or dashsync plan --prune --api k8s, which stops where it does not) deletes the others no tool manages: ui-made',
    );
  });
});
