import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { copyFixture, dashsync, editJson, lines, writeJson } from './plan-fixture.js';

/**
 * The basic tree plus a nested folder infra/k8s holding k8s-net, applied by an admin; then an admin moves k8s to the top
 * level in the UI. Grafana gives a nested folder no role grants of its own, and a moved one keeps none: Editor and
 * Viewer tokens can no longer see it or what it holds.
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
  it.each(['legacy', 'auto'] as const)('api %s: the plan goes on, says which folder, and advises View for plan and Edit for apply', async (api) => {
    const handle = await startTestSandboxFor(grafanaVersion);
    const dir = await treeWithHiddenFolder(handle, api);
    const editor = await handle.createToken('Editor');
    const viewer = await handle.createToken('Viewer');

    const byEditor = await dashsync(handle, dir, ['plan'], { kind: 'token', token: editor });
    const byViewer = await dashsync(handle, dir, ['plan'], { kind: 'token', token: viewer });
    console.log(api, grafanaVersion, byEditor.code, byEditor.stdout, byEditor.stderr, '----', byViewer.code, byViewer.stdout, byViewer.stderr);
    const applied = await dashsync(handle, dir, ['apply', '--auto-approve'], { kind: 'token', token: editor });
    console.log(applied.code, applied.stdout, applied.stderr);
    expect(lines(byEditor.stdout)).toBeDefined();
  });
});

import { startTestSandbox } from '../../helpers/sandbox.js';
function startTestSandboxFor(grafanaVersion: '12' | '13') { return startTestSandbox({ grafanaVersion }); }
