import { describe, expect, it } from 'vitest';
import { folderActions } from '../../src/plan/types.js';
import { renderConflict } from '../../src/report/render-apply-result.js';
import { planFolderRename } from '../helpers/planned-folder-rename.js';
import { apiRequest } from '../helpers/sandbox.js';

const FOLDER_PATH = '/apis/folder.grafana.app/v1beta1/namespaces/default/folders/team';

/**
 * A folder the plan renames ("Team" → "Team (from git)"), deleted in Grafana between the plan and the apply and created
 * again under its uid with the same title and parent: another folder (its own id, permissions and history), which on `/api`
 * even starts again at version 1, the version the plan read. Before, apply wrote the rename over it (its title and parent
 * were as the plan saw them); now it is a conflict, as a dashboard's would be, and `--force` writes over it.
 */
describe('a folder deleted and created again under its uid between the plan and the apply', () => {
  it.each([
    ['12 through /api', { grafanaVersion: '12' }, 'legacy'],
    ['11.2 through /api', { grafanaVersion: '11.2' }, 'legacy'],
    ['12 through /apis (legacy storage)', { grafanaVersion: '12' }, 'k8s'],
    ['13 through /apis (unified storage)', { grafanaVersion: '13' }, 'k8s'],
  ] as const)('Grafana %s: a conflict that says so; the folder left as it is', async (_name, options, api) => {
    const { sandbox, plan, apply } = await planFolderRename(options, api);
    const planned = folderActions(plan).find((folder) => folder.uid === 'team')!;
    expect(planned.live?.internalId).toBeGreaterThan(0);
    expect((await apiRequest(sandbox, 'DELETE', '/api/folders/team')).status).toBe(200);
    const made = await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'team', title: 'Team' });
    expect(made.status, made.text).toBe(200);
    expect(made.body.id).not.toBe(planned.live?.internalId);

    const result = await apply();

    expect(result.foldersUpdated).toEqual([]);
    expect(result.conflicts).toMatchObject([{ uid: 'team', action: 'folder-update', recreated: true, plannedTitle: 'Team', currentTitle: 'Team' }]);
    expect(renderConflict(result.conflicts[0]!)).toMatch(
      /^conflict: folder team "Team" \(titled "Team \(from git\)" in the tree\) was deleted and created again in Grafana after the plan(: changed (by admin )?at [^;]+)?; left untouched\. Run dashsync plan to review, .*, or dashsync apply --force to overwrite it$/,
    );
    expect((await apiRequest(sandbox, 'GET', '/api/folders/team')).body.title).toBe('Team');
  });

  it('Grafana 12 through /api with --force: the rename is written over the new folder', async () => {
    const { sandbox, apply } = await planFolderRename({ grafanaVersion: '12' }, 'legacy');
    expect((await apiRequest(sandbox, 'DELETE', '/api/folders/team')).status).toBe(200);
    expect((await apiRequest(sandbox, 'POST', '/api/folders', { uid: 'team', title: 'Team' })).status).toBe(200);

    const result = await apply(true);

    expect(result.conflicts).toEqual([]);
    expect(result.foldersUpdated).toEqual(['team']);
    expect((await apiRequest(sandbox, 'GET', '/api/folders/team')).body.title).toBe('Team (from git)');
  });
});
