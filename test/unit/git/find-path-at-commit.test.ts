import { describe, expect, it } from 'vitest';
import { placeRename } from '../../../src/git/find-path-at-commit.js';

describe('placeRename', () => {
  it('a rename below the tree: the earlier path below it', () => {
    expect(placeRename([{ from: 'dashboards/a/x.json', to: 'dashboards/a/y.json' }], 'dashboards/a/y.json', 'dashboards/')).toEqual({ place: 'dashboards/', belowTree: 'a/x.json' });
  });

  it('a tree moved whole: the place most of its files came from with their path below kept, a file renamed on the way too', () => {
    const renames = [
      { from: 'dashboards/a/one.json', to: 'grafana/dashboards/a/one.json' },
      { from: 'dashboards/b/two.json', to: 'grafana/dashboards/b/two.json' },
      { from: 'dashboards/a/x.json', to: 'grafana/dashboards/a/y.json' },
      // Not the tree's: a same-named file elsewhere.
      { from: 'old/a/one.json', to: 'grafana/dashboards/c/a/one.json' },
    ];
    expect(placeRename(renames, 'grafana/dashboards/a/y.json', 'grafana/dashboards/')).toEqual({ place: 'dashboards/', belowTree: 'a/x.json' });
  });

  it('from the top into a directory', () => {
    const renames = [
      { from: 'a/one.json', to: 'dashboards/a/one.json' },
      { from: 'x.json', to: 'dashboards/x.json' },
    ];
    expect(placeRename(renames, 'dashboards/x.json', 'dashboards/')).toEqual({ place: '', belowTree: 'x.json' });
  });

  it('null where git shows no earlier path, or the earlier path is not below the place the tree came from', () => {
    expect(placeRename([], 'dashboards/a/y.json', 'dashboards/')).toBeNull();
    expect(placeRename([{ from: 'elsewhere/y.json', to: 'dashboards/a/y.json' }], 'dashboards/a/y.json', 'dashboards/')).toBeNull();
  });
});
