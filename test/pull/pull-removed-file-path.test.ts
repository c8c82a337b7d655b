import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, createFolder, createLibraryPanel, dashsync, git, libraryPanelRef, makeWorkDir, saveDashboard } from './pull-fixture.js';

const OLD = 'dashboards/team/my-redis.json';
const exists = (path: string) => access(path).then(() => true, () => false);

describe.each(['12', '13'] as const)('pull writes a dashboard whose file was removed back at its old path (Grafana %s)', (grafanaVersion) => {
  let handle: SandboxHandle;
  beforeAll(async () => {
    handle = await startTestSandbox({ grafanaVersion });
    const team = await createFolder(handle, { uid: 'team', title: 'Team' });
    await saveDashboard(handle, { uid: 'redis', title: 'Redis', panels: [] }, team);
    await saveDashboard(handle, { uid: 'mysql', title: 'MySQL', panels: [] }, team);
  });
  afterAll(() => handle?.close());

  /** A repository whose tree holds both dashboards, Redis under a name of the user's own (not its title's): committed. */
  async function bootstrapped(): Promise<string> {
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull', '--all'])).code).toBe(0);
    await commitAll(work, 'bootstrap');
    await git(work, 'mv', 'dashboards/team/redis.json', OLD);
    await commitAll(work, 'my name');
    return work;
  }

  it('a removal committed: --dry-run and pull name the commit, and the file comes back at its path, as it was', async () => {
    const work = await bootstrapped();
    const before = await readFile(join(work, OLD), 'utf8');
    await git(work, 'rm', '-q', OLD);
    await commitAll(work, 'redis goes');
    const sha = (await git(work, 'rev-parse', 'HEAD')).trim().slice(0, 12);

    const dry = await dashsync(handle, work, ['pull', '--dry-run', 'redis']);
    expect([dry.code, dry.stderr]).toEqual([0, '']);
    expect(dry.stdout).toBe(`would create  ${OLD} (at its old path: commit ${sha} removed its file there)\nPull (dry run, nothing written): 1 to create, 0 to update, 0 to move, 0 unchanged, 0 to delete.\n`);
    expect(await exists(join(work, OLD))).toBe(false);

    const pulled = await dashsync(handle, work, ['pull', 'redis']);
    expect([pulled.code, pulled.stderr]).toEqual([0, '']);
    expect(pulled.stdout).toBe(`created  ${OLD} (at its old path: commit ${sha} removed its file there)\nPull: 1 created, 0 updated, 0 moved, 0 unchanged, 0 deleted.\n`);
    expect(await readFile(join(work, OLD), 'utf8')).toBe(before);
    expect(await exists(join(work, 'dashboards/team/redis.json'))).toBe(false);
  });

  // review-67b L4: the reader of committed texts did not skip a byte-order mark, which the tree reader accepts: no commit named.
  it('a removal committed of a file that began with a byte-order mark: pull names the commit all the same', async () => {
    const work = await bootstrapped();
    await writeFile(join(work, OLD), `\uFEFF${await readFile(join(work, OLD), 'utf8')}`);
    await commitAll(work, 'saved by an editor that writes a BOM');
    await git(work, 'rm', '-q', OLD);
    await commitAll(work, 'redis goes');
    const sha = (await git(work, 'rev-parse', 'HEAD')).trim().slice(0, 12);

    const pulled = await dashsync(handle, work, ['pull', 'redis']);
    expect([pulled.code, pulled.stderr]).toEqual([0, '']);
    expect(pulled.stdout).toBe(`created  ${OLD} (at its old path: commit ${sha} removed its file there)\nPull: 1 created, 0 updated, 0 moved, 0 unchanged, 0 deleted.\n`);
  });

  it('a delete not committed: a pull of the folder writes it at its path again, and git sees nothing changed', async () => {
    const work = await bootstrapped();
    // Deleted in the work tree only (git status: " D").
    await rm(join(work, OLD));
    expect(await git(work, 'status', '--porcelain')).toBe(` D ${OLD}\n`);

    const pulled = await dashsync(handle, work, ['pull', '--folder', 'team']);
    expect([pulled.code, pulled.stderr]).toEqual([0, '']);
    expect(pulled.stdout).toBe(`created  ${OLD} (at its old path: its file there was deleted, not committed)\nPull: 1 created, 0 updated, 0 moved, 1 unchanged, 0 deleted.\n`);
    expect(await git(work, 'status', '--porcelain')).toBe('');
  });

  it('its old path holds another file now: that file is left as it is, and the line names both paths', async () => {
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull', '--all'])).code).toBe(0);
    const path = 'dashboards/team/redis.json';
    await git(work, 'init', '-q');
    await git(work, 'add', '-A');
    await git(work, 'commit', '-q', '-m', 'bootstrap');
    await git(work, 'rm', '-q', path);
    await commitAll(work, 'redis goes');
    const sha = (await git(work, 'rev-parse', 'HEAD')).trim().slice(0, 12);
    const other = `${JSON.stringify({ uid: 'notes', title: 'Notes', panels: [] }, null, 2)}\n`;
    await writeFile(join(work, path), other);

    const pulled = await dashsync(handle, work, ['pull', 'redis']);
    expect([pulled.code, pulled.stderr]).toEqual([0, '']);
    expect(pulled.stdout).toBe(
      `created  dashboards/team/redis-redis.json (not at its old path ${path}, which another file takes now (left as it is); commit ${sha} removed its file there)\n` +
        'Pull: 1 created, 0 updated, 0 moved, 0 unchanged, 0 deleted.\n',
    );
    expect(await readFile(join(work, path), 'utf8')).toBe(other);
  });
});

describe.each(['12', '13'] as const)('pull writes a library panel whose file was removed back at its old path (Grafana %s)', (grafanaVersion) => {
  let handle: SandboxHandle;
  beforeAll(async () => {
    handle = await startTestSandbox({ grafanaVersion });
    const team = await createFolder(handle, { uid: 'team', title: 'Team' });
    await createLibraryPanel(handle, 'lp', team);
    await saveDashboard(handle, { uid: 'redis', title: 'Redis', panels: [libraryPanelRef(1, 'lp')] }, team);
  });
  afterAll(() => handle?.close());

  it('a removal committed: the panel comes back at the path the commit deleted, not at a name from its own, and the line names the commit', async () => {
    const old = 'dashboards/team/_library/lp.json';
    const work = await makeWorkDir();
    expect((await dashsync(handle, work, ['pull', '--all'])).code).toBe(0);
    await commitAll(work, 'bootstrap');
    await git(work, 'mv', 'dashboards/team/_library/panel-lp.json', old);
    await commitAll(work, 'my name');
    const before = await readFile(join(work, old), 'utf8');
    await git(work, 'rm', '-q', old);
    await commitAll(work, 'lp goes');
    const sha = (await git(work, 'rev-parse', 'HEAD')).trim().slice(0, 12);

    const dry = await dashsync(handle, work, ['pull', '--dry-run']);
    expect([dry.code, dry.stderr]).toEqual([0, '']);
    expect(dry.stdout).toBe(`would create  ${old} (at its old path: commit ${sha} removed its file there)\nPull (dry run, nothing written): 0 to create, 0 to update, 0 to move, 1 unchanged, 0 to delete. Library panels: 1 to create.\n`);

    const pulled = await dashsync(handle, work, ['pull', '--format', 'json']);
    expect([pulled.code, pulled.stderr]).toEqual([0, '']);
    const created = pulled.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((line) => line.type === 'created');
    expect(created).toMatchObject({ file: old, uid: 'lp', resource: 'library-panel', formerFile: { file: old, removal: { kind: 'commit' } } });
    expect(await readFile(join(work, old), 'utf8')).toBe(before);
    expect(await exists(join(work, 'dashboards/team/_library/panel-lp.json'))).toBe(false);
  });
});
