import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { runCliInProcess, type CliResult } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, lines, makeWorkDir } from './pull-fixture.js';

// walk-57: a dashboard committed and not applied yet is "only in git" too (its dashboard is not in Grafana). The line
// said "Pull with --prune to delete them", which is no command to paste with environments and deletes the new file; it
// now names both ways as commands, with the run's --env: pull --prune for what was deleted in Grafana, apply for new files.

let handle: SandboxHandle;
beforeAll(async () => {
  handle = await startTestSandbox({ grafanaVersion: '13' });
});
afterAll(() => handle.close());

const model = { uid: 'brand-new', title: 'Brand new', schemaVersion: 41, panels: [] };

describe('pull: a committed dashboard not applied yet, with environments', () => {
  it("the only-in-git line's commands carry --env, and its apply, pasted, creates the dashboard", async () => {
    const work = await makeWorkDir();
    await writeFile(join(work, 'dashsync.config.json'), `${JSON.stringify({ environments: { staging: { url: handle.url }, production: { url: 'http://127.0.0.1:9', include: ['other'] } } })}\n`);
    await mkdir(join(work, 'dashboards', 'team'), { recursive: true });
    await writeFile(join(work, 'dashboards', 'team', 'brand-new.json'), `${JSON.stringify(model, null, 2)}\n`);
    await commitAll(work, 'a new dashboard');
    const cli = (args: string[]): Promise<CliResult> => runCliInProcess(args, { cwd: work, env: { GRAFANA_USER_STAGING: 'admin', GRAFANA_PASSWORD_STAGING: 'admin' } });

    const pulled = await cli(['pull', '--env', 'staging']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(lines(pulled.stdout)).toContain(
      '1 file only in git: its dashboard is not in Grafana. Deleted there: dashsync pull --env staging --prune deletes the file (git keeps it); ' +
        'new, not applied yet: dashsync apply --env staging creates it.',
    );
    const apply = /new, not applied yet: dashsync (.*) creates it\./.exec(pulled.stdout)![1]!.split(' ');
    const applied = await cli([...apply, '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/brand-new')).status).toBe(200);

    const again = await cli(['pull', '--env', 'staging']);
    expect(again.stdout).not.toContain('only in git');
  });

  // stop 73 §8.6: a file production deploys too is kept by --prune (fixw-73), so the hint's prune half is not said of it; its
  // apply half is true all the same (a create not applied to staging yet), and is said.
  it('a file another environment deploys too: no pull --prune half, the apply half with --env, which pasted creates it', async () => {
    const work = await makeWorkDir();
    await writeFile(join(work, 'dashsync.config.json'), `${JSON.stringify({ environments: { staging: { url: handle.url }, production: { url: 'http://127.0.0.1:9' } } })}\n`);
    await mkdir(join(work, 'dashboards', 'shared'), { recursive: true });
    await writeFile(join(work, 'dashboards', 'shared', 'common.json'), `${JSON.stringify({ ...model, uid: 'shared-new', title: 'Shared new' }, null, 2)}\n`);
    await commitAll(work, 'a new shared dashboard');
    const cli = (args: string[]): Promise<CliResult> => runCliInProcess(args, { cwd: work, env: { GRAFANA_USER_STAGING: 'admin', GRAFANA_PASSWORD_STAGING: 'admin' } });

    const pulled = await cli(['pull', '--env', 'staging']);

    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    const out = lines(pulled.stdout);
    expect(out).toContain(
      'only in git  dashboards/shared/common.json (uid shared-new is not in Grafana; environment production deploys this file too, and its Grafana may still hold it: --prune keeps it)',
    );
    expect(out).toContain(
      '1 file only in git that another environment deploys too (--prune keeps it: its line says why): its dashboard is not in Grafana. New, not applied yet: dashsync apply --env staging creates it.',
    );
    expect(pulled.stdout).not.toContain('--prune deletes');
    const apply = /New, not applied yet: dashsync (.*) creates it\./.exec(pulled.stdout)![1]!.split(' ');
    const applied = await cli([...apply, '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect((await apiRequest(handle, 'GET', '/api/dashboards/uid/shared-new')).status).toBe(200);
    expect((await cli(['pull', '--env', 'staging'])).stdout).not.toContain('only in git');
  });
});
