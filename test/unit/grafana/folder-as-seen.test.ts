import { describe, expect, it } from 'vitest';
import { folderStillAsSeen } from '../../../src/grafana/folder-as-seen.js';

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
