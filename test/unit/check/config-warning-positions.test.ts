import { describe, expect, it } from 'vitest';
import { judgeEnvironmentSelections } from '../../../src/check/judge-environment-selections.js';
import { resolveSettings } from '../../../src/config/resolve-settings.js';
import { describeUnselectedFiles } from '../../../src/files/describe-unselected-files.js';
import { describeUnmatchedGlobs } from '../../../src/files/find-unmatched-globs.js';

/** A config as a user writes it (one key a line), resolved as check resolves it: no --env, offline. */
function settingsOf(text: string, env?: string) {
  const { settings, problems } = resolveSettings({ file: JSON.parse(text), filePath: '/work/repo/dashsync.config.json', fileText: text, env: {}, flags: { env }, cwd: '/work/repo', offline: true });
  expect(problems).toEqual([]);
  return settings;
}

const tree = ['shared/up.json', 'prod/cost.json', 'legacy/old.json'];
const CONFIG = `{
  "prune": "folders",
  "include": ["prod", "shraed/**"],
  "environments": {
    "staging": { "url": "https://staging.example.com" },
    "production": {
      "url": "https://grafana.example.com",
      "exclude": [
        "prod/old",
        "shared/**"
      ]
    }
  }
}
`;

describe('config-file warnings point at the line:col of what they are about', () => {
  it('a glob that matches no file: at that glob, in bare check and in a run of one environment', async () => {
    const settings = settingsOf(CONFIG);
    const found = await judgeEnvironmentSelections(settings, tree);
    expect(found.map(({ line, col, environments, message }) => ({ line, col, environments, glob: /glob "([^"]*)"/.exec(message)![1] }))).toEqual([
      { line: 3, col: 23, environments: ['staging', 'production'], glob: 'shraed/**' },
      { line: 9, col: 9, environments: ['production'], glob: 'prod/old' },
    ]);
    const production = settingsOf(CONFIG, 'production');
    expect(describeUnmatchedGlobs(production, tree, 'dashboards').map(({ file, line, col }) => `${file}:${line}:${col}`)).toEqual(['dashsync.config.json:3:23', 'dashsync.config.json:9:9']);
  });

  it('a glob given on the command line has no place in the file', () => {
    const { settings } = resolveSettings({ file: JSON.parse(CONFIG), filePath: '/work/repo/dashsync.config.json', fileText: CONFIG, env: {}, flags: { env: 'production', include: ['nope'] }, cwd: '/work/repo' });
    const [unmatched] = describeUnmatchedGlobs(settings, tree, 'dashboards');
    expect(unmatched).toMatchObject({ file: '--include', rule: 'glob-unmatched' });
    expect(unmatched!.line).toBeUndefined();
  });

  it('files no environment selects: at "environments"', () => {
    const settings = settingsOf(CONFIG);
    expect(describeUnselectedFiles(settings, tree)).toMatchObject({ file: 'dashsync.config.json', line: 4, col: 3, rule: 'selected-by-no-environment' });
  });

  it('an include that selects nothing (no git to tell a typo from a move): the error is at that include', async () => {
    const settings = settingsOf(CONFIG.replace('"url": "https://staging.example.com"', '"url": "https://staging.example.com", "include": ["nothing/**"]'));
    const stop = (await judgeEnvironmentSelections({ ...settings, root: '/nonexistent/dashsync-root' }, tree)).find((d) => d.rule === 'environment-selection');
    expect(stop).toMatchObject({ file: 'dashsync.config.json', line: 5, col: 67, environments: ['staging'] });
  });
});

describe('one glob shared by several environments is one finding', () => {
  it('its "did you mean" is judged with each environment\'s exclude, yet the glob is said once, naming both', async () => {
    // production's exclude rules the guess out for it alone: on main that split the glob into two lines, one with the hint.
    const found = await judgeEnvironmentSelections(settingsOf(CONFIG), tree);
    const shared = found.filter((d) => d.message.includes('"shraed/**"'));
    expect(shared).toHaveLength(1);
    expect(shared[0]!.message).toMatch(/check it; did you mean shared\/\*\*\?$/);
    expect(shared[0]!.environments).toEqual(['staging', 'production']);
  });
});
