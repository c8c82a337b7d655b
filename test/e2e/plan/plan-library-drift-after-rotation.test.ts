import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll } from '../../pull/pull-fixture.js';
import { editJson, libraryWorkspace } from '../../integration/library-panels/library-tree.js';

vi.setConfig({ testTimeout: 120_000 });

const CPU = 'dashboards/team-a/_library/cpu.json';

async function editorAccount(sandbox: SandboxHandle, name: string): Promise<{ id: number; env: Record<string, string | undefined> }> {
  const account = await apiRequest(sandbox, 'POST', '/api/serviceaccounts', { name, role: 'Editor' });
  const token = await apiRequest(sandbox, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: `${name}-token` });
  expect(token.status).toBe(200);
  return { id: account.body.id, env: { GRAFANA_TOKEN: token.body.key, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined } };
}

// walk-64 M3: once the apply token's service account is deleted, Grafana names no one as the library panel's last saver; the
// drift warning counts that as someone else's change, and git, which holds the live panel, was never asked.
describe('a library panel dashsync last changed with a token whose service account was deleted since (a rotation), changed again in the tree', () => {
  it.each(['12', '13'] as const)('Grafana %s: no drift (git holds the live panel), and the unreviewed apply updates it', async (grafanaVersion) => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const ws = await libraryWorkspace(sandbox);
    await commitAll(ws.dir, 'tree');
    const old = await editorAccount(sandbox, 'dashsync-ci');
    expect((await ws.cli(['apply', '--auto-approve'], old.env)).code).toBe(0);
    await editJson(join(ws.dir, CPU), (panel) => {
      panel.model.title = 'CPU v2';
    });
    await commitAll(ws.dir, 'cpu v2');
    const pushed = await ws.cli(['apply', '--auto-approve'], old.env);
    expect(pushed.code, pushed.stderr).toBe(0);
    const rotated = await editorAccount(sandbox, 'dashsync-ci-2027');
    expect((await apiRequest(sandbox, 'DELETE', `/api/serviceaccounts/${old.id}`)).status).toBe(200);
    await editJson(join(ws.dir, CPU), (panel) => {
      panel.model.title = 'CPU v3';
    });
    await commitAll(ws.dir, 'cpu v3');

    const plan = await ws.cli(['plan'], rotated.env);

    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/^~ update +library panel "CPU usage"/m);
    expect(plan.stdout).not.toContain('drift');
    const applied = await ws.cli(['apply', '--auto-approve'], rotated.env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).not.toContain('conflict');
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-cpu')).body.result.model.title).toBe('CPU v3');
  });
});
