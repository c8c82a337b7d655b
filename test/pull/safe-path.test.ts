import { mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDirectoryInside, resolveInsideRoot, resolveWriteTarget, UnsafePathError } from '../../src/pull/safe-path.js';

let base: string;
let root: string;
let outside: string;
beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'dashsync-safe-path-')));
  root = join(base, 'root');
  outside = join(base, 'outside');
  await mkdir(root);
  await mkdir(outside);
});
afterEach(() => rm(base, { recursive: true, force: true }));

describe('resolveInsideRoot', () => {
  it.each(['..', '../x.json', 'a/../../x.json', 'a/./b.json', '', 'a//b.json', '/etc/passwd', 'a\\..\\..\\x.json', 'nul\0.json'])(
    'refuses %j',
    (rel) => {
      expect(() => resolveInsideRoot(root, rel)).toThrow(UnsafePathError);
    },
  );

  it('accepts plain nested paths', () => {
    expect(resolveInsideRoot(root, 'a/b/c.json')).toBe(join(root, 'a', 'b', 'c.json'));
  });
});

describe('ensureDirectoryInside', () => {
  it('creates nested directories one level at a time', async () => {
    expect(await ensureDirectoryInside(root, 'a/b/c')).toBe(join(root, 'a', 'b', 'c'));
    expect(await readdir(join(root, 'a', 'b'))).toEqual(['c']);
  });

  it('refuses to go through a symlinked directory, and creates nothing behind it', async () => {
    await symlink(outside, join(root, 'team'));
    await expect(ensureDirectoryInside(root, 'team/sub')).rejects.toThrow('refused team/sub: team is a symlink; pull does not write through symlinks');
    expect(await readdir(outside)).toEqual([]);
  });

  it('refuses a path where a file stands', async () => {
    await writeFile(join(root, 'team'), 'not a directory');
    await expect(ensureDirectoryInside(root, 'team/sub')).rejects.toThrow('team exists and is not a directory');
  });
});

describe('resolveWriteTarget', () => {
  it('writes a plain or missing file where it is', async () => {
    expect(await resolveWriteTarget(root, join(root, 'new.json'))).toBe(join(root, 'new.json'));
  });

  it('follows a symlink only to a file inside the root', async () => {
    await writeFile(join(root, 'real.json'), '{}');
    await symlink(join(root, 'real.json'), join(root, 'link.json'));
    expect(await resolveWriteTarget(root, join(root, 'link.json'))).toBe(join(root, 'real.json'));

    await writeFile(join(outside, 'secret.json'), '{}');
    await symlink(join(outside, 'secret.json'), join(root, 'escape.json'));
    await expect(resolveWriteTarget(root, join(root, 'escape.json'))).rejects.toThrow(UnsafePathError);
  });
});
