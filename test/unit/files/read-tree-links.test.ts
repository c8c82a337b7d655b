import { execFileSync } from 'node:child_process';
import { chmod, realpath, truncate, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
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
      // mend-55: it read "outside the root or missing".
      ['dashboards/team/gone.json', 'warning', 'symlink-outside', `not read: a symlink whose target is missing: it points at "${join(tree.dir, 'outside/gone.json')}", where there is no file; point dashboards/team/gone.json at the dashboard file it stands for, or remove it`],
      ['dashboards/team/notes.json', 'error', 'prune-needs-uid', `a symlink to a file outside the root, yet prune needs the uid of every file of the tree, and this one names none (it has no "uid"); fix it, or remove the link, ${PLAN_WAY_OUT}`],
    ]);
    expect([result.linkedDashboardUids, result.linkedLibraryPanelUids]).toEqual([new Map([['cpu', 'dashboards/team/cpu.json']]), new Map([['lp-out', 'dashboards/team/_library/lp.json']])]);
    // Without prune: the same warning for each, nothing read.
    const quiet = await read();
    expect([quiet.diagnostics.map((d) => d.severity), quiet.tree.linkedDashboardUids]).toEqual([['warning', 'warning', 'warning', 'warning'], undefined]);
    const outside = "not read: a symlink to a file outside the root (dashsync does not follow links out of the root); copy the file in if it is one of this tree's";
    expect(quiet.diagnostics.map((d) => [d.file, d.message])).toEqual([
      ['dashboards/team/_library/lp.json', outside],
      ['dashboards/team/cpu.json', outside],
      ['dashboards/team/gone.json', diagnostics[2]!.message],
      ['dashboards/team/notes.json', outside],
    ]);
  });

  it('a dangling link names the target it points at, as written; one below a file is missing too', async () => {
    tree = await makeTempTree({ 'dashboards/team/a.json': dashboard('a', 'A') });
    await tree.symlink('../old/cpu.json', 'dashboards/team/cpu.json');
    await tree.symlink('a.json/x.json', 'dashboards/team/below.json');
    const missing = (file: string, target: string) => [file, 'warning', 'symlink-outside', `not read: a symlink whose target is missing: it points at "${target}", where there is no file; point ${file} at the dashboard file it stands for, or remove it`];
    for (const options of [{}, { pruneRun: 'plan' as const }]) {
      const { diagnostics } = await read(options);
      expect(diagnostics.map((d) => [d.file, d.severity, d.rule, d.message])).toEqual([missing('dashboards/team/below.json', 'a.json/x.json'), missing('dashboards/team/cpu.json', '../old/cpu.json')]);
    }
  });

  // stop-53 §11.5: a link the selection leaves out is not this run's to name; a prune still reads behind it, as it reads the uid
  // of every file the selection leaves out.
  it('a directory link the selection leaves out is said nothing of without prune; a prune still keeps what is behind it', async () => {
    await sharedCheckout();
    for (const selection of [{ exclude: ['team/linked'] }, { exclude: ['team/linked/**'] }, { include: ['team/own.json'] }]) {
      const quiet = await read({ ...selection, unselectedUids: undefined });
      expect(quiet.diagnostics).toEqual([]);
      const pruning = await read({ ...selection, pruneRun: 'plan', unselectedUids: { selection: 'the selection' } });
      expect(pruning.diagnostics.map((d) => [d.file, d.rule])).toEqual([['dashboards/team/linked', 'symlink-dir']]);
      expect(pruning.tree.linkedDashboardUids).toEqual(new Map([['cpu', 'dashboards/team/linked/cpu.json']]));
    }
    // A selection that reaches the link's place still names it.
    const beside = await read({ exclude: ['other/**'] });
    expect(beside.diagnostics.map((d) => [d.file, d.rule])).toEqual([['--exclude', 'glob-unmatched'], ['dashboards/team/linked', 'symlink-dir']]);
  });

  // tree-54: an include naming a path inside a directory link had fast-glob start its walk there, through the link, so the
  // files behind it were planned (and pruned against) as dashboards of the tree. A link is never followed, whatever names it.
  it('an include that names a path inside a directory link reads nothing behind it: the link\'s own warning; alone, it selects nothing', async () => {
    await sharedCheckout();
    for (const include of [['team/linked/*.json', 'team/own.json'], ['team/linked/**/*.json', 'team/**'], ['team/linked/cpu.json', 'team/linked/_library/lp.json', 'team/own.json']]) {
      const { tree: result, diagnostics } = await read({ include, pruneRun: 'plan', unselectedUids: { selection: 'the selection' } });
      expect([result.dashboards.map((d) => d.uid), result.libraryPanels.map((p) => p.uid)], include.join(' ')).toEqual([['own'], []]);
      // The globs inside the link match nothing of the tree, and say so beside the link's warning.
      expect(diagnostics.map((d) => [d.file, d.rule]), include.join(' ')).toEqual([
        ...include.filter((glob) => glob.startsWith('team/linked/')).map(() => ['--include', 'glob-unmatched']),
        ['dashboards/team/linked', 'symlink-dir'],
      ]);
      // What is behind the link stays the prune's to keep, as with every other selection.
      expect(result.linkedDashboardUids).toEqual(new Map([['cpu', 'dashboards/team/linked/cpu.json']]));
    }
    for (const include of [['team/linked/**'], ['team/linked/cpu.json']]) {
      const refused = await read({ include }).then(() => undefined, (error: unknown) => error);
      expect(refused, include.join(' ')).toBeInstanceOf(ConfigError);
      expect((refused as ConfigError).message).toBe(
        `--include ${include.join(' ')} selects no dashboard or library panel file below dashboards (only files behind the directory link team/linked, which dashsync does not follow: copy the files in, or make it a git submodule) ` +
          '(globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files). Check the globs',
      );
    }
  });

  // tree-55: the walk never enters a dot-directory, but an include naming one (`.archive/**`) had fast-glob start there: its files
  // were planned, and through a dot-named directory link (`.linked/**`) the files behind the link, which mend-54 had shut out.
  it('an include that names a path inside a dot-directory, or a dot-named link, reads nothing there; alone, it selects nothing', async () => {
    await sharedCheckout();
    await tree!.write({ 'dashboards/.archive/old.json': dashboard('old', 'Old') });
    await tree!.symlink(join(tree!.dir, 'shared'), 'dashboards/.linked');
    const { tree: result, diagnostics } = await read({ include: ['.archive/**', '.linked/*.json', 'team/own.json'] });
    expect(result.dashboards.map((d) => d.uid)).toEqual(['own']);
    const inside = (dir: string) => `(it names a path inside the dot-directory ${dir}, which dashsync never reads: rename it without the leading dot if it holds dashboards)`;
    expect(diagnostics.map((d) => [d.file, d.rule, d.message])).toEqual([
      ['--include', 'glob-unmatched', `include glob ".archive/**" (--include) matches no file below dashboards, so it selects nothing ${inside('.archive')}`],
      ['--include', 'glob-unmatched', `include glob ".linked/*.json" (--include) matches no file below dashboards, so it selects nothing ${inside('.linked')}`],
    ]);
    const refused = await read({ include: ['.archive/**'] }).then(() => undefined, (error: unknown) => error);
    expect((refused as ConfigError).message).toBe(
      '--include .archive/** selects no dashboard or library panel file below dashboards (only files below the dot-directory .archive, which dashsync never reads: rename it without the leading dot if it holds dashboards) ' +
        '(globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files). Check the globs',
    );
  });

  // tree-55: the glob-unmatched line of such a glob said only "check it", though the glob is right about the path: the link is why.
  it('a glob that names a path inside a directory link says so in its glob-unmatched line, include and exclude alike', async () => {
    await sharedCheckout();
    await tree!.symlink(join(tree!.dir, 'shared'), 'dashboards/linked-top');
    const { diagnostics } = await read({ include: ['team/linked/*.json', 'linked-top/cpu.json', 'team/own.json', 'team/ow.json'], exclude: ['team/linked/cpu.json'] });
    expect(diagnostics.filter((d) => d.rule === 'glob-unmatched').map((d) => d.message)).toEqual([
      'exclude glob "team/linked/cpu.json" (--exclude) matches no file below dashboards, so it keeps nothing out (it names a path inside the directory link team/linked, which dashsync does not follow: nothing there is read, so there is nothing to keep out; remove it)',
      'include glob "team/linked/*.json" (--include) matches no file below dashboards, so it selects nothing (it names a path inside the directory link team/linked, which dashsync does not follow: copy the files in, or make it a git submodule)',
      'include glob "linked-top/cpu.json" (--include) matches no file below dashboards, so it selects nothing (it names a path inside the directory link linked-top, which dashsync does not follow: copy the files in, or make it a git submodule)',
      // A glob beside a link, not inside it, keeps its own advice.
      'include glob "team/ow.json" (--include) matches no file below dashboards, so it selects nothing (globs are relative to the root: "team-a" is the directory, "team-a/**/*.json" its files); check it',
    ]);
  });

  // stop-53 §11.5: anything may sit behind a link (a data directory); a prune reads each file there whole for its uid.
  it('a file behind a link too large to be a dashboard is not read: it stops a prune, named with its size', async () => {
    await sharedCheckout();
    await writeFile(join(tree!.dir, 'shared/dump.json'), '');
    await truncate(join(tree!.dir, 'shared/dump.json'), 80 * 1024 * 1024);
    const { tree: result, diagnostics } = await read({ pruneRun: 'plan' });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([{
      file: 'dashboards/team/linked/dump.json', line: 1, col: 1, severity: 'error', rule: 'prune-needs-uid',
      message: `behind the directory link dashboards/team/linked, yet prune needs the uid of every file of the tree, and this one names none (the file is 80.0 MB, more than dashsync reads of a file for its uid (64.0 MB; no dashboard is that large), so it was not read); move it out of the linked directory, ${PLAN_WAY_OUT}`,
    }]);
    expect(result.linkedDashboardUids).toEqual(new Map([['cpu', 'dashboards/team/linked/cpu.json']]));
  });

  it('with a selection, check\'s line for a file outside it that names no uid does not advise running check', async () => {
    tree = await makeTempTree({ 'dashboards/team/a.json': dashboard('a', 'A'), 'dashboards/experiments/bad.json': '{"uid": "bad",\n' });
    const { diagnostics } = await read({ exclude: ['experiments/**'], unselectedUids: { selection: '--exclude' }, pruneRun: 'check' });
    expect(diagnostics.map((d) => [d.file, d.rule, d.message.slice(d.message.lastIndexOf(';') + 2)])).toEqual([['dashboards/experiments/bad.json', 'prune-needs-uid', `fix it: ${CHECK_WAY_OUT}`]]);
  });
});

// stop-53 §11.5: a FIFO, a socket or a device named *.json holds no dashboard, and a read of a FIFO waits for a writer.
describe('readTree: entries that are no regular file', () => {
  it('a named pipe and a socket are named, never opened (a prune that reads every file\'s uid does not hang); a _folder.json pipe is an error', async () => {
    tree = await makeTempTree({ 'dashboards/team/a.json': dashboard('a', 'A'), 'dashboards/ops/b.json': dashboard('b', 'B') });
    execFileSync('mkfifo', [join(tree.dir, 'dashboards/team/pipe.json'), join(tree.dir, 'dashboards/ops/_folder.json')]);
    const socket = createServer();
    await new Promise<void>((listening) => socket.listen(join(tree!.dir, 'dashboards/team/sock.json'), listening));
    try {
      const said = (file: string, kind: string) => ({
        file, severity: 'warning', rule: 'file-not-regular',
        message: `not read: ${kind}, not a regular file (dashsync reads dashboards only from regular files, and never opens this one); remove it or move it out of the dashboards root`,
      });
      const expected = [
        { file: 'dashboards/ops/_folder.json', severity: 'error', rule: 'file-not-regular', message: 'not read: a named pipe (FIFO), not a regular file, so its directory\'s folder would take the uid and title of a directory without a _folder.json; replace it with a regular file holding the folder\'s uid and title' },
        said('dashboards/team/pipe.json', 'a named pipe (FIFO)'),
        said('dashboards/team/sock.json', 'a socket'),
      ];
      expect((await read()).diagnostics).toEqual(expected);
      const pruning = await read({ exclude: ['team/**'], pruneRun: 'plan', unselectedUids: { selection: '--exclude' } });
      expect(pruning.diagnostics).toEqual(expected);
      expect(pruning.tree.outsideSelection?.dashboardUids).toEqual(new Set(['a']));
    } finally {
      await new Promise((closed) => socket.close(closed));
    }
  });
});

// tree-55 (tree-54's leftover): a link to a pipe or a device read "outside the root or missing", and a `*.json` link to a
// directory got that line beside its directory link's; a loop of links stopped a prune with a thrown ELOOP.
describe('readTree: file links to what is no regular file', () => {
  it('a link to a pipe or a device says what its target is; a _folder.json one is an error; a *.json link to a directory is its directory link\'s alone', async () => {
    tree = await makeTempTree({ 'dashboards/team/a.json': dashboard('a', 'A'), 'dashboards/ops/b.json': dashboard('b', 'B'), 'shared/x.json': dashboard('x', 'X') });
    const pipe = join(tree.dir, 'pipe');
    execFileSync('mkfifo', [pipe]);
    await tree.symlink(pipe, 'dashboards/team/pipe.json');
    await tree.symlink('/dev/null', 'dashboards/team/null.json');
    await tree.symlink(pipe, 'dashboards/ops/_folder.json');
    await tree.symlink(join(tree.dir, 'shared'), 'dashboards/team/shared.json');
    await tree.symlink('loop.json', 'dashboards/team/loop.json');
    const notRegular = (file: string, what: string) => [file, 'warning', 'file-not-regular', `not read: a symlink to ${what}, not a regular file (dashsync reads dashboards only from regular files, and never opens this one); remove the link, or point it at the dashboard file it stands for`];
    const expected = [
      ['dashboards/ops/_folder.json', 'error', 'file-not-regular', `not read: a symlink to a named pipe (FIFO) (${pipe}), not a regular file, so its directory's folder would take the uid and title of a directory without a _folder.json; replace the link with a regular file holding the folder's uid and title`],
      // tree-55b: it read "outside the root or missing".
      ['dashboards/team/loop.json', 'warning', 'symlink-loop', 'not read: a symlink in a loop of links (ELOOP): it points at "loop.json", and following the links from there comes back round without reaching a file; point dashboards/team/loop.json at the dashboard file it stands for, or remove it'],
      notRegular('dashboards/team/null.json', 'a character device (/dev/null)'),
      notRegular('dashboards/team/pipe.json', `a named pipe (FIFO) (${pipe})`),
      ['dashboards/team/shared.json', 'warning', 'symlink-dir'],
    ];
    const shown = (diagnostics: { file: string; severity: string; rule: string; message: string }[]) => diagnostics.map((d) => (d.rule === 'symlink-dir' ? [d.file, d.severity, d.rule] : [d.file, d.severity, d.rule, d.message]));
    expect(shown((await read()).diagnostics)).toEqual(expected);
    // A prune reads behind the links it can: none of these is opened, and what the directory link holds is kept.
    for (const selection of [{}, { exclude: ['team/**'], unselectedUids: { selection: '--exclude' } }]) {
      const pruning = await read({ ...selection, pruneRun: 'plan' });
      expect(shown(pruning.diagnostics)).toEqual(expected);
      expect(pruning.tree.linkedDashboardUids).toEqual(new Map([['x', 'dashboards/team/shared.json/x.json']]));
    }
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

  // tree-56's walk: a directory it may list but not enter (r without x) made its files read "make it readable", and a directory
  // below it "cannot be listed … make it readable", though each was readable: the directory above them is to be opened.
  it('a directory it may list but not enter: its files and the directories below it name that directory and what to do', async () => {
    tree = await makeTempTree({ 'dashboards/team/a.json': dashboard('a', 'A'), 'dashboards/shut/b.json': dashboard('b', 'B') });
    await chmod(join(tree.dir, 'dashboards/shut'), 0o644);
    try {
      const { diagnostics } = await withoutRoot(tree.dir, () => read());
      expect(diagnostics).toEqual([{
        file: 'dashboards/shut/b.json', severity: 'error', rule: 'file-unreadable',
        message: 'cannot read the file (EACCES): permission denied: the user running dashsync may not enter dashboards/shut above it; let it in (chmod +x on that directory)',
      }]);
      await chmod(join(tree.dir, 'dashboards/shut'), 0o755);
      await tree.write({ 'dashboards/shut/_library/lp.json': { uid: 'lp', name: 'LP', model: { type: 'stat' } } });
      await chmod(join(tree.dir, 'dashboards/shut'), 0o644);
      const failed = await withoutRoot(tree.dir, () => read().then(() => undefined, (error: unknown) => error));
      expect((failed as ConfigError).problems).toEqual([
        'directory dashboards/shut/_library cannot be listed (EACCES): permission denied: the user running dashsync may not enter dashboards/shut above it; let it in (chmod +x on that directory), as its files would be left out of the tree unnoticed (and a prune would delete their dashboards)',
      ]);
    } finally {
      await chmod(join(tree.dir, 'dashboards/shut'), 0o755);
    }
  });

  // stop-53 §11.5: a glob naming a path has fast-glob lstat it, which only a directory on the path it cannot enter refuses.
  it('a path an include names, below a directory it cannot enter, stops the read naming that path (the directory itself can be listed)', async () => {
    tree = await makeTempTree({ 'dashboards/team-a/auth.json': dashboard('auth', 'Auth'), 'dashboards/ops/up.json': dashboard('up', 'Up') });
    await chmod(join(tree.dir, 'dashboards/team-a'), 0o644);
    const failed = await withoutRoot(tree.dir, () => read({ include: ['team-a/auth.json'] }).then(() => undefined, (error: unknown) => error));
    expect(failed).toBeInstanceOf(ConfigError);
    expect((failed as ConfigError).problems).toEqual([
      'dashboards/team-a/auth.json cannot be read (EACCES): permission denied: the user running dashsync cannot enter a directory on its path; let it in (chmod +x on that directory), as the file would be left out of the tree unnoticed (and a prune would delete its dashboard)',
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
        message: `a symlink to a directory (${join(tree.dir, 'locked')}) that dashsync could not list: permission denied (EACCES), so prune cannot tell which dashboards have a file behind it; make it readable by the user running dashsync, ${PLAN_WAY_OUT}`,
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

// tree-56 (stop 55's note §10.4): a link whose target it may not reach read "outside the root or cannot be reached".
describe('readTree: a link whose target it may not reach (EACCES, for real)', () => {
  it('names the directory that refuses the way, following the links on it as the kernel does; other links of the tree are unaffected', async () => {
    tree = await makeTempTree({ 'dashboards/team/a.json': dashboard('a', 'A'), 'vault/inner/cpu.json': dashboard('cpu', 'CPU') });
    // A link to a link to a directory below the locked one: the way goes through `hop`, then into `vault`, which refuses it.
    await tree.symlink('vault/inner', 'hop');
    await tree.symlink('../../hop/cpu.json', 'dashboards/team/cpu.json');
    await tree.symlink('a.json', 'dashboards/team/alias.json');
    await chmod(join(tree.dir, 'vault'), 0o000);
    try {
      const { diagnostics } = await withoutRoot(tree.dir, () => read());
      expect(diagnostics.map((d) => [d.file, d.severity, d.rule, d.message])).toEqual([
        ['dashboards/team/alias.json', 'warning', 'symlink-alias', "not read: a symlink to dashboards/team/a.json, which the tree reads: one file, counted once, in dashboards/team/a.json's folder; remove the link"],
        [
          'dashboards/team/cpu.json', 'warning', 'symlink-outside',
          `not read: a symlink whose target dashsync cannot reach: it points at "../../hop/cpu.json", and the user running dashsync may not enter the directory "${join(tree.dir, 'vault')}" on its way: permission denied (EACCES), so what it holds cannot be told; copy the file into the tree if it is one of its dashboards (dashsync does not follow links out of the root), or remove the link`,
        ],
      ]);
    } finally {
      await chmod(join(tree.dir, 'vault'), 0o755);
    }
  });
});

// tree-55b (tree-55's leftover): a _folder.json linked from outside the root was only a warning, and one below _library/ was
// skipped without a word, while the folder it meant took a uid and title made from its directory's name.
describe('readTree: a _folder.json the tree does not read', () => {
  const folderOf = (folders: { dir: string; uid: string; title: string }[], dir: string) => folders.find((folder) => folder.dir === dir);

  it('linked from outside the root, missing or in a loop: an error, as its folder takes a derived uid and title', async () => {
    tree = await makeTempTree({
      'dashboards/team/a.json': dashboard('a', 'A'),
      'dashboards/ops/b.json': dashboard('b', 'B'),
      'dashboards/db/c.json': dashboard('c', 'C'),
      'outside/_folder.json': { uid: 'team-uid', title: 'Team' },
    });
    await tree.symlink(join(tree.dir, 'outside/_folder.json'), 'dashboards/team/_folder.json');
    await tree.symlink(join(tree.dir, 'outside/gone.json'), 'dashboards/ops/_folder.json');
    await tree.symlink('_folder.json', 'dashboards/db/_folder.json');
    const { tree: result, diagnostics } = await read();
    const why = "so its directory's folder would take the uid and title of a directory without a _folder.json; replace the link with a copy of the file holding the folder's uid and title";
    expect(diagnostics.map((d) => [d.file, d.severity, d.rule, d.message])).toEqual([
      ['dashboards/db/_folder.json', 'error', 'symlink-loop', `not read: a symlink in a loop of links (ELOOP), ${why}`],
      ['dashboards/ops/_folder.json', 'error', 'symlink-outside', `not read: a symlink whose target is missing, ${why}`],
      ['dashboards/team/_folder.json', 'error', 'symlink-outside', `not read: a symlink to a file outside the root, which dashsync does not follow, ${why}`],
    ]);
    expect(folderOf(result.folders, 'team')?.uid).not.toBe('team-uid');
  });

  it('below _library/: an error where its directory has no _folder.json of its own, else a warning', async () => {
    tree = await makeTempTree({
      'dashboards/team/a.json': dashboard('a', 'A'),
      'dashboards/team/_library/_folder.json': { uid: 'team-uid', title: 'Team' },
      'dashboards/ops/_folder.json': { uid: 'ops-uid', title: 'Ops' },
      'dashboards/ops/b.json': dashboard('b', 'B'),
      'dashboards/ops/_library/_folder.json': { uid: 'other', title: 'Other' },
      'dashboards/_library/_folder.json': { uid: 'general', title: 'General' },
    });
    const { tree: result, diagnostics } = await read();
    expect(diagnostics.map((d) => [d.file, d.severity, d.rule, d.message])).toEqual([
      ['dashboards/_library/_folder.json', 'warning', 'folder-file-library', 'not read: a _folder.json below _library/ names no folder (the library panels there are in the General level, which no folder file names); remove it'],
      ['dashboards/ops/_library/_folder.json', 'warning', 'folder-file-library', 'not read: a _folder.json below _library/ names no folder (the library panels there are in the folder of dashboards/ops, which dashboards/ops/_folder.json names); remove it'],
      ['dashboards/team/_library/_folder.json', 'error', 'folder-file-library', "not read: a _folder.json below _library/ names no folder (the library panels there are in the folder of dashboards/team), and dashboards/team has no _folder.json of its own, so its folder takes a uid and title made from the directory's name, not this file's; move it to dashboards/team/_folder.json"],
    ]);
    expect([folderOf(result.folders, 'ops')?.uid, folderOf(result.folders, 'team')?.uid === 'team-uid']).toEqual(['ops-uid', false]);
  });
});
