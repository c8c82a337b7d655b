import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { privateCacheDirectory } from '../../../src/cli/compile-cache.js';

async function scratch() {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-cache-dir-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

// The CLI's compiled-code cache lives where only its user can write (src/cli/compile-cache.ts).
describe('privateCacheDirectory', () => {
  it('creates dashsync/node-compile-cache under ~/.cache, readable by its user only', async () => {
    const home = await scratch();
    const directory = privateCacheDirectory({}, home);
    expect(directory).toBe(join(home, '.cache', 'dashsync', 'node-compile-cache'));
    expect(statSync(directory!).mode & 0o777).toBe(0o700);
  });

  it('takes XDG_CACHE_HOME when it is an absolute path, and ignores a relative one', async () => {
    const home = await scratch();
    const xdg = join(home, 'xdg');
    expect(privateCacheDirectory({ XDG_CACHE_HOME: xdg }, home)).toBe(join(xdg, 'dashsync', 'node-compile-cache'));
    expect(privateCacheDirectory({ XDG_CACHE_HOME: 'relative' }, home)).toBe(join(home, '.cache', 'dashsync', 'node-compile-cache'));
  });

  it('refuses a directory others can write to, and one that is a file', async () => {
    const home = await scratch();
    const open = join(home, '.cache', 'dashsync', 'node-compile-cache');
    mkdirSync(open, { recursive: true });
    chmodSync(open, 0o777);
    expect(privateCacheDirectory({}, home)).toBeNull();

    const other = await scratch();
    mkdirSync(join(other, '.cache', 'dashsync'), { recursive: true });
    await import('node:fs/promises').then((fs) => fs.writeFile(join(other, '.cache', 'dashsync', 'node-compile-cache'), 'x'));
    expect(privateCacheDirectory({}, other)).toBeNull();
  });

  it('gives none without a home directory or a cache root', () => {
    expect(privateCacheDirectory({}, '')).toBeNull();
  });
});
