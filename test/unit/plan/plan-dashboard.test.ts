import { describe, expect, it } from 'vitest';
import { planDashboard } from '../../../src/plan/plan-dashboard.js';
import { summarizePlan, hasChanges } from '../../../src/plan/summarize-plan.js';
import { action, entry, meta } from './builders.js';

const cpu = (expr: string) => ({ uid: 'cpu', title: 'CPU', panels: [{ id: 4, title: 'CPU', targets: [{ refId: 'A', expr }] }] });

describe('planDashboard', () => {
  it('creates when nothing is live, recording file, target folder and content hash', () => {
    const result = planDashboard(entry({ uid: 'cpu', title: 'CPU', folderUid: 'infra' }), cpu('a'), null, 'sha256:abc');
    expect(result).toEqual({
      action: 'create',
      uid: 'cpu',
      title: 'CPU',
      file: 'dashboards/cpu.json',
      folderUid: 'infra',
      live: null,
      changes: [],
      contentHash: 'sha256:abc',
    });
  });

  it('is a noop when the canonical forms are equal, recording the live version', () => {
    const result = planDashboard(entry({ uid: 'cpu' }), cpu('a'), { dashboard: cpu('a'), meta: meta({ version: 7 }) }, 'sha256:abc');
    expect(result.action).toBe('noop');
    expect(result.live?.version).toBe(7);
    expect(result.changes).toEqual([]);
  });

  it('is a noop when the normalized live dashboard equals the file, and records the file digest', () => {
    const model = cpu('a');
    const result = planDashboard(entry({ uid: 'cpu' }), model, { dashboard: structuredClone(model), meta: meta() }, 'sha256:file');
    expect(result).toMatchObject({ action: 'noop', changes: [], contentHash: 'sha256:file' });
  });

  it('updates with the field changes live → desired', () => {
    const result = planDashboard(entry({ uid: 'cpu' }), cpu('rate(x[1m])'), { dashboard: cpu('rate(x[5m])'), meta: meta() }, 'sha256:abc');
    expect(result.action).toBe('update');
    expect(result.changes).toEqual([{ path: 'panels[id=4 "CPU"].targets[0].expr', kind: 'changed', before: 'rate(x[5m])', after: 'rate(x[1m])' }]);
  });

  it('moves when the live folder differs, with or without content changes; General is null', () => {
    const live = { dashboard: cpu('a'), meta: meta({ folderUid: 'old', folderTitle: 'Old' }) };
    const moved = planDashboard(entry({ uid: 'cpu', folderUid: null }), cpu('a'), live, 'sha256:abc');
    expect(moved).toMatchObject({ action: 'move', folderUid: null, live: { folderUid: 'old', folderTitle: 'Old' }, changes: [] });
    const movedAndChanged = planDashboard(entry({ uid: 'cpu', folderUid: 'new' }), cpu('b'), live, 'sha256:abc');
    expect(movedAndChanged.action).toBe('move');
    expect(movedAndChanged.changes).toHaveLength(1);
    const stays = planDashboard(entry({ uid: 'cpu', folderUid: null }), cpu('a'), { dashboard: cpu('a'), meta: meta({ folderUid: '' }) }, 'h');
    expect(stays.action).toBe('noop');
  });
});

describe('summarizePlan / hasChanges', () => {
  it('counts each action kind; noops and folder-noops are not changes', () => {
    const summary = summarizePlan(
      [action({ uid: 'a', action: 'create' }), action({ uid: 'b', action: 'noop' }), action({ uid: 'c', action: 'delete' }), action({ uid: 'd', action: 'move' })],
      [{ action: 'folder-noop', uid: 'f', title: 'f', parentUid: null, dir: 'f', live: null, changes: [] }],
    );
    expect(summary).toEqual({ create: 1, update: 0, move: 1, delete: 1, unchanged: 1, folderCreate: 0, folderUpdate: 0, folderDelete: 0 });
    expect(hasChanges(summary)).toBe(true);
    expect(hasChanges(summarizePlan([action({ uid: 'b', action: 'noop' })], []))).toBe(false);
    expect(hasChanges({ ...summary, create: 0, move: 0, delete: 0, folderDelete: 1 })).toBe(true);
  });
});
