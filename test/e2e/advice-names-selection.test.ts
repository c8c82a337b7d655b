import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { dashsync as planDashsync, lines as planLines, panelOutsideProduction } from './plan/plan-fixture.js';
import { commitAll, makeWorkDir } from '../pull/pull-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

// audit-ux-12 U6: with environments, the commands printed as advice dropped --env: pasted as printed, they were refused
// ("choose one with --env NAME"), and the natural guess (the directory's owner) read another Grafana.

const model = (title: string) => ({ uid: 'work', title, schemaVersion: 39, panels: [{ id: 1, type: 'stat', title: 'CPU', gridPos: { x: 0, y: 0, w: 12, h: 8 } }] });

async function editInUi(handle: SandboxHandle, uid: string, description: string): Promise<void> {
  const edited = await fetch(`${handle.url}/__sandbox/ui-edit`, { method: 'POST', body: JSON.stringify({ uid, spec: { description } }) });
  expect(edited.status, await edited.text()).toBe(200);
}

/** The words of the first `dashsync …` command in `text` after `before`, as a shell would split them (they hold no quotes). */
function commandAfter(text: string, before: string): string[] {
  const at = text.indexOf(before);
  expect(at, text).toBeGreaterThanOrEqual(0);
  const command = /dashsync ([^,;()]+?)(?:, then|,|;| to | shows| \(|$)/m.exec(text.slice(at + before.length))![1]!;
  return command.trim().split(' ');
}

describe('advice names the run\'s environment, so it can be pasted as printed', () => {
  it('a conflict of apply --env production, then pull\'s refusal: each command carries --env production, and the one pasted from pull\'s line takes Grafana\'s version', async () => {
    const [staging, production] = await Promise.all([startTestSandbox({ grafanaVersion: '12' }), startTestSandbox({ grafanaVersion: '12' })]);
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    const file = join(dir, 'dashboards/work.json');
    await writeFile(file, `${JSON.stringify(model('Workloads'), null, 2)}\n`);
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ environments: { staging: { url: staging.url }, production: { url: production.url } } }));
    await commitAll(dir, 'add work');
    const env = { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    const cli = (args: string[]) => runCliInProcess(args, { cwd: dir, env });
    expect((await cli(['apply', '--env', 'production', '--auto-approve'])).code).toBe(0);

    await writeFile(file, `${JSON.stringify(model('Workloads (PR)'), null, 2)}\n`);
    await commitAll(dir, 'pr: title');
    expect((await cli(['plan', '--env', 'production', '--out', 'p.json'])).code).toBe(0);
    await editInUi(production, 'work', 'Edited in the Grafana UI');

    const conflict = await cli(['apply', '--env', 'production', 'p.json']);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain(
      '; left untouched. Run dashsync plan --env production to review, dashsync pull --env production work to bring the live edit into the file ' +
        '(it refuses a file that holds a change not applied yet, and says how to merge the two), or dashsync apply --env production --force p.json to overwrite it\n',
    );

    const pulled = await cli(['pull', '--env', 'production']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    const refused = pulled.stdout.split('\n').find((line) => line.startsWith('refused'))!;
    expect(refused).toContain("To merge by hand, run: dashsync pull --env production --force work && git commit -m 'pull work from Grafana' -- dashboards/work.json && git diff ");
    expect(refused).toContain('; to keep yours as it is: dashsync plan --env production shows');
    expect(pulled.stderr).toContain('then run dashsync pull --env production --force work (--force copies');
    expect(pulled.stderr).toContain('To keep yours: dashsync plan --env production shows what apply would overwrite in Grafana');

    // The closing line's command, pasted as printed: it runs, against production.
    const forced = await cli(commandAfter(pulled.stderr, 'To take Grafana\'s version: commit or stash any uncommitted edit (a committed one stays in its commit), then run '));
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8')).description).toBe('Edited in the Grafana UI');
    expect(staging.requests().filter((entry) => entry.method !== 'GET')).toEqual([]);
  });

  it('--org-id and --url given as flags are repeated; a credential never is', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    const file = join(dir, 'dashboards/work.json');
    await writeFile(file, `${JSON.stringify(model('Workloads'), null, 2)}\n`);
    await commitAll(dir, 'add work');
    const token = await handle.createToken('Editor');
    const flags = ['--url', handle.url, '--org-id', '1'];
    const cli = (args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_TOKEN: token } });
    expect((await cli(['apply', ...flags, '--auto-approve'])).code).toBe(0);
    await writeFile(file, `${JSON.stringify(model('Workloads (PR)'), null, 2)}\n`);
    await commitAll(dir, 'pr: title');
    expect((await cli(['plan', ...flags, '--out', 'p.json'])).code).toBe(0);
    await editInUi(handle, 'work', 'Edited in the Grafana UI');

    const conflict = await cli(['apply', ...flags, 'p.json']);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain(`Run dashsync plan --org-id 1 --url ${handle.url} to review, dashsync pull --org-id 1 --url ${handle.url} work to bring the live edit`);
    expect(conflict.stdout + conflict.stderr).not.toContain(token);
  });

  it("apply's flag refusals name the run's environment and plan file (walk-67 L1); the one pasted makes the plan it asked for", async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards/platform'), { recursive: true });
    await writeFile(join(dir, 'dashboards/platform/work.json'), `${JSON.stringify(model('Workloads'), null, 2)}\n`);
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ environments: { staging: { url: handle.url }, production: { url: handle.url } } }));
    await commitAll(dir, 'add work');
    const cli = (args: string[], env: Record<string, string> = {}) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', ...env } });
    expect((await cli(['plan', '--env', 'production', '--out', 'big.json'])).code).toBe(0);
    handle.clearRequests();

    const prune = await cli(['apply', '--env', 'production', 'big.json', '--prune']);
    expect([prune.code, prune.stderr]).toEqual([
      1,
      'error: --prune is decided when planning: the saved plan already lists its deletes; nothing was applied. To prune, make the plan with dashsync plan --env production --prune --out big.json\n',
    ]);
    // The plan's environment, where no --env is given (apply takes it from the plan file).
    const include = await cli(['apply', 'big.json', '--include', 'platform/**']);
    expect(include.stderr).toBe(
      "error: --include is decided when planning: the saved plan applies whole; nothing was applied. Make the plan with dashsync plan --env production --include 'platform/**' --out big.json, or apply it without --include\n",
    );
    const json = await cli(['apply', '--format', 'json'], { DASHSYNC_ENV: 'production' });
    expect(json.stderr).toBe(
      'error: apply --format json cannot ask for confirmation; nothing was applied. Apply a saved plan (dashsync plan --env production --out plan.json, then dashsync apply --env production --format json plan.json), or add --auto-approve\n',
    );
    expect(handle.requests()).toEqual([]);

    const pasted = await cli(prune.stderr.trim().split('make the plan with dashsync ')[1]!.split(' '));
    expect(pasted.code, pasted.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'big.json'), 'utf8'))).toMatchObject({ prune: 'folders', target: { environment: 'production' } });
  });

  it('plan --all-envs: an environment stopped by an error only Grafana shows points at its plan, not at the offline check', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await panelOutsideProduction();

    const planned = await planDashsync(handle, dir, ['plan', '--all-envs']);
    expect(planned.code).toBe(1);
    expect(planLines(planned.stdout)).toContain(
      'dashsync plan for environment production: not planned: 1 error in the dashboards tree; nothing was written to Grafana (listed above; dashsync plan --env production lists them again)',
    );
    // What it points at does list it (check, offline, would not).
    const alone = await planDashsync(handle, dir, ['plan', '--env', 'production']);
    expect(alone.stderr).toContain('(library-panel-outside-selection)');
  });
});
