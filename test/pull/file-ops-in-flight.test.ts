import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FileOpsLog, removeFile, trackFileOps } from '../../src/files/file-ops-in-flight.js';
import { writeFileAtomic } from '../../src/files/write-file-atomic.js';
import { renderPullQuit } from '../../src/pull/render-pull-result.js';

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dashsync-file-ops-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('FileOpsLog', () => {
  it("holds each write and delete while it runs (with the write's temp file), and counts them once done", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'old.json'), '{}\n');
    const log = new FileOpsLog();
    const seen = await trackFileOps(log, async () => {
      const writing = writeFileAtomic(join(dir, 'a.json'), '{"uid":"a"}\n');
      const deleting = removeFile(join(dir, 'old.json'));
      const during = log.inFlight().map((op) => ({ op: op.op, absPath: op.absPath, temp: op.temp !== undefined }));
      await Promise.all([writing, deleting]);
      return during;
    });
    expect(seen).toEqual([
      { op: 'write', absPath: join(dir, 'a.json'), temp: true },
      { op: 'delete', absPath: join(dir, 'old.json'), temp: false },
    ]);
    expect(log.inFlight()).toEqual([]);
    expect(log.completed()).toEqual({ written: 1, deleted: 1 });
    expect(await readdir(dir)).toEqual(['a.json']);
    expect(await readFile(join(dir, 'a.json'), 'utf8')).toBe('{"uid":"a"}\n');
  });

  it('removeTempsSync removes the temp file of a write under way, never the file it replaces', async () => {
    const dir = await tempDir();
    const temp = join(dir, '.a.json.0123456789ab.tmp');
    await writeFile(temp, '{"uid":');
    await writeFile(join(dir, 'a.json'), '{"uid":"a"}\n');
    const log = new FileOpsLog();
    log.begin({ op: 'write', absPath: join(dir, 'a.json'), temp });
    log.removeTempsSync();
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('removeTempsSync finishes a write that claimed its name empty (no hard links): the name holds the whole file, never 0 bytes', async () => {
    const dir = await tempDir();
    const final = join(dir, '2026-12-02-v3.json');
    const temp = join(dir, '.2026-12-02-v3.json.abc.tmp');
    await writeFile(temp, '{"uid":"x"}\n');
    await writeFile(final, '');
    const log = new FileOpsLog();
    log.begin({ op: 'write', absPath: final, temp, claimed: true });
    log.removeTempsSync();
    expect(await readFile(final, 'utf8')).toBe('{"uid":"x"}\n');
    expect(await readdir(dir)).toEqual(['2026-12-02-v3.json']);
  });

  it('a write started while a run is tracked is recorded, also from work begun outside it; a nested trackFileOps of the same log ending first leaves it recording', async () => {
    const dir = await tempDir();
    const log = new FileOpsLog();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let begun!: () => void;
    const writeBegun = new Promise<void>((resolve) => (begun = resolve));
    // Begun before the tracked run (its own async context), writing only once the run releases it.
    const outside = (async () => {
      await gate;
      const writing = writeFileAtomic(join(dir, 'outside.json'), '{}\n');
      begun();
      await writing;
    })();
    await trackFileOps(log, async () => {
      await trackFileOps(log, () => writeFileAtomic(join(dir, 'inner.json'), '{}\n'));
      release();
      await writeBegun;
      expect(log.inFlight().map((op) => op.absPath)).toEqual([join(dir, 'outside.json')]);
      await outside;
      await writeFileAtomic(join(dir, 'outer.json'), '{}\n');
    });
    expect(log.completed()).toEqual({ written: 3, deleted: 0 });
    await writeFileAtomic(join(dir, 'after.json'), '{}\n');
    expect(log.completed()).toEqual({ written: 3, deleted: 0 });
  });

  it('outside trackFileOps, writes and deletes run as before, recorded nowhere', async () => {
    const dir = await tempDir();
    await writeFileAtomic(join(dir, 'b.json'), '{}\n');
    await removeFile(join(dir, 'b.json'));
    await removeFile(join(dir, 'b.json'));
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('renderPullQuit', () => {
  it('names the files being written or deleted when the second Ctrl-C came', () => {
    expect(renderPullQuit({ written: 3, deleted: 1 }, [{ op: 'write', file: 'dashboards/a.json' }, { op: 'delete', file: 'dashboards/old.json' }])).toEqual([
      'quit: 3 files written and 1 deleted before the quit (git status shows them); the rest were not started. Run dashsync pull again to finish',
      'unknown: writing dashboards/a.json, deleting dashboards/old.json: each holds its content from before or the new one, never part of one (git status shows which)',
    ]);
  });
});
