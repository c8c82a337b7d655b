import { chmod, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { readTree, type ReadTreeOptions } from '../../../src/files/read-tree.js';
import { withoutRoot } from '../../helpers/without-root.js';
import { dashboard, makeTempTree, type TempTree } from './make-tree.js';

let tree: TempTree | undefined;
afterEach(async () => {
  await tree?.cleanup();
  tree = undefined;
});

function read(options: Partial<ReadTreeOptions> = {}) {
  return readTree({ root: 'dashboards', cwd: tree!.dir, include: [], exclude: [], inputs: {}, minRefreshInterval: '5s', ...options });
}

const PLAN_WAY_OUT = 'or run without prune';
const CHECK_WAY_OUT = 'plan and apply stop on it too while they prune';

// stop-52 §12.5: what a prune keeps behind the tree's directory links, and what a run that does not prune reads there (nothing).
describe('readTree: directory links', () => {
  async function sharedCheckout(): Promise<TempTree> {
    tree = await makeTempTree({
      'dashboards/team/own.json': dashboard('own', 'Own'),
      'shared/cpu.json': dashboard('cpu', 'CPU'),
      'shared/package.json': { name: 'shared', version: '1.0.0' },
      'shared/_library/lp.json': { uid: 'lp-shared', name: 'Shared panel', model: { type: 'stat' } },
      'shared/_folder.json': { uid: 'shared', title: 'Shared' },
    });
    await tree.symlink(join(tree.dir, 'shared'), 'dashboards/team/linked');
    return tree;
  }

  it('a run that does not prune reads nothing below a link: a broken file there is not even opened', async () => {
    await sharedCheckout();
    await tree!.write({ 'shared/broken.json': '{"uid": "broken",' });
    const { tree: result, diagnostics } = await read();
    expect(diagnostics.map((d) => [d.file, d.severity, d.rule])).toEqual([['dashboards/team/linked', 'warning', 'symlink-dir']]);
    expect(diagnostics[0]!.message).toContain('(this run does not prune, so nothing below it is read; a prune reads the uid of each file below it and keeps the dashboards they name)');
    expect([result.linkedDashboardUids, result.linkedLibraryPanelUids]).toEqual([undefined, undefined]);
  });

  it('a prune keeps the dashboards and library panels the files behind a link name, and takes nothing from another tool\'s file there', async () => {
    await sharedCheckout();
    const { tree: result, diagnostics } = await read({ pruneRun: 'plan' });
    expect(diagnostics).toEqual([{
      file: 'dashboards/team/linked',
      severity: 'warning',
      rule: 'symlink-dir',
      message: `not read: a symlink to a directory (${await realpath(join(tree!.dir, 'shared'))}); dashsync does not follow directory links (prune keeps the dashboard its 1 file names and the library panel its 1 _library/ file names, but nothing is planned from them): copy the files in, or make it a git submodule`,
    }]);
    expect(result.linkedDashboardUids).toEqual(new Map([['cpu', 'dashboards/team/linked/cpu.json']]));
    expect(result.linkedLibraryPanelUids).toEqual(new Map([['lp-shared', 'dashboards/team/linked/_library/lp.json']]));
  });

  it('a file behind a link that names no uid stops a prune, named through the link, with its own problem', async () => {
    await sharedCheckout();
    await tree!.write({ 'shared/broken.json': '{"uid": "broken",\n', 'shared/notes.json': { note: 'emptied' } });
    const planned = await read({ pruneRun: 'plan' });
    const errors = planned.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual([
      {
        file: 'dashboards/team/linked/broken.json', line: 2, col: 1, severity: 'error', rule: 'prune-needs-uid',
        message: `behind the directory link dashboards/team/linked, yet prune needs the uid of every file of the tree, and this one names none (unexpected end of file (missing closing brace for the "{" at line 1, col 1)); fix it, or remove the link, ${PLAN_WAY_OUT}`,
      },
      {
        file: 'dashboards/team/linked/notes.json', line: 1, col: 1, severity: 'error', rule: 'prune-needs-uid',
        message: `behind the directory link dashboards/team/linked, yet prune needs the uid of every file of the tree, and this one names none (it has no "uid"); fix it, or remove the link, ${PLAN_WAY_OUT}`,
      },
    ]);
    const checked = await read({ pruneRun: 'check' });
    expect(checked.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message.slice(d.message.lastIndexOf(';') + 2))).toEqual([
      `fix it, or remove the link: ${CHECK_WAY_OUT}`,
      `fix it, or remove the link: ${CHECK_WAY_OUT}`,
    ]);
  });

  // review-53 F2: the link's warning and the error of the file behind it agree.
  it('a link whose only file names no uid: its warning says no file below it names one, beside that file\'s error', async () => {
    tree = await makeTempTree({ 'dashboards/team/own.json': dashboard('own', 'Own'), 'shared/b.json': { title: 'B', panels: [] } });
    await tree.symlink(join(tree.dir, 'shared'), 'dashboards/team/linked');
    const { diagnostics } = await read({ pruneRun: 'plan' });
    expect(diagnostics.map((d) => [d.rule, d.file])).toEqual([['symlink-dir', 'dashboards/team/linked'], ['prune-needs-uid', 'dashboards/team/linked/b.json']]);
    expect(diagnostics[0]!.message).toContain('dashsync does not follow directory links (no file below it names a dashboard uid):');
  });

  it('a link to the root or above (.., /) is never walked, so it stops a prune: what is behind it cannot be told', async () => {
    tree = await makeTempTree({ 'dashboards/team/own.json': dashboard('own', 'Own'), 'elsewhere/cpu.json': dashboard('cpu', 'CPU') });
    await tree.symlink('..', 'dashboards/up');
    await tree.symlink('/', 'dashboards/team/everything');
    const said = (file: string, target: string) => ({
      file,
      severity: 'error',
      rule: 'prune-behind-link',
      message: `a symlink to a directory (${target}) that holds the dashboards root: dashsync does not walk it (it would read the whole tree again, and every directory beside it), so prune cannot tell which dashboards have a file behind it; remove the link, or point it at the directory it shares, ${PLAN_WAY_OUT}`,
    });
    const { diagnostics } = await read({ pruneRun: 'plan' });
    expect(diagnostics).toEqual([said('dashboards/team/everything', '/'), said('dashboards/up', tree.dir)]);
    // Without prune: one warning each, as before.
    const quiet = await read();
    expect(quiet.diagnostics.map((d) => [d.file, d.severity, d.message.includes('it holds the dashboards root, so nothing below it is read through it')])).toEqual([
      ['dashboards/team/everything', 'warning', true],
      ['dashboards/up', 'warning', true],
    ]);
  });

  it('a prune keeps what a file linked from outside the root names; one that names none stops it; a dangling link keeps nothing', async () => {
    tree = await makeTempTree({
      'dashboards/team/own.json': dashboard('own', 'Own'),
      'outside/cpu.json': dashboard('cpu', 'CPU'),
      'outside/lp.json': { uid: 'lp-out', name: 'Outside panel', model: { type: 'stat' } },
      'outside/notes.json': { note: 'emptied' },
    });
    await tree.symlink(join(tree.dir, 'outside/cpu.json'), 'dashboards/team/cpu.json');
    await tree.symlink(join(tree.dir, 'outside/lp.json'), 'dashboards/team/_library/lp.json');
    await tree.symlink(join(tree.dir, 'outside/notes.json'), 'dashboards/team/notes.json');
    await tree.symlink(join(tree.dir, 'outside/gone.json'), 'dashboards/team/gone.json');
    const { tree: result, diagnostics } = await read({ pruneRun: 'plan' });
    const kept = (what: string) => `not read: a symlink to a file outside the root (dashsync does not follow links out of the root; prune keeps the ${what} it names, but nothing is planned from it); copy the file in if it is one of this tree's`;
    expect(diagnostics.map((d) => [d.file, d.severity, d.rule, d.message])).toEqual([
      ['dashboards/team/_library/lp.json', 'warning', 'symlink-outside', kept('library panel')],
      ['dashboards/team/cpu.json', 'warning', 'symlink-outside', kept('dashboard')],
      ['dashboards/team/gone.json', 'warning', 'symlink-outside', "not read: a symlink whose target is outside the root or missing (dashsync does not follow links out of the root); copy the file in if it is one of this tree's"],
      ['dashboards/team/notes.json', 'error', 'prune-needs-uid', `a symlink to a file outside the root, yet prune needs the uid of every file of the tree, and this one names none (it has no "uid"); fix it, or remove the link, ${PLAN_WAY_OUT}`],
    ]);
    expect([result.linkedDashboardUids, result.linkedLibraryPanelUids]).toEqual([new Map([['cpu', 'dashboards/team/cpu.json']]), new Map([['lp-out', 'dashboards/team/_library/lp.json']])]);
    // Without prune: the same warning for each, nothing read.
    const quiet = await read();
    expect([quiet.diagnostics.map((d) => d.severity), quiet.tree.linkedDashboardUids]).toEqual([['warning', 'warning', 'warning', 'warning'], undefined]);
  });

  it('with a selection, check\'s line for a file outside it that names no uid does not advise running check', async () => {
    tree = await makeTempTree({ 'dashboards/team/a.json': dashboard('a', 'A'), 'dashboards/experiments/bad.json': '{"uid": "bad",\n' });
    const { diagnostics } = await read({ exclude: ['experiments/**'], unselectedUids: { selection: '--exclude' }, pruneRun: 'check' });
    expect(diagnostics.map((d) => [d.file, d.rule, d.message.slice(d.message.lastIndexOf(';') + 2)])).toEqual([['dashboards/experiments/bad.json', 'prune-needs-uid', `fix it: ${CHECK_WAY_OUT}`]]);
  });
});

// stop-52 §12.5: tests run as root, which reads any file whatever its mode; withoutRoot makes the permission bits bind.
describe('readTree: entries it cannot read (EACCES, for real)', () => {
  it('a dashboard file it cannot read is an error naming the file and what to do', async () => {
    tree = await makeTempTree({ 'dashboards/team/a.json': dashboard('a', 'A'), 'dashboards/team/locked.json': dashboard('locked', 'Locked') });
    await chmod(join(tree.dir, 'dashboards/team/locked.json'), 0o000);
    const { diagnostics } = await withoutRoot(tree.dir, () => read());
    expect(diagnostics).toEqual([{ file: 'dashboards/team/locked.json', severity: 'error', rule: 'file-unreadable', message: 'cannot read the file (EACCES): permission denied; make it readable by the user running dashsync' }]);
  });

  it('a directory of the tree it cannot list stops the read, naming the directory (its dashboards would be left out unnoticed)', async () => {
    tree = await makeTempTree({ 'dashboards/team/a.json': dashboard('a', 'A'), 'dashboards/locked/b.json': dashboard('b', 'B') });
    await chmod(join(tree.dir, 'dashboards/locked'), 0o000);
    const failed = await withoutRoot(tree.dir, () => read().then(() => undefined, (error: unknown) => error));
    expect(failed).toBeInstanceOf(ConfigError);
    expect((failed as ConfigError).problems).toEqual([
      'directory dashboards/locked cannot be listed (EACCES): permission denied; make it readable by the user running dashsync, as its files would be left out of the tree unnoticed (and a prune would delete their dashboards)',
    ]);
  });

  it('behind a link, a directory it cannot list and a file it cannot read stop a prune; a run without prune never opens them', async () => {
    tree = await makeTempTree({ 'dashboards/team/a.json': dashboard('a', 'A'), 'locked/b.json': dashboard('b', 'B'), 'shared/c.json': dashboard('c', 'C') });
    await tree.symlink(join(tree.dir, 'locked'), 'dashboards/team/locked');
    await tree.symlink(join(tree.dir, 'shared'), 'dashboards/team/shared');
    await chmod(join(tree.dir, 'locked'), 0o000);
    await chmod(join(tree.dir, 'shared/c.json'), 0o000);
    const pruning = await withoutRoot(tree.dir, () => read({ pruneRun: 'plan' }));
    expect(pruning.diagnostics.filter((d) => d.severity === 'error')).toEqual([
      {
        file: 'dashboards/team/locked', severity: 'error', rule: 'prune-behind-link',
        message: `a symlink to a directory (${join(tree.dir, 'locked')}) that dashsync could not list (EACCES), so prune cannot tell which dashboards have a file behind it; make it readable by the user running dashsync, ${PLAN_WAY_OUT}`,
      },
      {
        file: 'dashboards/team/shared/c.json', severity: 'error', rule: 'prune-needs-uid',
        message: `behind the directory link dashboards/team/shared, yet prune needs the uid of every file of the tree, and this one names none (cannot read the file (EACCES): permission denied; make it readable by the user running dashsync); fix it, or remove the link, ${PLAN_WAY_OUT}`,
      },
    ]);
    const planning = await withoutRoot(tree.dir, () => read());
    expect(planning.diagnostics.map((d) => [d.file, d.severity])).toEqual([['dashboards/team/locked', 'warning'], ['dashboards/team/shared', 'warning']]);
  });
});
