import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeBackupWriteError } from '../../../src/apply/describe-backup-write-error.js';
import { adviceToRead, describeReadError, describeWriteError, describeWriteInError } from '../../../src/files/file-error-reasons.js';
import { describeDirectoryUnread } from '../../../src/files/describe-directory-unread.js';
import { readUtf8File } from '../../../src/files/read-utf8-file.js';
import { withoutRoot } from '../../helpers/without-root.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** The error the file system gives for `path` read or written (`how`). */
async function failureOf(how: (path: string) => Promise<unknown>, path: string): Promise<NodeJS.ErrnoException> {
  return how(path).then(
    () => {
      throw new Error(`${path} did not fail`);
    },
    (error: unknown) => error as NodeJS.ErrnoException,
  );
}

// fixr-74 (stop 73 §10): the reads of the tree, of a plan or config, the plan's write and a backup's each had a table of
// their own, and said one code in different words (ENOTDIR: "a file stands where a directory of it goes" for a backup).
describe('one set of words per file error code, whoever reads or writes', () => {
  it('ENOTDIR, met for real under a file: the same words for a tree file, a plan file read, a plan written and a backup', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dashsync-file-errors-'));
    await writeFile(join(dir, 'a-file'), 'x');
    const under = join(dir, 'a-file', 'plan.json');
    const read = await failureOf((path) => readFile(path), under);
    const written = await failureOf((path) => writeFile(path, '{}'), under);
    expect([read.code, written.code]).toEqual(['ENOTDIR', 'ENOTDIR']);

    const what = 'a part of that path is a file, not a directory';
    expect(describeReadError(read)).toBe(`${what} (ENOTDIR); check the path`);
    expect(describeWriteError(written)).toBe(`${what} (ENOTDIR)`);
    expect(describeBackupWriteError(written.code!)).toEqual({ why: what, remedy: 'move away the file that stands there' });
    // mkdir's answer where a file has the backup directory's own name.
    expect(describeBackupWriteError('EEXIST').why).toBe(what);
    const tree = await readUtf8File(under, 'dashboards/a-file/plan.json');
    expect(tree.diagnostic?.message).toBe(`cannot read the file (ENOTDIR): ${what}; check the path`);
  });

  // fixr-75: "point it at a file" was said of a link meant to reach a directory (the root, the backup directory, a folder).
  it('ELOOP, met for real: a link meant to be a directory is told to point at a directory, one meant to be a file at a file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dashsync-file-errors-'));
    await symlink('b', join(dir, 'a'));
    await symlink('a', join(dir, 'b'));
    const listed = await failureOf((path) => readdir(path), join(dir, 'a'));
    const read = await failureOf((path) => readFile(path), join(dir, 'a'));
    expect([listed.code, read.code]).toEqual(['ELOOP', 'ELOOP']);
    expect(describeReadError(listed, 'directory')).toBe('it is a symlink in a loop of links (ELOOP); point it at a directory');
    expect(describeReadError(read)).toBe('it is a symlink in a loop of links (ELOOP); point it at a file');
    expect(adviceToRead(listed.code, 'directory')).toBe('point it at a directory');
    // A code whose advice is the same for both keeps it.
    expect(adviceToRead('ENAMETOOLONG', 'directory')).toBe(adviceToRead('ENAMETOOLONG'));
  });

  // fixf-75 (rev-75 F2): EDQUOT was "no space left on the disk; free space on its disk" while `df` shows room: the quota is the user's.
  it('EDQUOT is said as the quota of the user running dashsync, with the quota as the remedy, not the disk', () => {
    const overQuota = Object.assign(new Error('EDQUOT'), { code: 'EDQUOT' });
    const what = 'over the disk quota of the user running dashsync';
    const remedy = 'free space within that quota (quota -s), or have it raised';
    expect(describeWriteError(overQuota)).toBe(`${what} (EDQUOT)`);
    expect(describeWriteInError(overQuota)).toBe(`(EDQUOT): ${what}; ${remedy}`);
    expect(describeBackupWriteError('EDQUOT')).toEqual({ why: what, remedy });
    // A full disk keeps its own words.
    expect(describeBackupWriteError('ENOSPC')).toEqual({ why: 'no space left on the disk', remedy: 'free space on its disk' });
  });

  // fixf-75 (rev-75 F3): EPERM had EACCES's words and advice (make it readable/writable), which chmod cannot satisfy for an
  // immutable or append-only file, a rename in a sticky directory, or a macOS folder the terminal may not access.
  it('EPERM is said as an operation not permitted, pointing at attributes and macOS folder access, not at permission bits', () => {
    const notPermitted = Object.assign(new Error('EPERM'), { code: 'EPERM' });
    const macos = 'on macOS, allow the terminal access to that folder (System Settings > Privacy & Security)';
    expect(describeReadError(notPermitted)).toBe(`operation not permitted (EPERM); check its attributes (lsattr); ${macos}`);
    expect(describeWriteError(notPermitted)).toBe('operation not permitted (EPERM)');
    expect(describeWriteInError(notPermitted)).toBe(
      `(EPERM): operation not permitted; check the attributes of the file and of its directory (lsattr: immutable or append-only), and in a sticky directory who owns the file; ${macos}`,
    );
    expect(describeBackupWriteError('EPERM').why).toBe('operation not permitted');
    // EACCES keeps its words.
    expect(describeReadError(Object.assign(new Error('EACCES'), { code: 'EACCES' }))).toBe('permission denied (EACCES); make it readable by the user running dashsync');
  });

  // EPERM is no directory that may not be entered: a directory above it without x is not what refused, and "chmod +x" would not help.
  it('EPERM under a directory the user may not enter is said in its own words; EACCES there names the directory', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dashsync-file-errors-'));
    await mkdir(join(dir, 'closed', 'dashboards'), { recursive: true });
    await chmod(join(dir, 'closed'), 0o600);
    const root = join(dir, 'closed', 'dashboards');
    const [eperm, eacces] = await withoutRoot(dir, async () => [
      describeDirectoryUnread(root, Object.assign(new Error('EPERM'), { code: 'EPERM' }), dir),
      describeDirectoryUnread(root, Object.assign(new Error('EACCES'), { code: 'EACCES' }), dir),
    ]);
    expect(eperm).toBe('(EPERM): operation not permitted; check its attributes (lsattr); on macOS, allow the terminal access to that folder (System Settings > Privacy & Security)');
    expect(eacces).toBe('(EACCES): permission denied: the user running dashsync may not enter closed above it; let it in (chmod +x on that directory)');
  });

  it('a code without words is said as the code, and a failure without one by its message', () => {
    expect(describeReadError(Object.assign(new Error('EIO'), { code: 'EIO' }))).toBe('EIO');
    expect(describeWriteError(Object.assign(new Error('EIO'), { code: 'EIO' }))).toBe('EIO');
    expect(describeBackupWriteError('EIO')).toEqual({ why: null, remedy: 'fix what its line names' });
    expect(describeReadError(new Error('the disk went away'))).toBe('the disk went away');
  });
});
