import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { CLI_PATH, cleanEnv, collectOutput, refuseStaleDist, type CliResult } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { TEST_NODE } from '../helpers/test-node.js';
import { makeWorkDir } from '../pull/pull-fixture.js';
import { runAction } from './run-action.js';

vi.setConfig({ testTimeout: 120_000 });

/** A checkout with two folders of dashboards: team/ (cpu, mem) and other/ (disk). */
async function checkout(): Promise<string> {
  const dir = await makeWorkDir();
  for (const [path, uid] of [['team/cpu.json', 'cpu'], ['team/mem.json', 'mem'], ['other/disk.json', 'disk']] as const) {
    await mkdir(join(dir, 'dashboards', path, '..'), { recursive: true });
    await writeFile(join(dir, 'dashboards', path), canonicalJson({ uid, title: uid.toUpperCase(), schemaVersion: 41, panels: [] }));
  }
  return dir;
}

/** `command` as printed, pasted into a POSIX shell at `cwd` (its first word, dashsync, the built CLI): the shell reads its quoting. */
function pasteInShell(command: string, cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  refuseStaleDist();
  const line = command.replace(/^dashsync /, `'${TEST_NODE}' '${CLI_PATH}' `);
  return collectOutput(spawn('sh', ['-c', line], { cwd, env: cleanEnv(env), stdio: 'pipe' }));
}

// fixo-72: the flags of the `args` input never reached the commands the steps advise. Pasted in a checkout, a check --fix
// read the whole tree where the step read team/ alone, and a restore went through /apis where the step read /api.
describe("the Action's advised commands carry the step's args of selection, API and deletes", () => {
  it('check --fix names the include and exclude of args, quoted, and pasted in a shell checks and repairs what the step did', async () => {
    const dir = await checkout();
    await writeFile(join(dir, 'dashboards/team/no-uid.json'), canonicalJson({ title: 'No uid', panels: [] }));
    // Outside the step's selection: the pasted fix must leave it as it is.
    await writeFile(join(dir, 'dashboards/other/no-uid.json'), canonicalJson({ title: 'Other no uid', panels: [] }));
    const check = await runAction(dir, { command: 'check', args: "--include 'team/*' --exclude '*/mem.json' --verbose" });
    expect(check.code).toBe(1);
    const fix = "dashsync check --include 'team/*' --exclude '*/mem.json' --fix";
    expect(check.stdout).toContain(`in a checkout of this branch, ${fix} repairs it;`);

    const pasted = await pasteInShell(fix, dir);
    expect(pasted.code, pasted.stdout + pasted.stderr).toBe(0);
    expect(pasted.stderr).toContain('fixed dashboards/team/no-uid.json: added uid');
    expect(pasted.stderr).not.toContain('other/no-uid.json');
  });

  it("restore names the step's --api; never its --force, --concurrency or --message", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await checkout();
    const token = await sandbox.createToken('Admin');
    const inputs = { command: 'apply', 'grafana-url': sandbox.url, 'grafana-token': token };
    const push = { GITHUB_EVENT_NAME: 'push' };
    expect((await runAction(dir, inputs, push)).code).toBe(0);

    await rm(join(dir, 'dashboards/team/mem.json'));
    await rm(join(dir, 'dashsync-plan.json'));
    const args = "--api legacy --force --concurrency 2 --message 'deploy by CI' --max-deletes 1";
    const pruned = await runAction(dir, { ...inputs, prune: 'all', args }, push);
    expect(pruned.code, pruned.stdout).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/mem')).status).toBe(404);
    const restore = "dashsync restore --api legacy mem --backup-dir <the artifact's directory>";
    expect(pruned.stdout).toContain(`${restore} puts it back`);
    for (const flag of ['--force', '--concurrency', '--message', '--auto-approve']) expect(pruned.stdout.split('\n').filter((line) => line.includes('dashsync restore'))).not.toContainEqual(expect.stringContaining(flag));

    const pasted = await pasteInShell(restore.replace("<the artifact's directory>", '.dashsync/backups'), dir, { GRAFANA_URL: sandbox.url, GRAFANA_TOKEN: token });
    expect(pasted.code, pasted.stdout + pasted.stderr).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/mem')).status).toBe(200);
  });
});
