import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FileOpsLog, trackFileOps, type FileOp } from '../../src/files/file-ops-in-flight.js';
import { createReplacedFileSaver, PULL_BACKUP_DIR } from '../../src/pull/save-replaced-file.js';

/** A log that keeps every operation it was told of, as it began. */
class KeptFileOps extends FileOpsLog {
  readonly begun: FileOp[] = [];
  override begin(op: FileOp): (completed: boolean) => void {
    this.begun.push({ ...op });
    return super.begin(op);
  }
}

describe('pull --force: the copy of a file git does not hold', () => {
  it('is written through a temp file beside it (a second Ctrl-C names it and removes the temp), byte for byte, never over an earlier copy', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'dashsync-saved-copy-'));
    onTestFinished(() => rm(cwd, { recursive: true, force: true }));
    const root = join(cwd, 'dashboards');
    // Not UTF-8 (a Latin-1 "é"): the copy holds the bytes, not a decoding of them.
    const edited = Buffer.from('{"uid":"a","title":"Caf\xe9"}\n', 'latin1');
    await mkdir(join(root, 'team'), { recursive: true });
    await writeFile(join(root, 'team', 'a.json'), edited);
    const saver = createReplacedFileSaver({
      realRoot: root,
      cwd,
      git: { unavailable: null, stateOf: () => 'uncommitted', untracked: () => false },
      display: (absPath) => absPath,
      now: new Date('2026-12-02T11:00:00.000Z'),
    });
    const log = new KeptFileOps();

    const first = await trackFileOps(log, () => saver.save('team/a.json'));
    const second = await trackFileOps(log, () => saver.save('team/a.json'));

    const copy = join(cwd, PULL_BACKUP_DIR, '2026-12-02T11-00-00-000Z', 'team', 'a.json');
    expect(first).toEqual({ held: 'changed', copy });
    expect(second).toEqual({ held: 'changed', copy: `${copy}-2` });
    expect(log.begun.map((op) => ({ op: op.op, absPath: op.absPath, tempBeside: op.temp !== undefined && dirname(op.temp) === dirname(copy) }))).toEqual([
      { op: 'write', absPath: copy, tempBeside: true },
      // The second copy tries the first one's name, which refuses it, and goes to the next.
      { op: 'write', absPath: copy, tempBeside: true },
      { op: 'write', absPath: `${copy}-2`, tempBeside: true },
    ]);
    expect(log.completed()).toEqual({ written: 2, deleted: 0 });
    expect(await readFile(copy)).toEqual(edited);
    expect((await readdir(dirname(copy))).sort()).toEqual(['a.json', 'a.json-2']);
  });
});
