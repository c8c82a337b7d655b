import { describe, expect, it } from 'vitest';
import type { PlanWarning } from '../../../src/plan/types.js';
import { treeWarningsOfRun } from '../../../src/report/tree-warnings-of-run.js';
import { plan } from '../plan/builders.js';
import { runSelectionOf } from '../../../src/report/next-command.js';

const planOf = (environment: string, warnings: PlanWarning[]) => plan({ target: { url: 'https://grafana.example.com', orgId: null, grafanaVersion: '12.3.2', environment }, warnings });

const NOT_READ = 'dashboards/a/x.JSON: not read as a dashboard (only files ending in lower-case .json are); rename it if it is one (file-ignored)';

describe('treeWarningsOfRun: a warning about the tree said once per run (review 15 L-5)', () => {
  it('one warning whose copies hold their fields in another order (a plan file) is one line under both environments', () => {
    const run = treeWarningsOfRun();
    run.setApart(planOf('a', [{ kind: 'other', uid: null, message: NOT_READ, file: 'dashboards/a/x.JSON', rule: 'file-ignored' }]));
    run.setApart(planOf('b', [{ rule: 'file-ignored', file: 'dashboards/a/x.JSON', message: NOT_READ, uid: null, kind: 'other' }]));
    expect(run.render('text', { color: false })).toBe(`Warnings about the tree and the config, in the plans of environments a and b:\n  ! ${NOT_READ}\n`);
  });

  it('one glob in each environment\'s own list: both wordings together under both environments; another glob apart', () => {
    const unmatched = (environment: string, glob = 'team-c') => ({
      kind: 'other' as const,
      uid: null,
      message: `dashsync.config.json: include glob "${glob}" (environment "${environment}"'s include in dashsync.config.json) matches no file below dashboards, so it selects nothing; check it (glob-unmatched)`,
      file: 'dashsync.config.json',
      rule: 'glob-unmatched',
    });
    const run = treeWarningsOfRun();
    expect(run.setApart(planOf('a', [unmatched('a')])).warnings).toEqual([]);
    run.setApart(planOf('b', [unmatched('b'), unmatched('b', 'team-d')]));
    expect(run.render('text', { color: false }).split('\n')).toEqual([
      'Warnings about the tree and the config, in the plans of environments a and b:',
      `  ! ${unmatched('a').message}`,
      `  ! ${unmatched('b').message}`,
      'Warnings about the tree and the config, in the plans of environment b:',
      `  ! ${unmatched('b', 'team-d').message}`,
      '',
    ]);
  });

  it('a folder\'s drift or takeover is its environment\'s own warning, left in its plan, not said as one of the tree (walk-65 M1)', () => {
    const ofGrafana: PlanWarning[] = [
      { kind: 'other', uid: 'odd', rule: 'folder-drift', file: 'dashboards/odd/_folder.json', message: 'drift: folder odd "Odd" was moved in Grafana into "Ops" (ops), …' },
      { kind: 'other', uid: 'data-team', rule: 'folder-takeover', file: 'dashboards/analytics/_folder.json', message: 'folder takeover: this plan takes over folder "Data Team" (data-team), …' },
      { kind: 'other', uid: 'data-team', rule: 'folder-takeover-not-judged', file: 'dashboards/analytics/_folder.json', message: 'folder takeover not judged: …' },
    ];
    const run = treeWarningsOfRun();
    expect(run.setApart(planOf('staging', ofGrafana)).warnings).toEqual(ofGrafana);
    expect(run.render('text', { color: false })).toBe('');
  });

  // fixn-69: the pointer named no flag of the run; pasted, it planned no environment of this config (or another tree).
  it('a fold\'s "lists every one" names the plan of the first environment holding them, with that run\'s flags', () => {
    const ignored = (n: number): PlanWarning => ({ kind: 'other', uid: null, message: `dashboards/x${n}.JSON: not read as a dashboard (file-ignored)`, file: `dashboards/x${n}.JSON`, rule: 'file-ignored' });
    const many = Array.from({ length: 25 }, (_, n) => ignored(n));
    const run = treeWarningsOfRun();
    run.setApart(planOf('staging', many));
    run.setApart(planOf('prod', many));
    const selectionOf = (environment: string) => runSelectionOf({ environment, commandLine: { config: 'deploy/dashsync.json' } });
    const lines = run.render('text', { color: false, selectionOf }).trimEnd().split('\n');
    expect(lines[0]).toBe('Warnings about the tree and the config, in the plans of environments staging and prod:');
    expect(lines.at(-1)).toMatch(/^ {2}! … and 5 more .*\(dashsync plan --env staging --config deploy\/dashsync\.json --verbose lists every one, --format json holds them all\)$/);
  });
});
