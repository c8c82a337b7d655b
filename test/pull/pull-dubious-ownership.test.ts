import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { refuseOwnership } from '../helpers/refuse-ownership.js';
import { commitAndApplyTwo, dashsync, editInUi } from './pull-fixture.js';

// pull-check-53: runGit names a repository git refuses as another user's (pull-check-52), but no test showed what pull says
// then: git gives no evidence, so pull cannot tell a local edit from a committed file.
describe('pull in a repository git refuses as another user\'s (dubious ownership; real git, real ownership as root)', () => {
  let handle: SandboxHandle;
  beforeAll(async () => {
    handle = await startTestSandbox();
  });

  it("refuses a file Grafana changed, naming git's refusal and git's own line that trusts the repository; trusted, git decides again", async () => {
    const { dir, file } = await commitAndApplyTwo(handle);
    const edited = (await readFile(file, 'utf8')).replace('"Workloads"', '"Workloads, edited in git"');
    await writeFile(file, edited);
    await editInUi(handle, 'work', 'edited in the UI');
    const globalConfig = await refuseOwnership(dir);

    const refused = await dashsync(handle, dir, ['pull']);

    expect(refused.code).toBe(1);
    const trust = `git config --global --add safe.directory ${dir}`;
    expect(refused.stdout + refused.stderr).toContain(
      `pull cannot tell whether this file holds edits of yours (git refused the repository: dubious ownership, it belongs to another user (${trust}))`,
    );
    expect(await readFile(file, 'utf8')).toBe(edited);

    // What the line advises: with the repository trusted, git tells the uncommitted edit apart.
    await appendFile(globalConfig, `[safe]\n\tdirectory = ${dir}\n`);
    const trusted = await dashsync(handle, dir, ['pull']);
    expect(trusted.code).toBe(1);
    expect(trusted.stdout + trusted.stderr).toContain('changed here (not committed) and in Grafana');
    expect(trusted.stdout + trusted.stderr).not.toContain('dubious ownership');
  });
});
