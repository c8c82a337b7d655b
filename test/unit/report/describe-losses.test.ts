import { describe, expect, it } from 'vitest';
import type { Plan, PlanSummary, PlanWarning } from '../../../src/plan/types.js';
import { describeLosses } from '../../../src/report/describe-losses.js';

const NONE: PlanSummary = { create: 2, update: 3, move: 1, delete: 0, unchanged: 9, folderCreate: 1, folderUpdate: 1, folderDelete: 0, libraryPanelCreate: 1, libraryPanelUpdate: 1, libraryPanelMove: 0, libraryPanelDelete: 0 };
const drift = (uid: string, resource?: 'library-panel'): PlanWarning => ({ kind: 'drift', uid, title: uid, version: 3, updatedBy: 'jane', updated: '2026-12-01T10:00:00Z', message: '', ...(resource ? { resource } : {}) });

describe('describeLosses', () => {
  it('is null for a plan that creates, updates and moves only, with no drift (and for other warnings)', () => {
    expect(describeLosses({ summary: NONE, actions: [], warnings: [{ kind: 'title-clash', uid: 'a', title: 'A', folderUid: null, otherUid: 'b' }] }, false)).toBeNull();
  });

  it('counts the drift of dashboards and library panels, and every kind of delete', () => {
    const warnings = [drift('a'), drift('b'), drift('lp', 'library-panel')];
    expect(describeLosses({ summary: NONE, actions: [], warnings }, false)).toBe('overwrites 2 dashboards and 1 library panel edited in Grafana (drift)');
    expect(describeLosses({ summary: { ...NONE, delete: 1, libraryPanelDelete: 2, folderDelete: 3 }, actions: [], warnings: [drift('a')] }, false)).toBe(
      'overwrites 1 dashboard edited in Grafana (drift) and deletes 1 dashboard, 2 library panels and 3 folders',
    );
    expect(describeLosses({ summary: { ...NONE, folderDelete: 1 }, actions: [], warnings: [] }, false)).toBe('deletes 1 folder');
  });

  it('with --force counts the labelled dashboards whose /api save removes their labels; without it they are skipped, their drift not counted', () => {
    const stripping = { kind: 'dashboard', action: 'update', uid: 'a', title: 'A', file: 'dashboards/a.json', folderUid: null, changes: [], removesMetadata: true } as unknown as Plan['actions'][number];
    const plan = { summary: NONE, actions: [stripping], warnings: [drift('a'), drift('b')] };
    expect(describeLosses(plan, true)).toBe('overwrites 2 dashboards edited in Grafana (drift) and removes the labels and annotations of 1 dashboard (saved through /api)');
    expect(describeLosses(plan, false)).toBe('overwrites 1 dashboard edited in Grafana (drift)');
    expect(describeLosses({ ...plan, warnings: [] }, false)).toBeNull();
  });

  it('counts the dashboards it writes whose history could not be read (drift not checked), not those it skips or leaves as they are', () => {
    const action = (uid: string, verb: string, removesMetadata = false) =>
      ({ kind: 'dashboard', action: verb, uid, title: uid, file: `dashboards/${uid}.json`, folderUid: null, changes: [], ...(removesMetadata ? { removesMetadata } : {}) }) as unknown as Plan['actions'][number];
    const unchecked: PlanWarning = { kind: 'drift-not-checked', uid: null, uids: ['a', 'b', 'c', 'labelled'], reason: 'unconvertible' };
    const plan = { summary: { ...NONE, delete: 1 }, actions: [action('a', 'update'), action('b', 'move'), action('c', 'noop'), action('labelled', 'update', true)], warnings: [unchecked] };
    expect(describeLosses(plan, false)).toBe('may overwrite 2 dashboards whose edits in Grafana could not be checked (drift not checked) and deletes 1 dashboard');
    expect(describeLosses(plan, true)).toBe(
      'may overwrite 3 dashboards whose edits in Grafana could not be checked (drift not checked), removes the labels and annotations of 1 dashboard (saved through /api) and deletes 1 dashboard',
    );
    expect(describeLosses({ ...plan, summary: NONE, actions: [action('a', 'update')], warnings: [{ ...unchecked, uids: ['a'] }] }, false)).toBe(
      'may overwrite 1 dashboard whose edits in Grafana could not be checked (drift not checked)',
    );
  });
});

