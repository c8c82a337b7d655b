import { describe, expect, it } from 'vitest';
import { folderActions } from '../../src/plan/types.js';
import { renderConflict } from '../../src/report/render-apply-result.js';
import type { SandboxOptions } from '../../src/sandbox/types.js';
import { planFolderRename } from '../helpers/planned-folder-rename.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const FOLDER_PATH = '/apis/folder.grafana.app/v1beta1/namespaces/default/folders/team';

type Sandbox = Awaited<ReturnType<typeof startTestSandbox>>;

/**
 * A folder the plan renames, saved again by someone between the plan and the apply without its title or parent changed (a
 * save that changed nothing but its description, another tool's annotation). Its revision moved on (`/api` counts every
 * save, `/apis` stamps a new resourceVersion), yet nothing the update replaces changed: the rename is applied and what
 * they saved is kept. Before, a conflict (exit 1) for a change nobody made. A rename or move since is still a conflict.
 */
async function plannedRename(options: SandboxOptions, api: 'k8s' | 'legacy') {
  const { sandbox, plan, apply } = await planFolderRename(options, api);
  expect(folderActions(plan).filter((folder) => folder.action === 'update').map((folder) => folder.uid)).toEqual(['team']);
  return { sandbox, apply };
}

/** A save through `/api` that changes the description only: a new folder version, the title as it was. */
async function describeThroughApi(sandbox: Sandbox): Promise<void> {
  const before = (await apiRequest(sandbox, 'GET', '/api/folders/team')).body;
  const saved = await apiRequest(sandbox, 'PUT', '/api/folders/team', { title: 'Team', description: 'kept', overwrite: true });
  expect(saved.status, saved.text).toBe(200);
  expect(saved.body.version).toBe(before.version + 1);
}

describe('a folder saved again after the plan with its title and parent unchanged', () => {
  it.each([
    ['12 through /apis (legacy storage)', { grafanaVersion: '12' }, 'k8s'],
    ['12 through /api', { grafanaVersion: '12' }, 'legacy'],
    ['11.2 through /api', { grafanaVersion: '11.2' }, 'legacy'],
  ] as const)('Grafana %s: a description saved since is kept, and the rename applied', async (_name, options, api) => {
    const { sandbox, apply } = await plannedRename(options, api);
    await describeThroughApi(sandbox);

    const result = await apply();

    expect(result.conflicts).toEqual([]);
    expect(result.foldersUpdated).toEqual(['team']);
    expect((await apiRequest(sandbox, 'GET', '/api/folders/team')).body.title).toBe('Team (from git)');
    // `/api` shows no description; `/apis` serves it in the spec (11.2 serves no folder.grafana.app).
    if (options.grafanaVersion !== '11.2') expect((await apiRequest(sandbox, 'GET', FOLDER_PATH)).body.spec.description).toBe('kept');
  });

  it("Grafana 13 (unified storage): another tool's annotation written since is kept, and the rename applied", async () => {
    const { sandbox, apply } = await plannedRename({ grafanaVersion: '13' }, 'k8s');
    const before = (await apiRequest(sandbox, 'GET', FOLDER_PATH)).body;
    const annotated = { ...before, metadata: { ...before.metadata, annotations: { ...before.metadata.annotations, 'example.com/owner': 'platform' } } };
    const saved = await apiRequest(sandbox, 'PUT', FOLDER_PATH, annotated);
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.metadata.resourceVersion).not.toBe(before.metadata.resourceVersion);

    const result = await apply();

    expect(result.conflicts).toEqual([]);
    expect(result.foldersUpdated).toEqual(['team']);
    const folder = (await apiRequest(sandbox, 'GET', FOLDER_PATH)).body;
    expect(folder.spec.title).toBe('Team (from git)');
    expect(folder.metadata.annotations['example.com/owner']).toBe('platform');
  });

  it.each([
    ['12 through /apis', { grafanaVersion: '12' }, 'k8s'],
    ['12 through /api', { grafanaVersion: '12' }, 'legacy'],
  ] as const)('Grafana %s: a move since the plan is still a conflict, the folder left where they put it', async (_name, options, api) => {
    const { sandbox, apply } = await plannedRename(options, api);
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'elsewhere', title: 'Elsewhere' })).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/folders/team/move', { parentUid: 'elsewhere' })).status).toBe(200);

    const result = await apply();

    expect(result.conflicts).toMatchObject([{ uid: 'team', action: 'folder-update', currentParent: { uid: 'elsewhere', title: 'Elsewhere' } }]);
    expect(renderConflict(result.conflicts[0]!)).toMatch(/^conflict: folder team "Team" \(titled "Team \(from git\)" in the tree\) changed in Grafana after the plan: now in folder "Elsewhere" \(elsewhere\)[,;]/);
    const folder = (await apiRequest(sandbox, 'GET', '/api/folders/team')).body;
    expect({ title: folder.title, parentUid: folder.parentUid }).toEqual({ title: 'Team', parentUid: 'elsewhere' });
  });
});
