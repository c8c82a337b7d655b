import { describe, expect, it } from 'vitest';
import { outputsFromPlan } from '../../../src/action/action-outputs.js';
import { validatePlan } from '../../../src/plan/plan-file.js';
import { summarizePlan } from '../../../src/plan/summarize-plan.js';
import type { FolderAction } from '../../../src/plan/types.js';
import { renderPlanMarkdown } from '../../../src/report/render-plan-markdown.js';
import { renderPlanText } from '../../../src/report/render-plan-text.js';
import { toPlanJson } from '../../../src/report/render-plan-json.js';
import { folderAction, plan } from '../plan/builders.js';

// plan-folder-move-50: apply says `moved: folder legacy "Legacy" into "Platform" (platform)` and counts `Folders: 1 moved`,
// while the plan said `~ folder-update folder "Legacy" (uid legacy)`, `~ parentUid: "apps" → "platform"` and `Folders: 1 to update`.
const live = (title: string, parentUid: string | null) => ({ title, parentUid, revision: '3' });
const folders: FolderAction[] = [
  folderAction({ action: 'noop', uid: 'platform', title: 'Platform' }),
  folderAction({ action: 'update', uid: 'apps', title: 'Applications', live: live('Apps', null), changes: [{ path: 'title', kind: 'changed', before: 'Apps', after: 'Applications' }] }),
  folderAction({
    action: 'update', uid: 'legacy', title: 'Legacy', parentUid: 'platform', dir: 'platform/legacy', live: live('Legacy', 'apps'),
    changes: [{ path: 'parentUid', kind: 'changed', before: 'apps', after: 'platform' }],
  }),
  folderAction({
    action: 'update', uid: 'old', title: 'Archive', parentUid: null, dir: 'old', live: live('Old', 'apps'),
    changes: [{ path: 'title', kind: 'changed', before: 'Old', after: 'Archive' }, { path: 'parentUid', kind: 'changed', before: 'apps', after: null }],
  }),
  folderAction({ action: 'update', uid: 'strays', title: 'Strays', parentUid: 'platform', dir: 'platform/strays', live: live('Strays', 'elsewhere') }),
];
const moves = plan({ actions: folders, summary: summarizePlan(folders) });

describe('a folder update that changes the parent is planned as a move', () => {
  it('text: each line says what changes, in apply\'s words; the summary counts moves apart from renames', () => {
    expect(renderPlanText(moves, { color: false }).split('\n').slice(2)).toEqual([
      '~ folder-update folder "Applications" (uid apps) renamed from "Apps"',
      '> folder-move   folder "Legacy" (uid legacy) from "Applications" (apps) into "Platform" (platform)',
      '> folder-move   folder "Archive" (uid old) renamed from "Old" and moved from "Applications" (apps) to the top level',
      '> folder-move   folder "Strays" (uid strays) from folder elsewhere into "Platform" (platform)',
      '',
      'Plan: 0 to create, 0 to update, 0 to move, 0 to delete, 0 unchanged. Folders: 1 to update, 3 to move.',
      '',
    ]);
  });

  it('text: a move is cyan as a dashboard move is', () => {
    const line = renderPlanText(moves, { color: true }).split('\n').find((text) => text.includes('uid legacy'));
    expect(line).toBe('\u001b[36m> folder-move   folder "Legacy" (uid legacy) from "Applications" (apps) into "Platform" (platform)\u001b[39m');
  });

  it('markdown (PR comment, job summary): the headline and the folder table', () => {
    const markdown = renderPlanMarkdown(moves).split('\n');
    expect(markdown).toContain('**Plan: folders: 1 to update, 3 to move**');
    const table = markdown.slice(markdown.indexOf('| Folder action | Folder | uid | Change |'));
    expect(table.slice(0, 6)).toEqual([
      '| Folder action | Folder | uid | Change |',
      '| --- | --- | --- | --- |',
      '| folder-update | Applications | `apps` | renamed from "Apps" |',
      '| folder-move | Legacy | `legacy` | from "Applications" (apps) into "Platform" (platform) |',
      '| folder-move | Archive | `old` | renamed from "Old" and moved from "Applications" (apps) to the top level |',
      '| folder-move | Strays | `strays` | from folder elsewhere into "Platform" (platform) |',
    ]);
  });

  it('public JSON: action folder-move, summary.folderMove; the Action\'s folder-changes counts the moves', () => {
    const json = toPlanJson(moves);
    expect(json.folders.map((folder) => `${folder.action} ${folder.uid}`)).toEqual(['folder-noop platform', 'folder-update apps', 'folder-move legacy', 'folder-move old', 'folder-move strays']);
    expect(json.summary).toMatchObject({ folderCreate: 0, folderUpdate: 1, folderMove: 3, folderDelete: 0 });
    expect(outputsFromPlan(moves.summary, 'plan.json')['folder-changes']).toBe(4);
  });

  it('a saved plan of the previous dashsync (moves counted in folderUpdate, no folderMove) is read and counted as this one counts', () => {
    const { folderMove: _, ...previous } = { ...moves.summary, folderUpdate: 4 };
    const read = validatePlan(JSON.parse(JSON.stringify({ ...moves, summary: previous })), 'plan.json');
    expect(read.summary).toMatchObject({ folderUpdate: 1, folderMove: 3 });
    expect(renderPlanText(read, { color: false })).toContain('> folder-move   folder "Legacy" (uid legacy) from "Applications" (apps) into "Platform" (platform)\n');
  });
});
