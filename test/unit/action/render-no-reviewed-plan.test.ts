import { describe, expect, it } from 'vitest';
import { renderNoReviewedPlan } from '../../../src/action/render-no-reviewed-plan.js';
import { emptyApplyResult, type ApplyConflict } from '../../../src/apply/types.js';
import type { Plan } from '../../../src/plan/types.js';
import { heldFolderUpdate } from '../plan/builders.js';

const held = (uid: string, title: string, more: Partial<ApplyConflict>): ApplyConflict => heldFolderUpdate({ uid, title, unreviewedWhy: 'one-step', ...more });

// M4's gap (stop-64 §11.4): the box named every other hold apart but not the folders renamed or moved in Grafana; left-65 adds
// them, and the dashboards a person deleted in Grafana that the one-step apply did not make anew (walk-64 L5).
describe('the No reviewed plan box', () => {
  it('names the folders renamed or moved in Grafana and the dashboards deleted there, each escaped, apart from the edits', () => {
    const result = emptyApplyResult();
    result.conflicts.push(
      held('prov', 'Provisioned', { folderEdit: { file: 'dashboards/prov/_folder.json', liveTitle: 'Provisioned (do not edit)' } }),
      held('odd', 'Odd `folder` | ops', { folderEdit: { file: 'dashboards/odd/_folder.json', liveParentUid: 'ops' } }),
      held('cpu', 'CPU *hot*', { action: 'create', file: 'dashboards/team/cpu.json', deletedInGrafana: { deletedAt: '2026-12-06T10:00:00Z', deletedBy: 'admin' } }),
    );

    const box = renderNoReviewedPlan({ warnings: [] } as unknown as Plan, result).split('\n');

    expect(box).toEqual([
      '> [!WARNING]',
      '> No reviewed plan: planned and applied in one step.',
      '> It left 2 folders renamed or moved in Grafana as they are (folder drift: each a conflict, below; args: --force undoes them): prov "Provisioned", odd "Odd \\`folder\\` \\| ops".',
      '> It did not create 1 dashboard deleted in Grafana, which waits in its "Recently deleted" (each a conflict, below: dashsync restore brings Grafana\'s copy back; args: --force makes it anew from the file): cpu "CPU \\*hot\\*".',
    ]);
  });

  it('counts what a held folder takeover kept out of the folder by kind: dashboards, library panels and folders (fixe-67)', () => {
    const takeover = { folderUid: 'data-team', folderTitle: 'Data Team', file: 'dashboards/analytics/_folder.json' };
    const result = emptyApplyResult();
    result.conflicts.push(
      held('data-team', 'Analytics', { takeover }),
      held('data-etl', 'ETL jobs', { action: 'delete', takeover }),
      held('an-1', 'Board', { action: 'create', takeover }),
      held('an-2', 'Sub board', { action: 'create', takeover: { ...takeover, into: { uid: 'an-sub', title: 'Sub' } } }),
      held('lp-an', 'CPU', { action: 'library-panel-create', takeover }),
      held('an-sub', 'Sub', { action: 'folder-create', takeover }),
    );

    const box = renderNoReviewedPlan({ warnings: [] } as unknown as Plan, result).split('\n');

    expect(box).toContain(
      '> It left folder "Data Team" (data-team) as it is, which `dashboards/analytics/_folder.json` takes over (folder takeover: its rename, the 1 delete in it and ' +
        'the 2 dashboards, 1 library panel and 1 folder the tree would put in it, each a conflict, below; args: --force takes it over).',
    );
  });
});
