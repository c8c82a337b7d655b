import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';
import { withoutRoot } from '../helpers/without-root.js';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const board = (uid: string) => ({ panels: [], schemaVersion: 39, title: uid, uid });

/** A workspace (real path): `files` by path relative to it (documents written as JSON), `links` link path → target as written. */
async function workspace(files: Record<string, unknown>, links: Record<string, string> = {}): Promise<string> {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'dashsync-check-links-')));
  onTestFinished(async () => {
    await chmod(join(dir, 'private'), 0o755).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  for (const [path, document] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), json(document));
  }
  for (const [path, target] of Object.entries(links)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await symlink(target, join(dir, path));
  }
  return dir;
}

// tree-56 (stop 55's note §10.4): the tree's remaining edges around links.
describe('check: links the tree does not follow', () => {
  // tree-55b made a plain _folder.json below _library/ an error where its folder would take a derived uid; one that was itself a
  // link out of the root (or dangling, or a loop) was passed over without a word, and the folder still took the derived uid.
  it('a _folder.json below _library/ that links out of the root, nowhere or round a loop is named as one below _library/', async () => {
    const dir = await workspace(
      {
        'dashboards/team/a.json': board('a'),
        'dashboards/ops/b.json': board('b'),
        'dashboards/ops/_folder.json': { title: 'Ops', uid: 'ops' },
        'dashboards/db/c.json': board('c'),
        'outside/_folder.json': { title: 'Team', uid: 'team' },
      },
      {
        'dashboards/team/_library/_folder.json': '../../../outside/_folder.json',
        'dashboards/ops/_library/_folder.json': '../../../outside/gone.json',
        'dashboards/db/_library/_folder.json': '_folder.json',
      },
    );
    const result = await runCliInProcess(['check'], { cwd: dir });
    const libraryFolderFile = 'not read: a _folder.json below _library/ names no folder (the library panels there are in the folder of';
    expect(result.stdout.split('\n').filter(Boolean)).toEqual([
      `dashboards/db/_library/_folder.json: error: ${libraryFolderFile} dashboards/db), and dashboards/db has no _folder.json of its own, so its folder takes a uid and title made from the directory's name, not this file's; ` +
        'write the folder\'s uid and title in a regular file at dashboards/db/_folder.json, and remove this link (a symlink to no file inside the root, which dashsync would not follow there either) (folder-file-library)',
      `dashboards/ops/_library/_folder.json: warning: ${libraryFolderFile} dashboards/ops, which dashboards/ops/_folder.json names); remove it (folder-file-library)`,
      `dashboards/team/_library/_folder.json: error: ${libraryFolderFile} dashboards/team), and dashboards/team has no _folder.json of its own, so its folder takes a uid and title made from the directory's name, not this file's; ` +
        'write the folder\'s uid and title in a regular file at dashboards/team/_folder.json, and remove this link (a symlink to no file inside the root, which dashsync would not follow there either) (folder-file-library)',
    ]);
    expect([result.code, result.stderr]).toEqual([1, 'check: 3 dashboards, 3 folders (1 with _folder.json), 2 errors, 1 warning\n']);
  });

  // The loop line had the id of the line of a link out of the root.
  it('a link in a loop of links has its own rule id, symlink-loop, in text and JSON', async () => {
    const dir = await workspace({ 'dashboards/team/a.json': board('a') }, { 'dashboards/team/loop.json': 'loop.json', 'dashboards/team/_folder.json': '_folder.json' });
    const text = await runCliInProcess(['check'], { cwd: dir });
    expect(text.stdout.split('\n').filter(Boolean).map((line) => line.slice(line.lastIndexOf(' ') + 1))).toEqual(['(symlink-loop)', '(symlink-loop)']);
    expect(text.stdout).toContain('dashboards/team/loop.json: warning: not read: a symlink in a loop of links (ELOOP): it points at "loop.json"');
    expect(text.stdout).toContain('dashboards/team/_folder.json: error: not read: a symlink in a loop of links (ELOOP), so its directory\'s folder would take');
    const document = JSON.parse((await runCliInProcess(['check', '--format', 'json'], { cwd: dir })).stdout) as { diagnostics: { file: string; rule: string; severity: string }[] };
    expect(document.diagnostics.map((d) => [d.file, d.severity, d.rule])).toEqual([
      ['dashboards/team/_folder.json', 'error', 'symlink-loop'],
      ['dashboards/team/loop.json', 'warning', 'symlink-loop'],
    ]);
  });
});

// Tests run as root here and in CI (root enters any directory whatever its mode); withoutRoot makes the bits bind.
describe('check: a link whose target the user running dashsync may not reach (EACCES, for real)', () => {
  async function lockedTarget(config?: unknown): Promise<{ dir: string; points: string }> {
    const points = '../../private/cpu.json';
    const dir = await workspace(
      { 'dashboards/team/a.json': board('a'), 'private/cpu.json': board('cpu'), 'private/shared/x.json': board('x'), ...(config === undefined ? {} : { 'dashsync.config.json': config }) },
      { 'dashboards/team/cpu.json': points, 'dashboards/team/shared': '../../private/shared' },
    );
    await chmod(join(dir, 'private'), 0o000);
    return { dir, points };
  }

  it('without prune: a warning that says permission denied, naming the directory it may not enter and what to do (a link not named *.json: nothing)', async () => {
    const { dir, points } = await lockedTarget();
    const result = await withoutRoot(dir, () => runCliInProcess(['check'], { cwd: dir }));
    expect(result.stdout).toBe(
      `dashboards/team/cpu.json: warning: not read: a symlink whose target dashsync cannot reach: it points at "${points}", and the user running dashsync may not enter the directory "${join(dir, 'private')}" on its way: permission denied (EACCES), ` +
        'so what it holds cannot be told; copy the file into the tree if it is one of its dashboards (dashsync does not follow links out of the root), or remove the link (symlink-outside)\n',
    );
    expect([result.code, result.stderr]).toEqual([0, 'check: 1 dashboard, 1 folder, 0 errors, 1 warning\n']);
  });

  it('with prune: an error, as the uid prune must keep cannot be read, nor whether a link not named *.json holds dashboards; a _folder.json link is an error too', async () => {
    const { dir, points } = await lockedTarget({ prune: 'all' });
    await symlink('../../private/_folder.json', join(dir, 'dashboards/team/_folder.json'));
    const result = await withoutRoot(dir, () => runCliInProcess(['check'], { cwd: dir }));
    const way = (to: string) => `it points at "${to}", and the user running dashsync may not enter the directory "${join(dir, 'private')}" on its way: permission denied (EACCES)`;
    expect(result.stdout.split('\n').filter(Boolean)).toEqual([
      `dashboards/team/_folder.json: error: not read: a symlink whose target dashsync cannot reach: ${way('../../private/_folder.json')}, so its directory's folder would take the uid and title of a directory without a _folder.json; ` +
        'replace the link with a copy of the file holding the folder\'s uid and title (symlink-outside)',
      `dashboards/team/cpu.json: error: a symlink whose target dashsync cannot reach: ${way(points)}; prune needs the uid of every file of the tree, and this one's cannot be read; ` +
        `let the user running dashsync in (chmod +x on "${join(dir, 'private')}"), or remove the link: plan and apply stop on it too while they prune (prune-needs-uid)`,
      // It went unsaid, and a prune deleted the dashboards whose files are behind it.
      `dashboards/team/shared: error: a symlink whose target dashsync cannot reach: ${way('../../private/shared')}, so prune cannot tell whether it is a directory holding dashboard files; ` +
        `let the user running dashsync in (chmod +x on "${join(dir, 'private')}"), or remove the link: plan and apply stop on it too while they prune (prune-behind-link)`,
    ]);
    expect(result.code).toBe(1);
  });
});

// tree-56's walk: a directory nested past the system's path limit read "cannot be listed (ENAMETOOLONG): make it listable".
describe('check: a directory whose path is longer than the system allows', () => {
  it('stops, naming the directory and what to do', async () => {
    const dir = await workspace({ 'dashboards/top.json': board('top') });
    const level = 'd'.repeat(60);
    // Built one level at a time from inside, in a process of its own (a path this long cannot be named whole; a worker cannot chdir).
    execFileSync(process.execPath, ['-e', `for (let i = 0; i < 80; i++) { fs.mkdirSync('${level}'); process.chdir('${level}'); } fs.writeFileSync('deep.json', '{}')`], { cwd: join(dir, 'dashboards') });
    let result;
    try {
      result = await runCliInProcess(['check'], { cwd: dir });
    } finally {
      // Removed the same way (rm -rf walks down relative to each directory).
      execFileSync('rm', ['-rf', join(dir, 'dashboards')]);
    }
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^error: directory dashboards(/${level})+ cannot be listed \\(ENAMETOOLONG\\): its path is longer than this system allows; shorten the names on it, or nest it less deeply, as its files would be left out of the tree unnoticed \\(and a prune would delete their dashboards\\)\\n$`));
  });
});

// tree-56's walk: `check --fix` as a user who may not write the tree's files crashed ("unexpected failure: Error: EACCES"),
// after rewriting the files before it; one whose library panel file it had written already was said nowhere.
describe('check --fix: files the user running dashsync may not write (EACCES, for real)', () => {
  const EXPORT = {
    __elements: { 'lp-cpu': { name: 'CPU', uid: 'lp-cpu', kind: 1, model: { type: 'stat', title: 'CPU' } } },
    panels: [{ gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, libraryPanel: { name: 'CPU', uid: 'lp-cpu' } }],
    schemaVersion: 39,
    title: 'Export',
    uid: 'export',
  };

  it('leaves each file it cannot write as it was, says why and what to do, and goes on; the check after it tells the rest', async () => {
    const memory = { ...EXPORT, __elements: { 'lp-mem': { ...EXPORT.__elements['lp-cpu'], name: 'Memory', uid: 'lp-mem' } }, panels: [{ ...EXPORT.panels[0], libraryPanel: { name: 'Memory', uid: 'lp-mem' } }], title: 'Memory', uid: 'memory' };
    const dir = await workspace({ 'dashboards/team/a.json': { ...board('a'), id: 7 }, 'dashboards/ops/b.json': { ...board('b'), id: 8 }, 'dashboards/lib/export.json': EXPORT, 'dashboards/mem/export.json': memory, 'dashboards/rw/c.json': { ...board('c'), id: 9 } });
    // ops/ and ops/b.json are anyone's: it is rewritten. team/ and its file are root's. lib/ lets anyone write in it, but export.json is root's.
    // mem/export.json is anyone's, but its _library/ cannot be made in mem/. rw/c.json is anyone's, but rw/ is root's: the
    // new text cannot be written beside it (a write in place could leave it cut off: walk-66 H1).
    await chmod(join(dir, 'dashboards/ops'), 0o777);
    await chmod(join(dir, 'dashboards/ops/b.json'), 0o666);
    await chmod(join(dir, 'dashboards/rw/c.json'), 0o666);
    await chmod(join(dir, 'dashboards/lib'), 0o777);
    await chmod(join(dir, 'dashboards/mem/export.json'), 0o666);
    const result = await withoutRoot(dir, () => runCliInProcess(['check', '--fix'], { cwd: dir }));
    const asItWas = (what: string) => `cannot write ${what} (EACCES): permission denied; make it writable by the user running dashsync, then run check --fix again, so the file is left as it was`;
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      'fixed dashboards/ops/b.json: reformatted, removed id',
      `not fixed dashboards/lib/export.json: ${asItWas('it')}; the library panel file written for it (dashboards/lib/_library/cpu.json) stays`,
      'not fixed dashboards/mem/export.json: cannot write dashboards/mem/_library (EACCES): permission denied; let the user running dashsync write there, then run check --fix again, so the file is left as it was',
      'not fixed dashboards/rw/c.json: cannot write dashboards/rw (EACCES): permission denied; let the user running dashsync write there (the fix writes the new text beside the file, then renames it over the file), then run check --fix again, so the file is left as it was',
      `not fixed dashboards/team/a.json: ${asItWas('it')}`,
      'check: 5 dashboards, 5 folders, 1 library panel, 1 error, 8 warnings, 1 fixed',
    ]);
    // What is left to fix is still said: the ids, and the exports' __elements (lib's panel now in a _library/ file too).
    expect(result.stdout.split('\n').filter(Boolean).map((line) => `${line.slice(0, line.indexOf(':'))} ${line.slice(line.lastIndexOf('('))}`)).toEqual([
      'dashboards/lib/export.json (library-elements-embedded)',
      'dashboards/lib/export.json (not-canonical)',
      'dashboards/mem/export.json (library-elements-embedded)',
      'dashboards/mem/export.json (not-canonical)',
      // Its panel is in no _library/ file: plan and apply stop on it until check --fix can write one.
      'dashboards/mem/export.json (library-panel-missing)',
      'dashboards/rw/c.json (not-canonical)',
      'dashboards/rw/c.json (id-present)',
      'dashboards/team/a.json (not-canonical)',
      'dashboards/team/a.json (id-present)',
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(await readFile(join(dir, 'dashboards/team/a.json'), 'utf8')).id).toBe(7);
    expect(JSON.parse(await readFile(join(dir, 'dashboards/rw/c.json'), 'utf8')).id).toBe(9);
    expect(JSON.parse(await readFile(join(dir, 'dashboards/ops/b.json'), 'utf8')).id).toBeUndefined();
  });
});

// tree-56's walk: Linux allows any bytes in a name; read as UTF-8, a name that is not shows U+FFFD, and by that name it is not
// there. The walk passed over such a directory without a word (its files left out: a prune would delete their dashboards), and
// such a file read "cannot read the file (ENOENT): it was removed or renamed while the tree was read; run again".
describe('check: names that are not valid UTF-8', () => {
  /** A path below `dir` whose last part holds the byte 0xff (as Latin-1 writes "ÿ"): not UTF-8. */
  const notUtf8 = (dir: string, path: string) => Buffer.concat([Buffer.from(`${dir}/`), Buffer.from(path, 'latin1')]);

  it('a directory stops the run, naming it; a file is an error saying why it cannot be opened', async () => {
    const dir = await workspace({ 'dashboards/ok/a.json': board('a') });
    await mkdir(notUtf8(dir, 'dashboards/team\xff'));
    await writeFile(Buffer.concat([notUtf8(dir, 'dashboards/team\xff'), Buffer.from('/b.json')]), json(board('b')));
    const stopped = await runCliInProcess(['check'], { cwd: dir });
    expect([stopped.code, stopped.stdout, stopped.stderr]).toEqual([
      1,
      '',
      'error: directory dashboards/team\ufffd has a name that is not valid UTF-8 (\ufffd stands for the bytes that are not), so dashsync cannot read the files below it (they would be left out of the tree unnoticed): rename it\n',
    ]);
    await rm(notUtf8(dir, 'dashboards/team\xff'), { recursive: true });
    await writeFile(notUtf8(dir, 'dashboards/ok/b\xff.json'), json(board('b')));
    const result = await runCliInProcess(['check'], { cwd: dir });
    expect(result.stdout).toBe('dashboards/ok/b\ufffd.json: error: cannot read the file: its name is not valid UTF-8 (\ufffd stands for the bytes that are not), so dashsync cannot open it by name; rename it (file-unreadable)\n');
    expect(result.code).toBe(1);
  });
});
