import { describe, expect, it } from 'vitest';
import { renderConflict } from '../../src/report/render-apply-result.js';
import { planFolderRename } from '../helpers/planned-folder-rename.js';
import { apiRequest, requestHeld } from '../helpers/sandbox.js';

const FOLDER_PATH = '/apis/folder.grafana.app/v1beta1/namespaces/default/folders/team';

type Planned = Awaited<ReturnType<typeof planFolderRename>>;

/**
 * Grafana 13 keeps folders in unified storage, whose update refuses a stale resourceVersion (409 Conflict). apply reads
 * the folder right before its PUT and writes at the resourceVersion read: a save by someone else in the instant between the
 * two is refused. The sandbox holds apply's PUT while another client saves the folder, then lets it through. Before, that
 * 409 was a failure (exit 1) whatever the save was; now the folder is read once more and judged as the plan saw it.
 */
async function applyWithSaveDuringUpdate(planned: Planned, save: (folder: Record<string, any>) => Record<string, any>) {
  const { sandbox, apply } = planned;
  // Whichever folder.grafana.app version apply writes at: the first PUT is held.
  sandbox.setFaults({ pathPrefix: '/apis/folder.grafana.app/', methods: ['PUT'], script: [{ kind: 'hold' }] });
  const applying = apply();
  await requestHeld(sandbox);
  const before = (await apiRequest(sandbox, 'GET', FOLDER_PATH)).body;
  const saved = await apiRequest(sandbox, 'PUT', FOLDER_PATH, save(before));
  expect(saved.status, saved.text).toBe(200);
  sandbox.releaseHeld();
  const result = await applying;
  const writes = sandbox.requests().filter((entry) => entry.method === 'PUT' && entry.path.endsWith('/namespaces/default/folders/team')).map((entry) => entry.status);
  return { result, writes };
}

describe('Grafana 13 (unified storage): a folder saved between apply\'s read and its write', () => {
  it('another tool\'s annotation: the folder is read again and the rename written at its new revision, the annotation kept', async () => {
    const planned = await planFolderRename({ grafanaVersion: '13' }, 'k8s');

    const { result, writes } = await applyWithSaveDuringUpdate(planned, (folder) => ({
      ...folder,
      metadata: { ...folder.metadata, annotations: { ...folder.metadata.annotations, 'example.com/owner': 'platform' } },
    }));

    expect(result.failures).toEqual([]);
    expect(result.conflicts).toEqual([]);
    expect(result.foldersUpdated).toEqual(['team']);
    // apply's held PUT (refused), the other client's, apply's second PUT.
    expect(writes).toEqual([409, 200, 200]);
    const folder = (await apiRequest(planned.sandbox, 'GET', FOLDER_PATH)).body;
    expect(folder.spec.title).toBe('Team (from git)');
    expect(folder.metadata.annotations['example.com/owner']).toBe('platform');
  });

  it('a rename: a conflict naming the new title, the folder left as they named it', async () => {
    const planned = await planFolderRename({ grafanaVersion: '13' }, 'k8s');

    const { result, writes } = await applyWithSaveDuringUpdate(planned, (folder) => ({ ...folder, spec: { ...folder.spec, title: 'Renamed meanwhile' } }));

    expect(result.failures).toEqual([]);
    expect(result.foldersUpdated).toEqual([]);
    expect(result.conflicts).toMatchObject([{ uid: 'team', action: 'folder-update', currentTitle: 'Renamed meanwhile' }]);
    expect(renderConflict(result.conflicts[0]!)).toMatch(/^conflict: folder team "Team" \(titled "Team \(from git\)" in the tree\) changed in Grafana after the plan: now titled "Renamed meanwhile", changed by admin at /);
    expect(writes).toEqual([409, 200]);
    expect((await apiRequest(planned.sandbox, 'GET', FOLDER_PATH)).body.spec.title).toBe('Renamed meanwhile');
  });
});

/**
 * Grafana 12 through `/api`: apply reads the folder (GET /api/folders/team), then renames it with a PUT at the version read,
 * which a save in between makes stale (412 version-mismatch, "the folder has been changed by someone else"). Before, that
 * 412 was a conflict whatever the save was; now the folder is read and judged once more, as on `/apis`.
 */
async function applyWithApiSaveDuringUpdate(planned: Planned, change: Record<string, unknown>) {
  const { sandbox, apply } = planned;
  sandbox.setFaults({ pathPrefix: '/api/folders/team', methods: ['PUT'], script: [{ kind: 'hold' }] });
  const applying = apply();
  await requestHeld(sandbox);
  const before = (await apiRequest(sandbox, 'GET', '/api/folders/team')).body;
  const saved = await apiRequest(sandbox, 'PUT', '/api/folders/team', { title: before.title, version: before.version, ...change });
  expect(saved.status, saved.text).toBe(200);
  sandbox.releaseHeld();
  const result = await applying;
  const writes = sandbox.requests().filter((entry) => entry.method === 'PUT' && entry.path === '/api/folders/team').map((entry) => entry.status);
  return { result, writes };
}

describe("Grafana 12 through /api: a folder saved between apply's read and its write", () => {
  it('a save of its description only: the folder is read again and the rename written at its new version', async () => {
    const planned = await planFolderRename({ grafanaVersion: '12' }, 'legacy');

    const { result, writes } = await applyWithApiSaveDuringUpdate(planned, { description: 'kept' });

    expect(result.conflicts).toEqual([]);
    expect(result.failures).toEqual([]);
    expect(result.foldersUpdated).toEqual(['team']);
    // apply's held PUT (refused: stale), the other client's, apply's second PUT at the new version.
    expect(writes).toEqual([412, 200, 200]);
    expect((await apiRequest(planned.sandbox, 'GET', '/api/folders/team')).body.title).toBe('Team (from git)');
    expect((await apiRequest(planned.sandbox, 'GET', FOLDER_PATH)).body.spec.description).toBe('kept');
  });

  it('the rename the plan makes, saved by someone else meanwhile: nothing to do, no conflict', async () => {
    const planned = await planFolderRename({ grafanaVersion: '12' }, 'legacy');

    const { result, writes } = await applyWithApiSaveDuringUpdate(planned, { title: 'Team (from git)' });

    expect(result.conflicts).toEqual([]);
    expect(result.foldersUnchanged).toEqual(['team']);
    expect(writes).toEqual([412, 200]);
  });

  it('a rename: a conflict naming the new title and who saved it, the folder left as they named it', async () => {
    const planned = await planFolderRename({ grafanaVersion: '12' }, 'legacy');

    const { result, writes } = await applyWithApiSaveDuringUpdate(planned, { title: 'Renamed meanwhile' });

    expect(result.foldersUpdated).toEqual([]);
    expect(result.conflicts).toMatchObject([{ uid: 'team', action: 'folder-update', currentTitle: 'Renamed meanwhile', changedBy: 'admin' }]);
    expect(renderConflict(result.conflicts[0]!)).toMatch(/^conflict: folder team "Team" \(titled "Team \(from git\)" in the tree\) changed in Grafana after the plan: now titled "Renamed meanwhile", changed by admin at /);
    expect(writes).toEqual([412, 200]);
    expect((await apiRequest(planned.sandbox, 'GET', '/api/folders/team')).body.title).toBe('Renamed meanwhile');
  });
});

/**
 * Grafana 11.2 refuses a rename to a title a sibling folder holds with a 409 (ErrFolderSameNameExists), which apply-54's
 * judged update took for a save by someone else: it read the folder again, sent the PUT again, and ended in a conflict
 * saying the folder changed in Grafana after the plan, which it had not. The refusal is told by its message now: no second
 * GET and PUT, and the line names the sibling that holds the title.
 */
describe('Grafana 11.2 through /api: a rename to a title a sibling folder took after the plan', () => {
  it('fails once, naming the sibling and what to do; no conflict, one PUT', async () => {
    const planned = await planFolderRename({ grafanaVersion: '11.2' }, 'legacy');
    const taken = await apiRequest(planned.sandbox, 'POST', '/api/folders', { uid: 'other-team', title: 'Team (from git)' });
    expect(taken.status, taken.text).toBe(200);
    planned.sandbox.clearRequests();

    const result = await planned.apply();

    expect(result.conflicts).toEqual([]);
    expect(result.foldersUpdated).toEqual([]);
    expect(result.failures.map((failure) => [failure.uid, failure.message])).toEqual([
      [
        'team',
        'PUT /api/folders/team failed: HTTP 409: a folder or dashboard in the general folder with the same name already exists: ' +
          'folder other-team (in Grafana, not in the tree) is titled "Team (from git)" in the General level; ' +
          'Grafana 11.2 and older refuse two folders of one title under one parent: give it another "title" in its _folder.json, or rename the other folder in Grafana',
      ],
    ]);
    const folderRequests = planned.sandbox.requests().filter((entry) => entry.path === '/api/folders/team').map((entry) => `${entry.method} ${entry.status}`);
    // The read before the PUT, the PUT, and apply's read back of a refused write.
    expect(folderRequests).toEqual(['GET 200', 'PUT 409', 'GET 200']);
    expect((await apiRequest(planned.sandbox, 'GET', '/api/folders/team')).body.title).toBe('Team');
  });
});
