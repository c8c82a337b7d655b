import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { countGitCalls } from '../../helpers/count-git-calls.js';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { commitAll, git, makeWorkDir } from '../../pull/pull-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

const model = (uid: string, description = '') => ({ uid, title: uid, description, schemaVersion: 39, panels: [] });
const headReads = (calls: string[]) => calls.filter((call) => call.includes('HEAD^{commit}'));

// stop 49 §5: a plan with updates read HEAD in a git process of its own for its not-in-branch check (findNotInBranch), though
// the run had read HEAD's commit already for the plan's header (readGitInfo). pull-49 did the same for apply's source commit.
describe('a plan with updates reads HEAD once', () => {
  it('with the commit read for the plan, where the tree is in that repository; apart where GITHUB_SHA names one or the tree is in another', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    const write = (uid: string, description = '') => writeFile(join(dir, `dashboards/${uid}.json`), `${JSON.stringify(model(uid, description), null, 2)}\n`);
    const cli = (args: string[], env: Record<string, string> = {}) =>
      countGitCalls(() => runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', ...env } }));
    await write('first');
    await write('second');
    await commitAll(dir, 'two dashboards');
    expect((await cli(['apply', '--auto-approve'])).result.code).toBe(0);
    await write('first', 'changed');
    await commitAll(dir, 'first: description');
    const head = (await git(dir, 'rev-parse', 'HEAD')).trim();

    const local = await cli(['plan']);
    expect(local.result.code, local.result.stderr).toBe(0);
    expect(local.result.stdout).toMatch(/^~ update +dashboards\/first\.json/m);
    // main: one `git rev-parse --verify --quiet HEAD^{commit}` for the not-in-branch check.
    expect(headReads(local.calls)).toEqual([]);

    const onRunner = await cli(['plan'], { GITHUB_SHA: head });
    expect(onRunner.result.code, onRunner.result.stderr).toBe(0);
    expect(headReads(onRunner.calls)).toHaveLength(1);
  });

  it('reads the tree\'s own HEAD where the tree is a repository of its own inside the one the plan runs in', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    const tree = join(dir, 'dashboards');
    await mkdir(tree);
    await writeFile(join(dir, 'dashsync.config.json'), `${JSON.stringify({ root: 'dashboards' }, null, 2)}\n`);
    await commitAll(dir, 'config');
    await git(tree, 'init', '-q');
    const write = (uid: string, description = '') => writeFile(join(tree, `${uid}.json`), `${JSON.stringify(model(uid, description), null, 2)}\n`);
    const cli = (args: string[]) => countGitCalls(() => runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } }));
    await write('first');
    await commitAll(tree, 'first');
    expect((await cli(['apply', '--auto-approve'])).result.code).toBe(0);
    await write('first', 'changed');
    await commitAll(tree, 'first: description');

    const planned = await cli(['plan']);
    expect(planned.result.code, planned.result.stderr).toBe(0);
    expect(planned.result.stdout).toMatch(/^~ update +\S*first\.json/m);
    expect(headReads(planned.calls)).toHaveLength(1);
  });
});
