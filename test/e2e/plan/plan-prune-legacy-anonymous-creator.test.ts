import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { copyFixture, dashsync, lines, seedLive, writeJson } from './plan-fixture.js';

/** An Editor service account and a token of it, as a team makes the apply job's. */
async function editorAccount(handle: SandboxHandle, name: string): Promise<{ id: number; token: string }> {
  const account = await apiRequest(handle, 'POST', '/api/serviceaccounts', { name, role: 'Editor' });
  expect(account.status).toBe(201);
  const token = await apiRequest(handle, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: `${name}-token` });
  expect(token.status).toBe(200);
  return { id: account.body.id, token: token.body.key };
}

/** The basic tree (api "legacy") applied, plus `made-here`, which `token` creates through an apply; its file then removed. */
async function treeWithCreatedThenRemoved(handle: SandboxHandle, token: string): Promise<string> {
  const dir = await copyFixture('basic');
  await seedLive(handle, dir);
  await writeJson(dir, 'dashboards/infra/made-here.json', { uid: 'made-here', title: 'Made by dashsync', panels: [] });
  await commitAll(dir, 'made-here');
  const applied = await dashsync(handle, dir, ['apply', '--auto-approve'], { kind: 'token', token });
  expect(applied.code, applied.stderr).toBe(0);
  expect(applied.stdout).toContain('created: made-here');
  await git(dir, 'rm', '-q', 'dashboards/infra/made-here.json');
  await commitAll(dir, 'made-here leaves');
  return dir;
}

const deleteLine = '- delete        "Made by dashsync" (uid made-here, live version 1) in "Infrastructure"; no file in the tree (backed up before delete)';

// Grafana's versions list names a creator it cannot look up `Anonymous` and rewrites a first version's message to
// "Initial save": the version's own read keeps dashsync's message and its note (walk-64 M1).
describe('prune through /api (api "legacy") of a dashboard dashsync created whose creator Grafana names Anonymous', () => {
  it.each(['12', '13'] as const)('on Grafana %s after the apply token is rotated (its service account deleted): deleted, not held', async (grafanaVersion) => {
    const handle = await startTestSandbox({ grafanaVersion });
    const old = await editorAccount(handle, 'dashsync-ci');
    const dir = await treeWithCreatedThenRemoved(handle, old.token);
    const rotated = await editorAccount(handle, 'dashsync-ci-2027');
    expect((await apiRequest(handle, 'DELETE', `/api/serviceaccounts/${old.id}`)).status).toBe(200);
    const history = await apiRequest(handle, 'GET', '/api/dashboards/uid/made-here/versions');
    expect(history.body.versions?.[0]?.createdBy ?? history.body[0]?.createdBy).toBe('Anonymous');

    const planned = await dashsync(handle, dir, ['plan', '--prune'], { kind: 'token', token: rotated.token });

    expect(planned.code, planned.stderr).toBe(0);
    const out = lines(planned.stdout);
    expect(out).toContain(deleteLine);
    expect(planned.stdout).not.toContain('held');
    const applied = await dashsync(handle, dir, ['apply', '--prune', '--auto-approve'], { kind: 'token', token: rotated.token });
    expect(applied.stdout).toContain('deleted: made-here "Made by dashsync"');
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/made-here')).status).toBe(404);
  });

  it('on Grafana 12.2, which names every service account\'s save Anonymous, with the token that created it', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12', release: '12.2.0' });
    const ci = await editorAccount(handle, 'dashsync-ci');
    const dir = await treeWithCreatedThenRemoved(handle, ci.token);

    const planned = await dashsync(handle, dir, ['plan', '--prune'], { kind: 'token', token: ci.token });

    expect(planned.code, planned.stderr).toBe(0);
    expect(lines(planned.stdout)).toContain(deleteLine);
    expect(planned.stdout).not.toContain('held');
  });

  it('still holds a dashboard an unnamed creator made without dashsync\'s message', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12', release: '12.2.0' });
    const ci = await editorAccount(handle, 'dashsync-ci');
    const dir = await treeWithCreatedThenRemoved(handle, ci.token);
    const other = await editorAccount(handle, 'another-tool');
    const made = await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: { uid: 'tool-made', title: 'Made by a tool', panels: [] }, folderUid: 'infra', message: 'made by a tool' }, { authorization: `Bearer ${other.token}` });
    expect(made.status).toBe(200);

    const planned = await dashsync(handle, dir, ['plan', '--prune'], { kind: 'token', token: ci.token });

    expect(lines(planned.stdout)).toContain(deleteLine);
    expect(planned.stdout).toMatch(/1 delete held: .*: tool-made$/m);
  });
});
