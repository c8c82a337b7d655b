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
  const selects = 'environment "prod"\'s include in dashsync.config.json (prdo/**) selects no dashboard or library panel file below dashboards';
  const hint = '(globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files)';
  const start = `${selects}, nor any of the files git holds or held there (none moved out of it): fix its include ${hint}`;
  const typo = { ...prod, include: ['prdo/**'] };
  const history = { shallow: false, includeAloneSelects: false };

  it('leads with the fix, and says what git could not show', () => {
    expect(describeNeverSelected(typo, '/work/dashboards', history)).toBe(start);
    expect(describeNeverSelected(typo, '/work/dashboards', { ...history, shallow: true })).toBe(
      `${start}; this clone is shallow: if its files moved to another environment in or before its oldest commit, fetch the full history (git fetch --unshallow; in the GitHub Action, actions/checkout with fetch-depth: 0)`,
    );
  });

  // review-13 LOW-1: "fix its include" was the only advice, though without git the include may be right.
  it('without git history, says it cannot tell a typo from a move, and how to prune what a moved environment left', () => {
    expect(describeNeverSelected(typo, '/work/dashboards', null)).toBe(
      `${selects}, and without git history (no repository, or no commit) dashsync cannot tell a typo from files moved out of it: if the globs are wrong, fix its include ${hint}; ` +
        'if its files moved to another environment, commit the move (or run in a clone with its history), then plan again: that plan prunes what the environment left in Grafana',
    );
  });

  // review-13 LOW-5: an exclude that removes every file was told "fix its include".
  it('names the exclude when it removes every file the include selects, and both where either may be wrong', () => {
    const excluded = { ...prod, include: ['prod/**'], exclude: ['prod/*.json'] };
    const both = 'environment "prod"\'s include in dashsync.config.json (prod/**) with environment "prod"\'s exclude in dashsync.config.json (prod/*.json) selects no dashboard or library panel file below dashboards, nor any of the files git holds or held there (none moved out of it)';
    expect(describeNeverSelected(excluded, '/work/dashboards', { ...history, includeAloneSelects: true })).toBe(`${both}: its exclude removes every file its include selects: fix its exclude`);
    expect(describeNeverSelected(excluded, '/work/dashboards', history)).toBe(`${both}: fix its include or its exclude ${hint}`);
  });
});
