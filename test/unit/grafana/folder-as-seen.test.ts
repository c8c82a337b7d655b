import { describe, expect, it } from 'vitest';
import { folderStillAsSeen, judgeFolderFound } from '../../../src/grafana/folder-as-seen.js';

describe('folderStillAsSeen', () => {
  const seen = { title: 'Team', parentUid: 'platform' };

  it('holds for a folder with the title and parent the plan saw', () => {
    expect(folderStillAsSeen({ title: 'Team', parentUid: 'platform' }, seen)).toBe(true);
  });

  it.each([
    ['renamed', { title: 'Team (UI)', parentUid: 'platform' }],
    ['moved', { title: 'Team', parentUid: 'other' }],
    ['moved to the top level', { title: 'Team', parentUid: null }],
  ])('does not hold for a folder %s since', (_name, current) => {
    expect(folderStillAsSeen(current, seen)).toBe(false);
  });

  it('does not hold without what the plan saw (an earlier caller)', () => {
    expect(folderStillAsSeen({ title: 'Team', parentUid: 'platform' }, undefined)).toBe(false);
  });
});

describe('judgeFolderFound', () => {
  const seen = { title: 'Team', parentUid: null, internalId: 7 };
  const change = { expect: '3', seen };

  it('the folder the plan read: at its revision, or saved again with its title and parent', () => {
    expect(judgeFolderFound({ title: 'Team', parentUid: null, internalId: 7, revision: '3' }, change)).toBe('as-planned');
    expect(judgeFolderFound({ title: 'Team', parentUid: null, internalId: 7, revision: '5' }, change)).toBe('as-planned');
    expect(judgeFolderFound({ title: 'Team (UI)', parentUid: null, internalId: 7, revision: '5' }, change)).toBe('changed');
  });

  it('at the planned revision but renamed or moved from what the plan saw: another save under that number (a database restored from a backup)', () => {
    expect(judgeFolderFound({ title: 'Team (UI)', parentUid: null, internalId: 7, revision: '3' }, change)).toBe('saved-again');
    expect(judgeFolderFound({ title: 'Team', parentUid: 'platform', internalId: 7, revision: '3' }, change)).toBe('saved-again');
    // A plan that recorded no title and parent: the revision alone tells.
    expect(judgeFolderFound({ title: 'Team (UI)', parentUid: null, revision: '3' }, { expect: '3' })).toBe('as-planned');
  });

  it('another internal id is another folder, even at the planned revision with the planned title (an /api folder starts again at version 1)', () => {
    expect(judgeFolderFound({ title: 'Team', parentUid: null, internalId: 8, revision: '3' }, change)).toBe('recreated');
  });

  it('an id unknown on either side does not tell; --force (any revision) takes whatever is there', () => {
    expect(judgeFolderFound({ title: 'Team', parentUid: null, revision: '3' }, change)).toBe('as-planned');
    expect(judgeFolderFound({ title: 'Team', parentUid: null, internalId: 8, revision: '3' }, { expect: '3', seen: { title: 'Team', parentUid: null } })).toBe('as-planned');
    expect(judgeFolderFound({ title: 'Other', parentUid: 'x', internalId: 8, revision: '9' }, { expect: 'any', seen })).toBe('as-planned');
  });
});
