import { describe, expect, it } from 'vitest';
import type { PlanSummary, PlanWarning } from '../../../src/plan/types.js';
import { describeLosses } from '../../../src/report/describe-losses.js';

const NONE: PlanSummary = { create: 2, update: 3, move: 1, delete: 0, unchanged: 9, folderCreate: 1, folderUpdate: 1, folderDelete: 0, libraryPanelCreate: 1, libraryPanelUpdate: 1, libraryPanelMove: 0, libraryPanelDelete: 0 };
const drift = (uid: string, resource?: 'library-panel'): PlanWarning => ({ kind: 'drift', uid, title: uid, version: 3, updatedBy: 'jane', updated: '2026-12-01T10:00:00Z', message: '', ...(resource ? { resource } : {}) });

describe('describeLosses', () => {
  it('is null for a plan that creates, updates and moves only, with no drift (and for other warnings)', () => {
    expect(describeLosses({ summary: NONE, warnings: [{ kind: 'title-clash', uid: 'a', title: 'A', folderUid: null, otherUid: 'b' }] })).toBeNull();
  });

  it('counts the drift of dashboards and library panels, and every kind of delete', () => {
    const warnings = [drift('a'), drift('b'), drift('lp', 'library-panel')];
    expect(describeLosses({ summary: NONE, warnings })).toBe('overwrites 2 dashboards and 1 library panel edited in Grafana (drift)');
    expect(describeLosses({ summary: { ...NONE, delete: 1, libraryPanelDelete: 2, folderDelete: 3 }, warnings: [drift('a')] })).toBe(
      'overwrites 1 dashboard edited in Grafana (drift) and deletes 1 dashboard, 2 library panels and 3 folders',
    );
    expect(describeLosses({ summary: { ...NONE, folderDelete: 1 }, warnings: [] })).toBe('deletes 1 folder');
  });
});
