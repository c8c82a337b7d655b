import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fg from 'fast-glob';
import { afterEach, describe, expect, it } from 'vitest';
import { walkTreeNames } from '../../../src/files/walk-tree-names.js';

let dir: string | undefined;
afterEach(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** What discovery's fast-glob walk listed (perf-53's stream: these patterns and options, and the same names kept). */
async function fastGlobListing(root: string): Promise<string[]> {
  const patterns = ['**/*.json', '**/*[\n\r\u2028\u2029]*', '**/*.[jJ][sS][oO][nN]', '**/.*.[jJ][sS][oO][nN]', '**/.[jJ][sS][oO][nN]', '**/*.yaml', '**/*.yml', '**/*'];
  const entries = await fg(patterns, { cwd: root, dot: false, onlyFiles: false, followSymbolicLinks: false, objectMode: true, ignore: ['**/node_modules/**'] });
  const kept = entries.filter((entry) => entry.dirent.isSymbolicLink() || /\.json$/i.test(entry.name) || entry.name.endsWith('.yaml') || entry.name.endsWith('.yml') || /[\n\r\u2028\u2029\ufffd]/.test(entry.name));
  return kept.map(shown).sort();
}

const shown = (entry: { path: string; dirent: { isSymbolicLink(): boolean; isDirectory(): boolean; isFile(): boolean } }) =>
  `${entry.path} ${entry.dirent.isSymbolicLink() ? 'link' : entry.dirent.isDirectory() ? 'dir' : entry.dirent.isFile() ? 'file' : 'other'}`;

describe('walkTreeNames', () => {
  it("lists what discovery's fast-glob walk listed: dot-names only as .json look-alikes, no dot-directory or node_modules entered, a line-break directory listed but not entered, links as themselves", async () => {
    dir = mkdtempSync(join(tmpdir(), 'dashsync-walk-'));
    const root = join(dir, 'tree');
    const file = (path: string, text = '{}') => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    for (const path of ['a/b/c/d.json', 'a/b/e.JSON', 'a/.f.json', 'a/.json', 'a/.JSON', 'a/..json', 'a/.g', 'a/k.yaml', 'a/k.yml', 'a/K.YAML', 'a/readme.md', 'team/t.json']) file(path);
    for (const path of ['.dot/x/y.json', 'node_modules/pkg/p.json', 'a/node_modules/q/q.json', 'sub/node_modules.d/n.json', 'x.yaml.d/deep/z.json']) file(path);
    for (const path of ['lb\ndir/in.json', 'cr\rdir/in.json', 'ls\u2028dir/in.json', 'f\nname.json', 'plain\nname', '.dot\nname.json']) file(path);
    // Names a glob would read as patterns are names to the walk.
    for (const path of ['[x].json', '{a,b}.json', '!neg.json', '+(p).json', '[d]/in.json', '{e,f}/deeper/z.json', '@(x)/in.json']) file(path);
    mkdirSync(join(root, 'dir.json'));
    mkdirSync(join(root, '.hid.json'));
    mkdirSync(join(root, 'zz/node_modules.json'), { recursive: true });
    const link = (target: string, path: string) => symlinkSync(target, join(root, path));
    link('a/b', 'linkdir');
    link('a/b/c/d.json', 'link.json');
    link('a/readme.md', 'linkfile');
    link('nowhere', 'broken');
    link('a/b', '.dotlink');
    link('a/b', 'node_modules2');
    link('../team', 'a/b/up');
    link('../team', 'sub/node_modules');
    link('../b', 'a/node_modules/linked');

    const walked = walkTreeNames(root).map(shown).sort();
    expect(walked).toEqual(await fastGlobListing(root));
    // The listing holds what each rule is for (so the comparison above compares something).
    expect(walked).toEqual(expect.arrayContaining(['a/.f.json file', 'a/b/c/d.json file', 'lb\ndir dir', 'linkdir link', 'x.yaml.d/deep/z.json file', 'a/k.yaml file', 'sub/node_modules.d/n.json file']));
    expect(walked.filter((entry) => /node_modules\/|^\.dot\/|^lb\n.*\//.test(entry))).toEqual([]);
  });

  it('passes over a directory gone by its name, and throws any other listing failure as readdir throws it', () => {
    dir = mkdtempSync(join(tmpdir(), 'dashsync-walk-'));
    expect(walkTreeNames(join(dir, 'absent'))).toEqual([]);
    writeFileSync(join(dir, 'file'), '');
    expect(() => walkTreeNames(join(dir!, 'file'))).toThrow(expect.objectContaining({ code: 'ENOTDIR', syscall: 'scandir' }));
  });
});
