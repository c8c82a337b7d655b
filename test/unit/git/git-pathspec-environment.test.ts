import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCommittedAsIs } from '../../../src/git/is-committed-as-is.js';
import { readArrivalCommit } from '../../../src/git/read-arrival-commit.js';
import { readFolderFileHistory } from '../../../src/git/read-folder-file-history.js';
import { commitAll, git } from '../../pull/pull-fixture.js';
import { tempDir, write } from './temp-dir.js';

/**
 * git reads pathspec settings from the environment: GIT_LITERAL_PATHSPECS=1 turns `:(glob)`/`:(literal)` magic into file
 * names, GIT_GLOB_PATHSPECS=1 makes `--literal-pathspecs` a fatal error, GIT_ICASE_PATHSPECS=1 matches
 * paths in any case. A user or a CI image may export them; dashsync states its pathspecs itself, so they must not change
 * what it reads (before: folder drift saw no history, the arrival commit was not found, or another file's was).
 */
function withEnvironment(name: string): void {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env[name];
    process.env[name] = '1';
  });
  afterEach(() => {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  });
}

describe("dashsync's git reads ignore GIT_LITERAL_PATHSPECS=1 in the user's environment", () => {
  withEnvironment('GIT_LITERAL_PATHSPECS');

  it("the folders' _folder.json history still finds every title a commit gave the folder (folder drift's judgement)", async () => {
    const repo = await tempDir();
    await write(join(repo, 'dashboards', 'ops', '_folder.json'), JSON.stringify({ uid: 'ops', title: 'Ops' }));
    await commitAll(repo, 'first');
    await write(join(repo, 'dashboards', 'ops', '_folder.json'), JSON.stringify({ uid: 'ops', title: 'Operations' }));
    await commitAll(repo, 'renamed');

    const read = await readFolderFileHistory(join(repo, 'dashboards'), [{ uid: 'ops', dir: 'ops' }]);

    expect([...(read.histories.get('ops')?.titles ?? [])].sort()).toEqual(['Operations', 'Ops']);
    expect(read.cut).toBeNull();
  });
});

describe.each(['GIT_GLOB_PATHSPECS', 'GIT_ICASE_PATHSPECS'])("dashsync's git reads ignore %s=1 in the user's environment", (name) => {
  withEnvironment(name);

  it('the commit that brought a file its content is that file\'s, not its case twin\'s (and is found at all)', async () => {
    const repo = await tempDir();
    await write(join(repo, 'cpu.json'), '{"a":1}');
    await commitAll(repo, 'cpu');
    const cpuCommit = (await git(repo, 'rev-parse', 'HEAD')).trim();
    await write(join(repo, 'CPU.json'), '{"b":1}');
    await commitAll(repo, 'its case twin');

    expect((await readArrivalCommit(repo, 'cpu.json'))?.commit).toBe(cpuCommit);
  });
});

describe('a file name with pathspec characters is that file alone (rev-66c L1: with GIT_LITERAL_PATHSPECS no longer passed through)', () => {
  it('"a[1].json", which git never held, is not committed as it is because "a1.json" is (the pattern matched a1.json)', async () => {
    const repo = await tempDir();
    await write(join(repo, 'a1.json'), '{}');
    await commitAll(repo, 'a1 only');

    expect(await isCommittedAsIs(repo, 'a1.json')).toBe(true);
    expect(await isCommittedAsIs(repo, 'a[1].json')).toBe(false);
  });
});
