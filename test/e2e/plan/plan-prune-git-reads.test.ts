import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRequest, startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { tempDir } from '../../unit/git/temp-dir.js';
import { emptyWorkspace } from '../apply/workspace.js';
import { dashsync, writeJson } from './plan-fixture.js';

const board = (uid: string, title: string) => ({ uid, title, panels: [], schemaVersion: 39 });

/** The git command lines `run` starts, counted through a stand-in git first on PATH. */
async function gitCallsOf(run: () => Promise<unknown>): Promise<string[]> {
  const bin = await tempDir();
  const calls = join(bin, 'calls');
  await writeFile(calls, '');
  const real = (await git(bin, '--exec-path')).trim();
  await writeFile(join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${calls}'\nexec '${real}/git' "$@"\n`);
  await chmod(join(bin, 'git'), 0o755);
  const path = process.env.PATH;
  process.env.PATH = `${bin}:${path}`;
  try {
    await run();
  } finally {
    process.env.PATH = path;
  }
  return (await readFile(calls, 'utf8')).split('\n').filter(Boolean);
}

describe('git processes of a plan --prune folders', () => {
  it('asks git whether the clone is shallow once, though both the history read and the shared-folder check need it', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    // Another repository's directory at the same path (no _folder.json): its dashsync pushed into the derived folder.
    const other = await emptyWorkspace();
    await writeJson(other, 'dashboards/platform/datastores/cache.json', board('other-cache', 'Other cache'));
    await commitAll(other, 'other tree');
    expect((await dashsync(handle, other, ['apply'])).stderr).toBe('');
    // A folder made by hand: a top-level folder the tree does not hold sends the prune to git's history.
    expect((await apiRequest(handle, 'POST', '/api/folders', { uid: 'by-hand', title: 'By hand' })).status).toBe(200);

    const dir = await emptyWorkspace();
    await writeJson(dir, 'dashboards/platform/datastores/mysql.json', board('mysql-overview', 'MySQL Overview'));
    await writeJson(dir, 'dashboards/gone/old.json', board('old', 'Old'));
    await commitAll(dir, 'first');
    await git(dir, 'rm', '-q', '-r', 'dashboards/gone');
    await commitAll(dir, 'second');

    let plan: Awaited<ReturnType<typeof dashsync>> | undefined;
    const calls = await gitCallsOf(async () => (plan = await dashsync(handle, dir, ['plan', '--prune', 'folders'])));
    expect(plan!.stderr).toContain('(folder-of-another-repository)');
    expect(calls.filter((call) => call.includes('--is-shallow-repository'))).toHaveLength(1);
  });
});
