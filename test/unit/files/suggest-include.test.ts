import { describe, expect, it } from 'vitest';
import { editDistance } from '../../../src/edit-distance.js';
import { describeIncludeSuggestions, isCloseName, suggestIncludes } from '../../../src/files/suggest-include.js';

const tree = ['prod/cost.json', 'prod/_library/panel.json', 'staging/up.json', 'shared/up.json', 'teams/platform/a.json', 'team-a/x.json', 'overview.json'];

describe('suggestIncludes: a typo in an include glob\'s directory', () => {
  it('names the glob with the misspelt directory replaced by the close one beside it', () => {
    expect(suggestIncludes(['prdo/**'], [], tree)).toEqual([{ glob: 'prdo/**', suggested: 'prod/**' }]);
    expect(suggestIncludes(['shraed'], [], tree)).toEqual([{ glob: 'shraed', suggested: 'shared' }]);
    expect(suggestIncludes(['./Prod/'], [], tree)).toEqual([{ glob: './Prod/', suggested: 'prod' }]);
    expect(suggestIncludes(['stagng/*.json'], [], tree)).toEqual([{ glob: 'stagng/*.json', suggested: 'staging/*.json' }]);
    // Below an existing directory, and a file named literally.
    expect(suggestIncludes(['teams/platfrom/**'], [], tree)).toEqual([{ glob: 'teams/platfrom/**', suggested: 'teams/platform/**' }]);
    expect(suggestIncludes(['prdo/cost.json'], [], tree)).toEqual([{ glob: 'prdo/cost.json', suggested: 'prod/cost.json' }]);
  });

  it('names the file a glob takes for a directory (`prod/cost.json/**`), unless the exclude leaves it out', () => {
    expect(suggestIncludes(['prod/cost.json/**'], [], tree)).toEqual([{ glob: 'prod/cost.json/**', suggested: 'prod/cost.json' }]);
    expect(suggestIncludes(['overview.json/sub/*.json'], [], tree)).toEqual([{ glob: 'overview.json/sub/*.json', suggested: 'overview.json' }]);
    expect(suggestIncludes(['prod/cost.json/**'], ['prod/**'], tree)).toEqual([]);
  });

  it('says nothing when no directory is close, the directories exist, or the glob already selects files', () => {
    expect(suggestIncludes(['billing/**'], [], tree)).toEqual([]);
    expect(suggestIncludes(['taem-b/**'], [], tree)).toEqual([]);
    expect(suggestIncludes(['prod/*.yaml'], [], tree)).toEqual([]);
    expect(suggestIncludes(['prod/**', '**/*.json'], [], tree)).toEqual([]);
    expect(suggestIncludes(['**/prdo/**'], [], tree)).toEqual([]);
    expect(suggestIncludes(['prdo/**'], [], [])).toEqual([]);
  });

  it('offers no glob the exclude would empty again', () => {
    expect(suggestIncludes(['prdo/**'], ['prod/**'], tree)).toEqual([]);
  });

  it('does not take a sibling for a typo (team-b for team-a, eu-2 for eu-1, dev2 for dev1)', () => {
    expect(suggestIncludes(['team-b'], [], tree)).toEqual([]);
    expect(isCloseName('eu-1', 'eu-2')).toBe(false);
    expect(isCloseName('dev1', 'dev2')).toBe(false);
    expect(isCloseName('prod-us', 'prod-eu')).toBe(false);
    expect(isCloseName('team-b', 'taem-b')).toBe(true);
    expect(isCloseName('prdo', 'prod')).toBe(true);
    expect(isCloseName('prod', 'prod')).toBe(false);
  });

  it('says them as one hint', () => {
    expect(describeIncludeSuggestions([], 1)).toBe('');
    expect(describeIncludeSuggestions([{ glob: 'prdo/**', suggested: 'prod/**' }], 1)).toBe('; did you mean prod/**?');
    expect(describeIncludeSuggestions([{ glob: 'prdo/**', suggested: 'prod/**' }, { glob: 'shraed', suggested: 'shared' }], 3)).toBe('; did you mean prod/** for prdo/** and shared for shraed?');
  });
});

describe('editDistance', () => {
  it('counts a swap of two neighbours as one edit', () => {
    expect(editDistance('prdo', 'prod')).toBe(1);
    expect(editDistance('shraed', 'shared')).toBe(1);
    expect(editDistance('stagng', 'staging')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});
