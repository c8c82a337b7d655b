import { describe, expect, it } from 'vitest';
import type { RemovedDashboardFile } from '../../src/git/find-removed-dashboard-files.js';
import { placeFreshFiles } from '../../src/pull/place-fresh-files.js';

const removed = (path: string, taken = false): RemovedDashboardFile => ({ path, removal: { kind: 'commit', commit: 'a'.repeat(40) }, taken, text: '{}' });
const commit = { kind: 'commit', commit: 'a'.repeat(40) } as const;

describe('placeFreshFiles', () => {
  it('gives a new dashboard its removed path in its folder directory, names the others around it, and says why another path is not used', () => {
    const placed = placeFreshFiles({
      dir: 'team',
      hits: [
        { uid: 'back', title: 'Old name' },
        { uid: 'rival', title: 'Mine' },
        { uid: 'moved', title: 'Moved' },
        { uid: 'taken', title: 'Taken' },
        { uid: 'held', title: 'Held' },
      ],
      // Another file takes taken.json, in another case.
      listing: new Map([['team', new Map([['taken.json', 'file' as const]])]]),
      removedFiles: new Map([
        ['back', removed('team/Mine.json')],
        ['moved', removed('other/moved.json')],
        ['taken', removed('team/Taken.json')],
        ['held', removed('team/held-old.json')],
      ]),
      held: (uid) => uid === 'held',
    });
    expect(Object.fromEntries(placed)).toEqual({
      back: { file: 'team/Mine.json', formerFile: { file: 'team/Mine.json', removal: commit } },
      // Its title's plain name is the old file's: it gets its uid on it.
      rival: { file: 'team/mine-rival.json' },
      moved: { file: 'team/moved.json', formerFile: { file: 'other/moved.json', removal: commit, left: 'elsewhere' } },
      taken: { file: 'team/taken-taken.json', formerFile: { file: 'team/Taken.json', removal: commit, left: 'taken' } },
      // A file of the tree holds it: it moves, and the removed one is no business of it.
      held: { file: 'team/held.json' },
    });
  });

  // review-56 F5: a name given in git (`git mv a/x.json a/y.json`) is not undone by a move made in Grafana.
  it('keeps the name of a file that moves here where the directory has it free; a taken one gets its title name', () => {
    // A file of the tree holds each but `fresh`, under these names; another file takes x.json here.
    const heldNames = new Map([['renamed', 'Redis-Cache.json'], ['clashing', 'X.json']]);
    const hits = [['renamed', 'Redis'], ['clashing', 'Other'], ['fresh', 'Redis Cache']].map(([uid, title]) => ({ uid: uid!, title: title! }));
    const listing = new Map([['team', new Map([['x.json', 'file' as const]])]]);
    const placed = placeFreshFiles({ dir: 'team', hits, listing, held: (uid) => heldNames.has(uid), heldName: (uid) => heldNames.get(uid) });
    expect(Object.fromEntries(placed)).toEqual({
      renamed: { file: 'team/Redis-Cache.json' },
      clashing: { file: 'team/other.json' },
      // Its title's plain name is the moved file's: it gets its uid on it.
      fresh: { file: 'team/redis-cache-fresh.json' },
    });
  });
});
