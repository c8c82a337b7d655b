import { describe, expect, it } from 'vitest';
import { describeUnselectedFiles } from '../../../src/files/describe-unselected-files.js';

const from = { include: 'include', exclude: 'exclude' };
const settings = {
  environment: undefined as string | undefined,
  environments: ['a', 'b'],
  environmentSelections: { a: { include: ['team-a'], exclude: [], prune: 'folders' as const, from }, b: { include: ['team-b'], exclude: ['team-b/old'], prune: false as const, from } },
  prune: 'folders' as const,
  configFile: 'dashsync.config.json',
  cwd: '/work',
  root: '/work/dashboards',
};
const tree = ['team-a/a1.json', 'team-b/b1.json', 'team-b/old/b0.json', 'legacy/l1.json', 'legacy/_library/panel.json'];

describe('describeUnselectedFiles: the files no environment selects', () => {
  it('is one warning on the config file naming each (the exclude counts), with all of them in `files`', () => {
    expect(describeUnselectedFiles(settings, tree)).toEqual({
      file: 'dashsync.config.json',
      severity: 'warning',
      rule: 'selected-by-no-environment',
      message:
        'no environment selects 3 files (dashboards/legacy/_library/panel.json, dashboards/legacy/l1.json, dashboards/team-b/old/b0.json): nothing deploys them, ' +
        'yet every plan that prunes keeps the dashboards and library panels they hold (whose they are cannot be told); ' +
        "add them to an environment's include (or take them out of its exclude) in dashsync.config.json, or remove the files",
      files: ['dashboards/legacy/_library/panel.json', 'dashboards/legacy/l1.json', 'dashboards/team-b/old/b0.json'],
    });
  });

  it('names one file as one', () => {
    expect(describeUnselectedFiles(settings, tree, ['legacy/l1.json', 'team-a/a1.json'])?.message).toBe(
      'no environment selects dashboards/legacy/l1.json: nothing deploys it, yet every plan that prunes keeps the dashboard or library panel it holds (whose it is cannot be told); ' +
        "add it to an environment's include (or take it out of its exclude) in dashsync.config.json, or remove the file",
    );
    expect(describeUnselectedFiles(settings, tree, ['team-a/a1.json'])).toBeNull();
  });

  it('names ten, and counts the rest', () => {
    const many = Array.from({ length: 13 }, (_, index) => `legacy/d${String(index).padStart(2, '0')}.json`);
    const found = describeUnselectedFiles(settings, many)!;
    expect(found.message).toMatch(/^no environment selects 13 files \(dashboards\/legacy\/d00\.json, .*, dashboards\/legacy\/d09\.json, and 3 more\): /);
    expect(found.files).toHaveLength(13);
  });

  it('with prune off everywhere, still names a file nothing deploys (without the prune clause), but not one an exclude left out on purpose', () => {
    const unpruned = {
      ...settings,
      prune: false as const,
      environmentSelections: { a: { ...settings.environmentSelections.a, prune: false as const }, b: settings.environmentSelections.b },
    };
    expect(describeUnselectedFiles(unpruned, tree)).toEqual({
      file: 'dashsync.config.json',
      severity: 'warning',
      rule: 'selected-by-no-environment',
      message:
        'no environment selects 2 files (dashboards/legacy/_library/panel.json, dashboards/legacy/l1.json): nothing deploys them; ' +
        "add them to an environment's include in dashsync.config.json, or, to leave them undeployed on purpose, to an environment's exclude",
      files: ['dashboards/legacy/_library/panel.json', 'dashboards/legacy/l1.json'],
    });
    expect(describeUnselectedFiles({ ...unpruned, environment: 'b' }, tree, ['legacy/l1.json'])?.message).toBe(
      "no environment selects dashboards/legacy/l1.json: nothing deploys it; add it to an environment's include in dashsync.config.json, or, to leave it undeployed on purpose, to an environment's exclude",
    );
    // The run's own prune (plan --env b --prune) keeps such a file's dashboard: the prune clause comes back.
    expect(describeUnselectedFiles({ ...unpruned, environment: 'b', prune: 'folders' }, tree, ['legacy/l1.json'])?.message).toContain('yet every plan that prunes keeps');
  });

  it('is not said without environments', () => {
    expect(describeUnselectedFiles({ ...settings, environments: [], environmentSelections: {} }, tree)).toBeNull();
  });
});
