import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLibraryPullRecord } from '../../src/pull/library-pull-record.js';
import { readGitView } from '../../src/pull/read-git-view.js';
import { countGitCalls } from '../helpers/count-git-calls.js';

const run = promisify(execFile);

/** A fresh repository at `<temp>/<name>` (removed when the test ends), with a `dashboards` directory. */
async function repository(name: string): Promise<string> {
  const temp = await realpath(await mkdtemp(join(tmpdir(), 'dashsync-git-view-')));
  onTestFinished(() => rm(temp, { recursive: true, force: true }));
  const dir = join(temp, name);
  await mkdir(join(dir, 'dashboards'), { recursive: true });
  await run('git', ['init', '-q', dir]);
  return dir;
}

const GRAFANA = { urlSha256: 'a'.repeat(64), orgId: undefined, credentialsOrgId: async () => 1 };
const panel = `${JSON.stringify({ uid: 'lp-cpu', name: 'CPU', kind: 1, model: { title: 'cpu' } })}\n`;

describe("pull's git view tells the library panel record where git's directory is (fixl-73)", () => {
  it('from the process that finds the top: the record placed by it starts no git of its own', async () => {
    const dir = await repository('work');
    const root = join(dir, 'dashboards');
    const view = await readGitView(root);
    expect(view.commonDir).toBe(join(dir, '.git'));

    const { calls } = await countGitCalls(async () => {
      const record = createLibraryPullRecord(root, GRAFANA, { commonDir: view.commonDir! });
      await record.note('lp-cpu', panel, 1);
      return record.contentsOf('lp-cpu');
    });
    expect(calls).toEqual([]);
    expect(await readdir(join(dir, '.git/dashsync/library-pulls'))).toEqual(['lp-cpu.json']);
  });

  it('a top holding a line break cannot be split from the answer: the top still comes (asked alone), the directory does not, and the record asks git itself', async () => {
    const dir = await repository('line\nbreak');
    const root = join(dir, 'dashboards');
    await writeFile(join(root, 'new.json'), '{}\n');
    const view = await readGitView(root);
    expect(view.unavailable).toBeNull();
    expect(view.commonDir).toBeUndefined();
    // git status's paths, relative to that top, still name the tree's files.
    expect([view.stateOf('new.json'), view.untracked?.('new.json')]).toEqual(['uncommitted', true]);

    const record = createLibraryPullRecord(root, GRAFANA);
    await record.note('lp-cpu', panel, 1);
    expect((await record.contentsOf('lp-cpu')).size).toBe(1);
  });

  it('outside a repository there is none, and nothing is recorded', async () => {
    const outside = await realpath(await mkdtemp(join(tmpdir(), 'dashsync-git-view-')));
    onTestFinished(() => rm(outside, { recursive: true, force: true }));
    const view = await readGitView(outside);
    expect(view.unavailable).not.toBeNull();
    expect(view.commonDir).toBeUndefined();
    const record = createLibraryPullRecord(outside, GRAFANA, { commonDir: null });
    await record.note('lp-cpu', panel, 1);
    expect(await readdir(outside)).toEqual([]);
  });
});
