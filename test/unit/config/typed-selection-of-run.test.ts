import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../../src/config/resolve-settings.js';
import { withRunSelections } from '../../../src/config/with-run-selections.js';

// env-62 (stop 61 §11.3): `plan --env a --include a/a1.json` gave every environment a's typed include, so a's plan judged
// b's folders, prune and "left to b" lines by a's files instead of b's own config.

const text = JSON.stringify({
  environments: {
    a: { include: ['a'], prune: 'folders' },
    b: { include: ['b'], exclude: ['b/old'], prune: 'folders' },
    c: { prune: false },
  },
});

function settingsOf(env: string, flags: { include?: string[]; exclude?: string[]; prune?: 'folders' } = {}) {
  const { settings, problems } = resolveSettings({ file: JSON.parse(text), fileText: text, filePath: '/work/repo/dashsync.config.json', env: {}, flags: { env, ...flags }, cwd: '/work/repo', offline: true });
  expect(problems).toEqual([]);
  return settings;
}

const lists = (selection: { include: string[]; exclude: string[]; from: { include: string } ; runLists?: true }) => ({
  include: selection.include,
  exclude: selection.exclude,
  from: selection.from.include,
  ...(selection.runLists && { runLists: true }),
});

describe("a typed --include narrows the run's environment alone", () => {
  it("gives the run's environment the typed lists, and every other environment its own from the config file", () => {
    const settings = settingsOf('a', { include: ['a/a1.json'] });

    expect(settings.include).toEqual(['a/a1.json']);
    expect(lists(settings.environmentSelections.a!)).toEqual({ include: ['a/a1.json'], exclude: [], from: '--include' });
    expect(lists(settings.environmentSelections.b!)).toEqual({ include: ['b'], exclude: ['b/old'], from: 'environment "b"\'s include in dashsync.config.json' });
    expect(lists(settings.environmentSelections.c!)).toEqual({ include: [], exclude: [], from: 'the "include" of dashsync.config.json' });
    // The config file's places of b's lists are kept for its messages; a's own lists stay known (what a deploys).
    expect(settings.environmentSelections.b!.places?.include).toBeDefined();
    expect(settings.environmentSelections.a!.configured).toEqual({ include: ['a'], exclude: [] });
    expect(settings.environmentSelections.b!.configured).toBeUndefined();
  });

  it('in a run of several environments, each of the run gets the typed lists (runLists) and the others keep their own', () => {
    const [a, b] = withRunSelections([settingsOf('a', { include: ['a/a1.json'], prune: 'folders' }), settingsOf('b', { include: ['a/a1.json'], prune: 'folders' })]);

    // b's plan in this run: the typed include, and its own exclude (none was typed).
    expect(lists(a!.environmentSelections.b!)).toEqual({ include: ['a/a1.json'], exclude: ['b/old'], from: '--include', runLists: true });
    expect(a!.environmentSelections.b!.places).toBeUndefined();
    expect(a!.environmentSelections.b!.configured).toEqual({ include: ['b'], exclude: ['b/old'] });
    expect(a!.environmentSelections.a!.configured).toEqual({ include: ['a'], exclude: [] });
    expect(lists(b!.environmentSelections.a!)).toEqual({ include: ['a/a1.json'], exclude: [], from: '--include', runLists: true });
    expect(lists(a!.environmentSelections.c!)).toEqual({ include: [], exclude: [], from: 'the "include" of dashsync.config.json' });
    // Without typed lists a run of several changes nothing but the prune a flag gave.
    const [plain] = withRunSelections([settingsOf('a'), settingsOf('c', { prune: 'folders' })]);
    expect(lists(plain!.environmentSelections.b!)).toEqual({ include: ['b'], exclude: ['b/old'], from: 'environment "b"\'s include in dashsync.config.json' });
    expect(plain!.environmentSelections.c).toMatchObject({ prune: 'folders', runPrune: 'folders' });
  });
});
