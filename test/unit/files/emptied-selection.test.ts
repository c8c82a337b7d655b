import { describe, expect, it } from 'vitest';
import { describeNeverSelected, selectedBefore } from '../../../src/files/emptied-selection.js';

const prod = { include: ['prod'], exclude: [] as string[], selectionFrom: { include: 'environment "prod"\'s include in dashsync.config.json', exclude: 'environment "prod"\'s exclude in dashsync.config.json' }, cwd: '/work' };

describe('selectedBefore: whether git held a file the include selects (its files moved out)', () => {
  it('is a dashboard or library panel file the selection picks, among the paths git holds or removed', () => {
    expect(selectedBefore(prod, ['team-a/a.json', 'prod/p.json'])).toBe(true);
    expect(selectedBefore(prod, ['team-a/a.json', 'prod/_library/panel.json'])).toBe(true);
    // A typo'd include picks nothing git knows of.
    expect(selectedBefore({ ...prod, include: ['prdo/**'] }, ['team-a/a.json', 'prod/p.json'])).toBe(false);
  });

  it('is not a _folder.json, a file discovery does not read, or a file the exclude leaves out', () => {
    expect(selectedBefore(prod, ['prod/_folder.json', 'prod/notes.md', 'prod/.hidden.json', 'prod/node_modules/x.json'])).toBe(false);
    expect(selectedBefore({ ...prod, exclude: ['prod/old'] }, ['prod/old/p.json'])).toBe(false);
  });
});

describe('describeNeverSelected', () => {
  const start =
    'environment "prod"\'s include in dashsync.config.json (prdo/**) selects no dashboard or library panel file below dashboards, nor any file git holds or held there ' +
    '(none moved out of it): fix its include (globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files)';
  const typo = { ...prod, include: ['prdo/**'] };

  it('leads with the fix, and says what git could not show', () => {
    expect(describeNeverSelected(typo, '/work/dashboards', { shallow: false })).toBe(start);
    expect(describeNeverSelected(typo, '/work/dashboards', { shallow: true })).toBe(
      `${start}; this clone is shallow: if its files moved to another environment before its oldest commit, fetch the whole history (git fetch --unshallow; in the Action, actions/checkout with fetch-depth: 0)`,
    );
    expect(describeNeverSelected(typo, '/work/dashboards', null)).toBe(`${start}; without git history, files moved out of it cannot be told from a typo`);
  });
});
