import { describe, expect, it } from 'vitest';
import { markEditedInGrafana } from '../../../src/plan/mark-made-in-grafana.js';
import type { DashboardAction, PlanWarning } from '../../../src/plan/types.js';

const live = { revision: '4', version: 4, folderUid: 'f', folderTitle: 'F', title: 'A', updated: '', updatedBy: '', owner: null };
const del = (uid: string): DashboardAction => ({ kind: 'dashboard', action: 'delete', uid, title: uid, dependsOn: [], changes: [], file: null, folderUid: 'f', live, contentHash: null });
const drift = (uid: string, extra: Partial<Extract<PlanWarning, { kind: 'drift' }>> = {}): PlanWarning => ({
  kind: 'drift',
  uid,
  title: uid,
  version: 4,
  updatedBy: 'dave',
  updated: '2026-12-06T10:00:00Z',
  message: 'tuned',
  pruned: true,
  ...extra,
});

describe('markEditedInGrafana (fixl-67: a prune\'s backup records the edit the plan warned of, through /api too)', () => {
  it('carries the drift judgement of each delete, and the push it was saved over where the plan found one', () => {
    const over = { version: 3, content: 'sha256:0123456789abcdef', commit: 'c'.repeat(40) };
    const [a, b, c] = markEditedInGrafana([del('a'), del('b'), del('c')], [drift('a'), drift('b')], new Map([['a', over]])) as DashboardAction[];
    expect(a!.editedInGrafana).toEqual({ by: 'dave', at: '2026-12-06T10:00:00Z', version: 4, over });
    expect(b!.editedInGrafana).toEqual({ by: 'dave', at: '2026-12-06T10:00:00Z', version: 4 });
    expect(c!.editedInGrafana).toBeUndefined();
  });

  it('names the save a restore took back by its version before the delete; a labels-only edit, an update\'s drift and a library panel\'s are no such save', () => {
    const restored = drift('a', { version: 1, savedVersion: 5, restoredFrom: 'backup', restoredAt: 't' });
    expect((markEditedInGrafana([del('a')], [restored], new Map())[0] as DashboardAction).editedInGrafana?.version).toBe(5);
    const none = [drift('a', { metadataEdited: true }), drift('b', { pruned: undefined }), drift('c', { resource: 'library-panel' })];
    for (const action of markEditedInGrafana([del('a'), del('b'), del('c')], none, new Map())) expect((action as DashboardAction).editedInGrafana).toBeUndefined();
  });
});
