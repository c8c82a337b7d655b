import { describe, expect, it } from 'vitest';
import { foldersOnlyForHeld } from '../../../src/apply/unreviewed-drift.js';
import { action, folderAction } from '../plan/builders.js';

// action-57: an unreviewed apply that kept a move as a conflict still created the folder the move was for (empty in Grafana).
describe('foldersOnlyForHeld: the folder creates an unreviewed apply leaves out', () => {
  const caches = folderAction({ uid: 'caches', action: 'create', parentUid: 'platform', dependsOn: ['folder:platform'] });
  const platform = folderAction({ uid: 'platform', action: 'create' });
  const redis = action({ uid: 'redis', action: 'move', folderUid: 'caches', dependsOn: ['folder:caches'] });

  it('a folder only a held move goes into, and its parent created only for it: both, naming what would go in', () => {
    const plan = { actions: [platform, caches, redis] };
    expect(foldersOnlyForHeld(plan, new Set(['dashboard:redis']))).toEqual(
      new Map([
        ['caches', ['dashboard redis']],
        ['platform', ['folder caches']],
      ]),
    );
  });

  it('a write no one holds keeps its folder (and the folders above it); nothing held, nothing left out', () => {
    const memcached = action({ uid: 'memcached', action: 'create', folderUid: 'caches', dependsOn: ['folder:caches'] });
    expect(foldersOnlyForHeld({ actions: [platform, caches, redis, memcached] }, new Set(['dashboard:redis']))).toEqual(new Map());
    expect(foldersOnlyForHeld({ actions: [platform, caches, redis] }, new Set())).toEqual(new Map());
  });

  it("a write naming its folder twice is named once, and each folder's writes come in the plan's order, folders interleaved", () => {
    const queues = folderAction({ uid: 'queues', action: 'create', parentUid: 'platform', dependsOn: ['folder:platform'] });
    const kafka = action({ uid: 'kafka', action: 'create', folderUid: 'queues', dependsOn: ['folder:queues', 'folder:queues'] });
    const memcached = action({ uid: 'memcached', action: 'move', folderUid: 'caches', dependsOn: ['folder:caches'] });
    const rabbit = action({ uid: 'rabbit', action: 'update', folderUid: 'queues', dependsOn: ['folder:queues'] });
    const plan = { actions: [platform, redis, kafka, queues, memcached, caches, rabbit] };
    expect(foldersOnlyForHeld(plan, new Set(['dashboard:redis', 'dashboard:kafka', 'dashboard:memcached', 'dashboard:rabbit']))).toEqual(
      new Map([
        ['queues', ['dashboard kafka', 'dashboard rabbit']],
        ['caches', ['dashboard redis', 'dashboard memcached']],
        ['platform', ['folder queues', 'folder caches']],
      ]),
    );
  });

  it('a folder that exists, or one created with nothing in it, is not one of them', () => {
    const existing = folderAction({ uid: 'caches', action: 'noop' });
    expect(foldersOnlyForHeld({ actions: [existing, redis] }, new Set(['dashboard:redis']))).toEqual(new Map());
    expect(foldersOnlyForHeld({ actions: [folderAction({ uid: 'empty', action: 'create' })] }, new Set(['dashboard:redis']))).toEqual(new Map());
  });
});
