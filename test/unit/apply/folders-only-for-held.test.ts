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

  it('a folder that exists, or one created with nothing in it, is not one of them', () => {
    const existing = folderAction({ uid: 'caches', action: 'noop' });
    expect(foldersOnlyForHeld({ actions: [existing, redis] }, new Set(['dashboard:redis']))).toEqual(new Map());
    expect(foldersOnlyForHeld({ actions: [folderAction({ uid: 'empty', action: 'create' })] }, new Set(['dashboard:redis']))).toEqual(new Map());
  });
});
