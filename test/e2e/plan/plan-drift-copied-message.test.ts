import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, lines } from '../../pull/pull-fixture.js';
import { editFile, exampleWorkspace, useApi, type Workspace } from '../apply/workspace.js';

vi.setConfig({ testTimeout: 120_000 });

// A version message carrying dashsync's marker is dashsync's push only when these credentials saved it
// (src/grafana/save-authorship.ts): someone who copies the message into their own save in Grafana's UI is
// still someone else, so plan warns of drift naming them and pull takes their edit.

const UID = 'platform-overview';
const FILE = 'dashboards/platform-overview.json';
const driftLines = (stdout: string) => stdout.split('\n').filter((line) => line.includes('! drift:'));

/** The newest version's message, as the history of the API dashsync uses shows it (with the content note on /apis). */
async function newestMessage(sandbox: SandboxHandle, api: 'legacy' | 'k8s'): Promise<string> {
  if (api === 'k8s') {
    const history = await apiRequest(sandbox, 'GET', `/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards?limit=1&labelSelector=grafana.app/get-history=true&fieldSelector=metadata.name=${UID}`);
    return history.body.items[0].metadata.annotations['grafana.app/message'];
  }
  const versions = await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${UID}/versions?limit=1`);
  return (Array.isArray(versions.body) ? versions.body : versions.body.versions)[0].message;
}

/** The example tree applied and committed; then someone saves a change in the UI with dashsync's newest message copied. */
async function copiedMessageEdit(
  grafanaVersion: '11.2' | '12' | '13',
  api: 'legacy' | 'k8s',
  name: string,
  { storage, serviceAccount = false }: { storage?: 'legacy' | 'unified'; serviceAccount?: boolean } = {},
): Promise<{ sandbox: SandboxHandle; workspace: Workspace; message: string; env: Record<string, string | undefined> }> {
  const sandbox = await startTestSandbox({ grafanaVersion, ...(storage ? { storage } : {}) });
  const workspace = await exampleWorkspace(sandbox);
  await useApi(workspace, api);
  await commitAll(workspace.dir);
  const env = serviceAccount ? { GRAFANA_TOKEN: await sandbox.createToken('Editor'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined } : {};
  expect((await workspace.cli(['apply'], env)).code).toBe(0);
  // One more push, so that the newest version carries dashsync's own message (a first version shows "Initial save").
  await editFile(workspace, FILE, (model) => {
    model.description = 'pushed by dashsync';
  });
  await commitAll(workspace.dir);
  expect((await workspace.cli(['apply'], env)).code).toBe(0);
  const message = await newestMessage(sandbox, api);
  expect(message).toContain('dashsync:');
  const edit = await apiRequest(sandbox, 'POST', '/__sandbox/ui-edit', { uid: UID, user: 'mallory', name, spec: { description: 'edited by Mallory' }, message });
  expect(edit.status, edit.text).toBe(200);
  return { sandbox, workspace, message, env };
}

const cases = [
  { grafanaVersion: '11.2', api: 'legacy', shownAs: 'mallory' },
  { grafanaVersion: '12', api: 'legacy', shownAs: 'mallory' },
  { grafanaVersion: '13', api: 'legacy', shownAs: 'mallory' },
  // /apis names the saver by the name Grafana's display list gives them, escaped.
  { grafanaVersion: '12', api: 'k8s', shownAs: 'Mallory \\x1b[31mred' },
  { grafanaVersion: '13', api: 'k8s', shownAs: 'Mallory \\x1b[31mred' },
] as const;

describe.each(cases)('a UI save that copies dashsync\'s message (Grafana $grafanaVersion, api $api)', ({ grafanaVersion, api, shownAs }) => {
  it('plan warns of drift naming who saved it; pull takes the edit', async () => {
    const { workspace, message } = await copiedMessageEdit(grafanaVersion, api, 'Mallory \u001b[31mred');

    const plan = await workspace.cli(['plan']);

    expect(plan.code, plan.stderr).toBe(0);
    expect(driftLines(plan.stdout)).toEqual([expect.stringMatching(new RegExp(`^ {2}! drift: ${UID} ".*" was last saved in Grafana by ${escapeRegExp(shownAs)} at `))]);
    expect(driftLines(plan.stdout)[0]).toContain(JSON.stringify(message).slice(1, 20));
    expect(plan.stdout).toContain('~ description: "edited by Mallory" → "pushed by dashsync"');

    const pulled = await workspace.cli(['pull']);

    expect(pulled.code, pulled.stderr).toBe(0);
    expect(lines(pulled.stdout).at(-1), pulled.stdout).toMatch(/^Pull: 0 created, 1 updated, 0 moved, \d+ unchanged, 0 deleted\.$/);
    expect(JSON.parse(await readFile(join(workspace.dir, FILE), 'utf8')).description).toBe('edited by Mallory');
  });

  it("dashsync's own push is still its own: no drift warning for a change made in the file", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, api);
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await editFile(workspace, FILE, (model) => {
      model.description = 'pushed by dashsync';
    });
    expect((await workspace.cli(['apply'])).code).toBe(0);
    await editFile(workspace, FILE, (model) => {
      model.description = 'changed again in the file';
    });

    const plan = await workspace.cli(['plan']);

    expect(plan.code, plan.stderr).toBe(0);
    expect(driftLines(plan.stdout)).toEqual([]);
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to update');
  });
});

describe.each(['12', '13'] as const)("dashsync with a service account token (Grafana %s, api legacy): its own saves are its own", (grafanaVersion) => {
  it('the versions list shows its saves by the account\'s name, not its login: no drift for what it created or pushed', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'legacy');
    const token = { GRAFANA_TOKEN: await sandbox.createToken('Admin'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
    expect((await workspace.cli(['apply'], token)).code).toBe(0);
    const versions = await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${UID}/versions?limit=1`);
    const me = await apiRequest(sandbox, 'GET', '/api/user', undefined, { Authorization: `Bearer ${token.GRAFANA_TOKEN}` });
    expect(versions.body.versions[0].createdBy).toBe(me.body.name);
    expect(me.body.login).not.toBe(me.body.name);
    await editFile(workspace, FILE, (model) => {
      model.description = 'changed in the file';
    });

    const afterCreate = await workspace.cli(['plan'], token);

    expect(afterCreate.code, afterCreate.stderr).toBe(0);
    expect(driftLines(afterCreate.stdout)).toEqual([]);
    expect((await workspace.cli(['apply'], token)).code).toBe(0);
    await editFile(workspace, FILE, (model) => {
      model.description = 'changed again';
    });
    const afterPush = await workspace.cli(['plan'], token);
    expect(driftLines(afterPush.stdout)).toEqual([]);
    expect(afterPush.stdout).toContain('Plan: 0 to create, 1 to update');
  });
});

// GET /api/user answers a service account's internal numeric id on 12 and 13 (service-account:<digits>), while /apis
// histories record its string uid: dashsync asks Grafana's display list for the uid (k8s/recorded-uid.ts), and its
// own pushes stay its own whether or not that is answered.
const OLD_SCHEMA = { panels: [{ gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, title: 'CPU', type: 'stat' }], refresh: '', schemaVersion: 36, title: 'Old', uid: 'old' };

describe.each([
  { grafanaVersion: '12', storage: 'legacy' },
  { grafanaVersion: '13', storage: 'unified' },
] as const)('dashsync with a service account token through /apis (Grafana $grafanaVersion, $storage storage)', ({ grafanaVersion, storage }) => {
  it("its own pushes are its own: no drift for a change made in the file, and Grafana's migration of a push is no change", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion, storage });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'k8s');
    await writeFile(join(workspace.dir, 'dashboards/old.json'), `${JSON.stringify(OLD_SCHEMA, null, 2)}\n`);
    const token = { GRAFANA_TOKEN: await sandbox.createToken('Admin'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
    const me = await apiRequest(sandbox, 'GET', '/api/user', undefined, { Authorization: `Bearer ${token.GRAFANA_TOKEN}` });
    expect(me.body.uid).toMatch(/^service-account:\d+$/);
    expect((await workspace.cli(['apply'], token)).code).toBe(0);

    // Grafana migrated the old-schema dashboard it was given: the push's content note still says it holds the file.
    const settled = await workspace.cli(['plan'], token);
    expect(settled.code, settled.stderr).toBe(0);
    expect(settled.stdout).toContain('Plan: 0 to create, 0 to update');

    await editFile(workspace, FILE, (model) => {
      model.description = 'pushed by dashsync';
    });
    expect((await workspace.cli(['apply'], token)).code).toBe(0);

    await expectFileEditPlannedWithoutDrift(workspace, token);
  });
});

// With the display list answering, dashsync knows the uid its service account's saves are recorded by: a UI save that
// copies its message, content note included, is someone else's (on the code before, the marker alone decided and the
// plan showed no change). Where the display list does not answer, the marker decides as before, and nothing is said.
describe.each([
  { grafanaVersion: '12', storage: 'legacy' },
  { grafanaVersion: '13', storage: 'unified' },
] as const)("a UI save that copies dashsync's message through /apis, with a service account token (Grafana $grafanaVersion, $storage storage)", ({ grafanaVersion, storage }) => {
  it('plan warns of drift naming who saved it', async () => {
    const { workspace, message, env } = await copiedMessageEdit(grafanaVersion, 'k8s', 'Mallory', { storage, serviceAccount: true });
    expect(message).toMatch(/ by [a-f][a-z0-9]{12}[a-f]\]$/);

    const plan = await workspace.cli(['plan'], env);

    expect(plan.code, plan.stderr).toBe(0);
    expect(driftLines(plan.stdout)).toEqual([expect.stringMatching(new RegExp(`^ {2}! drift: ${UID} ".*" was last saved in Grafana by Mallory at `))]);
    expect(plan.stdout).toContain('~ description: "edited by Mallory" → "pushed by dashsync"');
  });

  it.each([404, 403])('the display list answering %i: the marker decides as before, with nothing said about it', async (status) => {
    const sandbox = await startTestSandbox({ grafanaVersion, storage });
    sandbox.setFaults({ pathPrefix: '/apis/iam.grafana.app/', errorRate: 1, errorStatus: status });
    const workspace = await exampleWorkspace(sandbox);
    await useApi(workspace, 'k8s');
    const env = { GRAFANA_TOKEN: await sandbox.createToken('Editor'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
    expect((await workspace.cli(['apply'], env)).code).toBe(0);
    await editFile(workspace, FILE, (model) => {
      model.description = 'pushed by dashsync';
    });
    expect((await workspace.cli(['apply'], env)).code).toBe(0);

    const own = await workspace.cli(['plan'], env);
    expect(own.code, own.stderr).toBe(0);
    expect(own.stdout).toContain('Plan: 0 to create, 0 to update');
    await editFile(workspace, FILE, (model) => {
      model.description = 'changed in the file';
    });
    const fileEdit = await workspace.cli(['plan'], env);
    expect(driftLines(fileEdit.stdout)).toEqual([]);
    expect(fileEdit.stdout).toContain('Plan: 0 to create, 1 to update');
    await editFile(workspace, FILE, (model) => {
      model.description = 'pushed by dashsync';
    });

    const message = await newestMessage(sandbox, 'k8s');
    expect(message).toMatch(/ by \d+\]$/);
    const edit = await apiRequest(sandbox, 'POST', '/__sandbox/ui-edit', { uid: UID, user: 'mallory', name: 'Mallory', spec: { description: 'edited by Mallory' }, message });
    expect(edit.status, edit.text).toBe(200);

    const plan = await workspace.cli(['plan'], env);

    expect(plan.code, plan.stderr).toBe(0);
    expect(driftLines(plan.stdout)).toEqual([]);
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update');
    expect(`${plan.stdout}${plan.stderr}`).not.toMatch(/display|iam\.grafana|authorship/);
  });
});

describe('dashsync with a service account token on Grafana 11.2 (its saves are shown as Anonymous)', () => {
  it('a dashboard it created is not drift: a change made in the file plans an update without a warning', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '11.2' });
    const workspace = await exampleWorkspace(sandbox);
    const token = { GRAFANA_TOKEN: await sandbox.createToken('Admin'), GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined };
    expect((await workspace.cli(['apply'], token)).code).toBe(0);
    const versions = await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${UID}/versions?limit=1`);
    expect((Array.isArray(versions.body) ? versions.body : versions.body.versions)[0].createdBy).toBe('Anonymous');

    await expectFileEditPlannedWithoutDrift(workspace, token);
  });
});

/** A change made in the file, over dashsync's own save: plan shows the update and no drift warning. */
async function expectFileEditPlannedWithoutDrift(workspace: Workspace, env: Record<string, string | undefined>): Promise<void> {
  await editFile(workspace, FILE, (model) => {
    model.description = 'changed again in the file';
  });

  const plan = await workspace.cli(['plan'], env);

  expect(plan.code, plan.stderr).toBe(0);
  expect(driftLines(plan.stdout)).toEqual([]);
  expect(plan.stdout).toContain('Plan: 0 to create, 1 to update');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
