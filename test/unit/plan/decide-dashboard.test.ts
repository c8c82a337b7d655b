import { describe, expect, it } from 'vitest';
import { decideDashboard } from '../../../src/plan/decide-dashboard.js';
import { summarizePlan, hasChanges } from '../../../src/plan/summarize-plan.js';
import { action, entry, folderAction, live, PROVISIONED } from './builders.js';

const cpu = (expr: string) => ({ uid: 'cpu', title: 'CPU', panels: [{ id: 4, title: 'CPU', targets: [{ refId: 'A', expr }] }] });

describe('decideDashboard', () => {
  it('creates when nothing is live, recording file, target folder, content hash and the folder it needs', () => {
    const { action: result, warning } = decideDashboard(entry({ uid: 'cpu', title: 'CPU', folderUid: 'infra' }), cpu('a'), null, 'sha256:abc');
    expect(result).toEqual({
      kind: 'dashboard',
      action: 'create',
      uid: 'cpu',
      title: 'CPU',
      file: 'dashboards/cpu.json',
      folderUid: 'infra',
      live: null,
      changes: [],
      contentHash: 'sha256:abc',
      dependsOn: ['folder:infra'],
    });
    expect(warning).toBeNull();
  });

  it('is a noop when the canonical forms are equal, recording the live version and revision', () => {
    const { action: result } = decideDashboard(entry({ uid: 'cpu' }), cpu('a'), live(cpu('a'), { version: 7 }), 'sha256:abc');
    expect(result.action).toBe('noop');
    expect(result.live?.version).toBe(7);
    expect(result.live?.revision).toBe('7');
    expect(result.changes).toEqual([]);
    expect(result.dependsOn).toEqual([]);
  });

  it('is a noop when the normalized live dashboard equals the file, and records the file digest', () => {
    const model = cpu('a');
    const { action: result } = decideDashboard(entry({ uid: 'cpu' }), model, live(structuredClone(model)), 'sha256:file');
    expect(result).toMatchObject({ action: 'noop', changes: [], contentHash: 'sha256:file' });
  });

  it('updates with the field changes live → desired', () => {
    const { action: result } = decideDashboard(entry({ uid: 'cpu' }), cpu('rate(x[1m])'), live(cpu('rate(x[5m])')), 'sha256:abc');
    expect(result.action).toBe('update');
    expect(result.changes).toEqual([{ path: 'panels[id=4 "CPU"].targets[0].expr', kind: 'changed', before: 'rate(x[5m])', after: 'rate(x[1m])' }]);
  });

  it('moves when the live folder differs, with or without content changes; General is null', () => {
    const old = live(cpu('a'), { folderUid: 'old', folderTitle: 'Old' });
    const moved = decideDashboard(entry({ uid: 'cpu', folderUid: null }), cpu('a'), old, 'sha256:abc').action;
    expect(moved).toMatchObject({ action: 'move', folderUid: null, live: { folderUid: 'old', folderTitle: 'Old' }, changes: [], dependsOn: [] });
    const movedAndChanged = decideDashboard(entry({ uid: 'cpu', folderUid: 'new' }), cpu('b'), old, 'sha256:abc').action;
    expect(movedAndChanged.action).toBe('move');
    expect(movedAndChanged.changes).toHaveLength(1);
    expect(movedAndChanged.dependsOn).toEqual(['folder:new']);
    const stays = decideDashboard(entry({ uid: 'cpu', folderUid: null }), cpu('a'), live(cpu('a'), { folderUid: null }), 'h').action;
    expect(stays.action).toBe('noop');
  });

  it('leaves a provisioned dashboard that does not allow UI updates as it is, saying how many differences were not applied', () => {
    const provisioned = live(cpu('old'), { owner: PROVISIONED });
    const { action: result, warning } = decideDashboard(entry({ uid: 'cpu', title: 'CPU', folderUid: 'infra' }), cpu('new'), provisioned, 'sha256:abc');
    expect(result).toMatchObject({ action: 'noop', changes: [], live: { owner: PROVISIONED } });
    expect(warning).toEqual({
      kind: 'provisioned',
      uid: 'cpu',
      title: 'CPU',
      message:
        'cpu "CPU" (dashboards/cpu.json) is provisioned in Grafana from a file that does not allow UI updates; dashsync leaves it untouched (1 difference(s) not applied)',
    });
    // Equal: nothing to say.
    expect(decideDashboard(entry({ uid: 'cpu' }), cpu('old'), provisioned, 'h').warning).toBeNull();
  });

  it('updates a provisioned dashboard whose provider allows UI updates', () => {
    const editable = live(cpu('old'), { owner: { ...PROVISIONED, allowsUpdates: true } });
    expect(decideDashboard(entry({ uid: 'cpu' }), cpu('new'), editable, 'h')).toMatchObject({ action: { action: 'update' }, warning: null });
  });

  it('never writes a dashboard another tool manages, and names it', () => {
    const managed = live(cpu('old'), { owner: { manager: 'terraform', id: 'grafana_dashboard.cpu', allowsUpdates: false } });
    const { action: result, warning } = decideDashboard(entry({ uid: 'cpu', title: 'CPU' }), cpu('new'), managed, 'h');
    expect(result.action).toBe('noop');
    expect(warning).toMatchObject({ kind: 'provisioned' });
    expect(warning && 'message' in warning ? warning.message : '').toBe(
      'cpu "CPU" (dashboards/cpu.json) is managed by terraform (grafana_dashboard.cpu), which does not let others change it; dashsync leaves it untouched (1 difference(s) not applied)',
    );
  });
});

describe('summarizePlan / hasChanges', () => {
  it('counts each action kind; noops and folder noops are not changes', () => {
    const summary = summarizePlan([
      action({ uid: 'a', action: 'create' }),
      action({ uid: 'b', action: 'noop' }),
      action({ uid: 'c', action: 'delete' }),
      action({ uid: 'd', action: 'move' }),
      folderAction({ uid: 'f', action: 'noop' }),
    ]);
    expect(summary).toEqual({ create: 1, update: 0, move: 1, delete: 1, unchanged: 1, folderCreate: 0, folderUpdate: 0, folderDelete: 0, libraryPanelCreate: 0, libraryPanelUpdate: 0, libraryPanelMove: 0, libraryPanelDelete: 0 });
    expect(hasChanges(summary)).toBe(true);
    expect(hasChanges(summarizePlan([action({ uid: 'b', action: 'noop' })]))).toBe(false);
    expect(hasChanges({ ...summary, create: 0, move: 0, delete: 0, folderDelete: 1, libraryPanelCreate: 0, libraryPanelUpdate: 0, libraryPanelMove: 0, libraryPanelDelete: 0 })).toBe(true);
  });
});
