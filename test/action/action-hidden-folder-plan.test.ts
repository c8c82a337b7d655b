import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startGitHubStandIn } from '../helpers/github-stand-in.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { makeWorkspace, pullRequestEnv, runAction } from './run-action.js';

vi.setConfig({ testTimeout: 120_000 });

/** The nested folder workspaceWithHiddenFolder hides: its uid, and its files (path below its directory → content). */
interface HiddenFolder {
  uid: string;
  files: Record<string, string>;
}

const K8S: HiddenFolder = { uid: 'k8s', files: { '_folder.json': '{ "uid": "k8s", "title": "K8s" }\n', 'net.json': '{ "uid": "k8s-net", "title": "Network", "panels": [] }\n' } };

/**
 * The action fixture tree plus dashboards/team-a/<uid> holding `hidden`'s files (k8s-net in k8s), applied by an admin;
 * then that folder moved to the top level in Grafana.
 */
async function workspaceWithHiddenFolder(api: 'legacy' | 'auto', after: (workspace: string) => Promise<void> = async () => {}, hidden: HiddenFolder = K8S) {
  const sandbox = await startTestSandbox({ grafanaVersion: api === 'legacy' ? '12' : '13' });
  const workspace = await makeWorkspace();
  await writeFile(join(workspace, 'dashsync.config.json'), `{ "api": "${api}" }\n`);
  for (const [file, text] of Object.entries(hidden.files)) {
    await mkdir(dirname(join(workspace, 'dashboards/team-a', hidden.uid, file)), { recursive: true });
    await writeFile(join(workspace, 'dashboards/team-a', hidden.uid, file), text);
  }
  const applied = await runAction(workspace, { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Admin') });
  expect(applied.code, applied.stdout).toBe(0);
  expect((await apiRequest(sandbox, 'POST', `/api/folders/${hidden.uid}/move`, { parentUid: '' })).status).toBe(200);
  await after(workspace);
  return { sandbox, workspace };
}

/** The apply step of the plan step's plan.json, as a push to the default branch runs it, with an Editor token. */
async function applySavedPlan(sandbox: Awaited<ReturnType<typeof startTestSandbox>>, workspace: string) {
  return runAction(
    workspace,
    { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Editor'), 'plan-file': 'plan.json', 'require-plan': 'true' },
    { GITHUB_EVENT_NAME: 'push' },
  );
}

describe('the Action: a plan step with comment: true that could not read a dashboard', () => {
  it('posts that plan as the comment and fails the step, without marking its own comment out of date', async () => {
    const { sandbox, workspace } = await workspaceWithHiddenFolder('auto');
    const token = 'ghs_standInToken0123456789abcdefABCDEF';
    const github = await startGitHubStandIn({ token });
    const env = await pullRequestEnv(workspace, github.apiUrl, { pull_request: { number: 7 } });

    const plan = await runAction(workspace, { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Viewer'), 'read-only-token': 'true', comment: 'true', 'github-token': token }, env);

    expect(plan.code, plan.stdout).toBe(1);
    const [comment] = github.comments(7);
    expect(comment!.body).toContain('**Plan: no changes seen; 1 unreadable**');
    expect(comment!.body).not.toContain('No current plan');
  });
});

describe.each(['legacy', 'auto'] as const)('the Action: a folder an admin moved to the top level hides a dashboard from the tokens (api "%s", walk-63 M1, M2)', (api) => {
  it('the read-only-token plan step counts it in the output unreadable, never as a create, and fails; the apply of that plan holds it and fails', async () => {
    const { sandbox, workspace } = await workspaceWithHiddenFolder(api);

    const plan = await runAction(workspace, { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Viewer'), 'read-only-token': 'true', 'plan-file': 'plan.json' });

    expect(plan.code, plan.stdout).toBe(1);
    expect(plan.outputs).toMatchObject({ 'has-changes': 'false', creates: '0', unreadable: '1', 'folder-changes': '0', 'plan-file': 'plan.json' });
    expect(plan.stdout).not.toMatch(/Editor role/);
    // Through /api a refused read does not say which folder holds it: the folder is not said to exist (review-64b M2).
    const hiding =
      api === 'auto'
        ? 'exists in Grafana, hidden from these credentials by its permissions (a read was refused, HTTP 403)'
        : 'is not shown to these credentials, and Grafana refused them a read of dashboards whose files go to it (HTTP 403): ' +
          'it is there, hidden by its permissions, or the folder that holds those dashboards in Grafana hides them (a refused read through /api does not say which)';
    expect(plan.stdout).toContain(
      `unreadable: folder "K8s" (uid k8s, directory dashboards/team-a/k8s) ${hiding}: ` +
        'not created, and the dashboard of the tree in it neither created nor compared: dashboards/team-a/k8s/net.json (uid k8s-net); ' +
        "a folder moved to the top level in Grafana keeps no role grants of its own: grant the token's service account View on that folder for a plan step, Edit for an apply step, " +
        'or move the folder back where the tree has it',
    );
    expect(plan.stdout).toContain(
      "::error::the plan could not read 1 dashboard of the tree (a folder's permissions hide it from these credentials): it is neither compared nor written, so this is not a whole plan, " +
        "and its apply holds it and fails; grant the token's service account View on the folder its warning names (Edit for an apply step), then plan again",
    );
    expect(plan.summary).toContain('**Plan: no changes seen; 1 unreadable**');

    const apply = await applySavedPlan(sandbox, workspace);

    expect(apply.code, apply.stdout).toBe(1);
    expect(apply.outputs).toMatchObject({ creates: '0', unreadable: '1', 'folder-changes': '0' });
    expect(apply.stdout).toContain(
      `held: k8s-net "Network" (dashboards/team-a/k8s/net.json): folder "K8s" (uid k8s, directory dashboards/team-a/k8s)${api === 'auto' ? '' : ', or the folder that holds it in Grafana,'} hid it from these credentials when the plan was made`,
    );
    expect(apply.stdout).not.toContain('a 429 or 5xx often does');
    expect(apply.summary).toContain("Applied: 0 created, 0 updated, 0 moved, 0 deleted; 1 unreadable (held: hidden from these credentials by a folder's permissions)");
    expect(apply.summary).toContain('1 dashboard of the tree was not applied');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/k8s-net')).body.meta.folderUid).toBe('k8s');
  });
});

describe.each(['legacy', 'auto'] as const)('the Action: a new library panel only a hidden dashboard uses (api "%s", review-64b L3)', (api) => {
  it('is held with it: the plan and apply steps count it in no library-panel-changes, and the apply names it held', async () => {
    const { sandbox, workspace } = await workspaceWithHiddenFolder(api, async (tree) => {
      await mkdir(join(tree, 'dashboards/_library'), { recursive: true });
      await writeFile(join(tree, 'dashboards/_library/shared.json'), '{ "uid": "lp-g", "name": "Shared", "kind": 1, "model": { "type": "stat", "title": "Shared" } }\n');
      await writeFile(
        join(tree, 'dashboards/team-a/k8s/net.json'),
        '{ "uid": "k8s-net", "title": "Network", "schemaVersion": 42, "panels": [{ "gridPos": { "x": 0, "y": 0, "w": 12, "h": 8 }, "libraryPanel": { "uid": "lp-g", "name": "Shared" } }] }\n',
      );
    });

    const plan = await runAction(workspace, { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Viewer'), 'read-only-token': 'true', 'plan-file': 'plan.json' });

    expect(plan.code, plan.stdout).toBe(1);
    expect(plan.outputs).toMatchObject({ 'has-changes': 'false', unreadable: '1', 'library-panel-changes': '0', 'folder-changes': '0' });
    expect(plan.stdout).toContain('not written, as only dashboards set apart here use it: the library panel dashboards/_library/shared.json (uid lp-g)');

    const apply = await applySavedPlan(sandbox, workspace);

    expect(apply.code, apply.stdout).toBe(1);
    expect(apply.outputs).toMatchObject({ unreadable: '1', 'library-panel-changes': '0' });
    expect(apply.stdout).toContain('held: library panel lp-g "Shared" (dashboards/_library/shared.json): only dashboards this apply holds use it (their held lines say why): nothing was written for it');
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-g')).status).toBe(404);
  });
});

describe('the Action: a readable dashboard that uses a new library panel kept in the hidden folder (api "auto", fixh-66)', () => {
  it('counts it in uses-hidden-panels, not in unreadable, in the plan step and the apply step of its plan, which hold it', async () => {
    const { sandbox, workspace } = await workspaceWithHiddenFolder('auto', async (tree) => {
      await mkdir(join(tree, 'dashboards/team-a/k8s/_library'), { recursive: true });
      await writeFile(join(tree, 'dashboards/team-a/k8s/_library/new.json'), '{ "uid": "lp-new", "name": "New shared", "kind": 1, "model": { "type": "stat", "title": "Shared" } }\n');
    });
    const overview = JSON.parse(await readFile(join(workspace, 'dashboards/overview.json'), 'utf8'));
    overview.panels.push({ gridPos: { x: 0, y: 40, w: 12, h: 8 }, libraryPanel: { uid: 'lp-new', name: 'New shared' } });
    await writeFile(join(workspace, 'dashboards/overview.json'), `${JSON.stringify(overview, null, 2)}\n`);

    const plan = await runAction(workspace, { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Viewer'), 'read-only-token': 'true', 'plan-file': 'plan.json' });

    expect(plan.code, plan.stdout).toBe(1);
    expect(plan.outputs).toMatchObject({ 'has-changes': 'false', updates: '0', unreadable: '1', 'uses-hidden-panels': '1', 'unreadable-library-panels': '1', 'library-panel-changes': '0' });
    expect(plan.summary).toContain('**Plan: no changes seen; 1 unreadable, 1 not written, 1 library panel unreadable**');

    const apply = await applySavedPlan(sandbox, workspace);

    expect(apply.code, apply.stdout).toBe(1);
    expect(apply.outputs).toMatchObject({ updates: '0', unreadable: '1', 'uses-hidden-panels': '1', 'unreadable-library-panels': '1', 'library-panel-changes': '0' });
    expect(apply.summary).toContain('1 not written (held: it uses a library panel in a folder these credentials cannot see)');
    expect(apply.summary).toContain('1 dashboard of the tree was not written');
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-overview')).body.dashboard.panels).toHaveLength(overview.panels.length - 1);
  });
});

describe('the Action: a readable dashboard whose file moved into the hidden folder\'s directory (api "auto", fixe-67)', () => {
  it('counts it in not-moved-into-hidden, not in unreadable or updates, in the plan step and the apply step of its plan, which hold it', async () => {
    const { sandbox, workspace } = await workspaceWithHiddenFolder('auto', async (tree) => {
      await rename(join(tree, 'dashboards/overview.json'), join(tree, 'dashboards/team-a/k8s/overview.json'));
    });

    const plan = await runAction(workspace, { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Viewer'), 'read-only-token': 'true', 'plan-file': 'plan.json' });

    expect(plan.code, plan.stdout).toBe(1);
    expect(plan.outputs).toMatchObject({ updates: '0', unreadable: '1', 'not-moved-into-hidden': '1', 'uses-hidden-panels': '0' });

    const apply = await applySavedPlan(sandbox, workspace);

    expect(apply.code, apply.stdout).toBe(1);
    expect(apply.outputs).toMatchObject({ updates: '0', unreadable: '1', 'not-moved-into-hidden': '1' });
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/action-overview')).body.meta.folderUid).not.toBe('k8s');
  });
});

describe('the Action: a hidden folder holding only library panels of the tree (api "auto", review-65a M2)', () => {
  it('the plan step counts them in unreadable-library-panels and fails; the apply step of its plan holds them, counts them so and fails', async () => {
    const panel = (title: string) => `{ "uid": "lp-m", "name": "Memory", "kind": 1, "model": { "type": "stat", "title": "${title}" } }\n`;
    const shared: HiddenFolder = { uid: 'shared2', files: { '_folder.json': '{ "uid": "shared2", "title": "Shared 2" }\n', '_library/mem.json': panel('Memory') } };
    const { sandbox, workspace } = await workspaceWithHiddenFolder('auto', async () => {}, shared);
    await writeFile(join(workspace, 'dashboards/team-a/shared2/_library/mem.json'), panel('Memory (new)'));

    const plan = await runAction(workspace, { command: 'plan', 'grafana-url': sandbox.url, 'grafana-token': await sandbox.createToken('Viewer'), 'read-only-token': 'true', 'plan-file': 'plan.json' });

    expect(plan.code, plan.stdout).toBe(1);
    expect(plan.outputs).toMatchObject({ 'has-changes': 'false', unreadable: '0', 'unreadable-library-panels': '1', 'library-panel-changes': '0' });

    const apply = await applySavedPlan(sandbox, workspace);

    expect(apply.code, apply.stdout).toBe(1);
    expect(apply.outputs).toMatchObject({ unreadable: '0', 'unreadable-library-panels': '1', 'library-panel-changes': '0' });
    expect(apply.stdout).toMatch(/held: library panel lp-m "Memory" /);
    expect((await apiRequest(sandbox, 'GET', '/api/library-elements/lp-m')).body.result.model.title).toBe('Memory');
  });
});
