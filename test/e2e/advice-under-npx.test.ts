import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';
import { startTestSandbox } from '../helpers/sandbox.js';
import { appliedExample } from '../helpers/applied-example.js';
import { commitAll, editInUi, makeWorkDir } from '../pull/pull-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

// walk-67 M1: installed as the README says (a devDependency, run as `npx dashsync …`), dashsync is on no PATH, so advice
// printed as `dashsync apply plan.json` was `command not found` when pasted. npx (and npm exec) set these two variables.
const NPX = { npm_command: 'exec', npm_lifecycle_event: 'npx' };

/** A `dashsync <command>` not begun with npx: pasted under the README's install, `command not found`. */
const BARE_COMMAND = /(?<![\w-]|npx )dashsync (plan|apply|pull|check|restore|show)\b/;

const model = (title: string, extra: Record<string, unknown> = {}) => ({ uid: 'work', title, schemaVersion: 39, panels: [{ id: 1, type: 'stat', title: 'CPU', gridPos: { x: 0, y: 0, w: 12, h: 8 } }], ...extra });

describe('run through npx, every command printed as advice begins npx dashsync', () => {
  it('plan\'s "apply it with", a conflict\'s plan and pull, pull\'s merge recipe; the saved plan records none of it', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    const file = join(dir, 'dashboards/work.json');
    await writeFile(file, `${JSON.stringify(model('Workloads'), null, 2)}\n`);
    await commitAll(dir, 'add work');
    const credentials = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    const npx = (args: string[]) => runCliInProcess(args, { cwd: dir, env: { ...credentials, ...NPX } });
    expect((await npx(['apply', '--auto-approve'])).code).toBe(0);

    await writeFile(file, `${JSON.stringify(model('Workloads (PR)'), null, 2)}\n`);
    await commitAll(dir, 'pr: title');
    const planned = await npx(['plan', '--out', 'p.json']);
    expect(planned.stderr).toBe('Saved the plan to p.json; apply it with: npx dashsync apply p.json\n');
    const saved = await readFile(join(dir, 'p.json'), 'utf8');
    expect(JSON.parse(saved).selection).toBeUndefined();
    expect(saved).not.toContain('npx');

    await editInUi(sandbox, 'work', 'Edited in the Grafana UI');
    const conflict = await npx(['apply', 'p.json']);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain('; left untouched. Run npx dashsync plan to review, npx dashsync pull work to bring the live edit into the file');
    expect(conflict.stdout + conflict.stderr).not.toMatch(BARE_COMMAND);

    const pulled = await npx(['pull']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(1);
    const refused = pulled.stdout.split('\n').find((line) => line.startsWith('refused'))!;
    expect(refused).toContain("To merge by hand, run: npx dashsync pull --force work && git commit -m 'pull work from Grafana' -- dashboards/work.json && git diff ");
    expect(refused).toContain('; to keep yours as it is: npx dashsync plan shows');
    expect(pulled.stdout + pulled.stderr).not.toMatch(BARE_COMMAND);

    // The same pull from a shell with dashsync on its PATH words it so.
    const plain = await runCliInProcess(['pull'], { cwd: dir, env: credentials });
    expect(plain.stdout).toContain('To merge by hand, run: dashsync pull --force work && git commit');
    expect(plain.stdout).not.toContain('npx');
  });

  it('refusals: apply\'s flags, a missing plan file, restore without a uid, a missing dashboards root', async () => {
    const dir = await makeWorkDir();
    const npx = (args: string[]) => runCliInProcess(args, { cwd: dir, env: { GRAFANA_URL: 'http://127.0.0.1:9', GRAFANA_TOKEN: 'unused', ...NPX } });

    const prune = await npx(['apply', 'p.json', '--prune']);
    expect(prune.code).toBe(1);
    expect(prune.stderr).toContain('To prune, make the plan with npx dashsync plan --prune --out p.json');
    expect((await npx(['show', 'gone.json'])).stderr).toBe('error: plan file gone.json not found; make one with: npx dashsync plan --out gone.json\n');
    expect((await npx(['restore'])).stderr).toContain('name at least one uid to restore: npx dashsync restore <uid…>');
    expect((await npx(['check'])).stderr).toContain('to start from what your Grafana holds: npx dashsync pull)');
  });

  it('check: the check --fix and pull its findings advise, and what --fix says of a new uid', async () => {
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    // No uid, and not canonical (one line): two findings, each naming a command.
    await writeFile(join(dir, 'dashboards/a.json'), JSON.stringify({ title: 'A', panels: [] }));
    const npx = (args: string[]) => runCliInProcess(args, { cwd: dir, env: NPX });

    const checked = await npx(['check']);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('`npx dashsync pull` writes it with its uid');
    expect(checked.stdout).toContain('run `npx dashsync check --fix` to');
    expect(checked.stdout + checked.stderr).not.toMatch(BARE_COMMAND);

    const json = await npx(['check', '--format', 'json']);
    expect(json.stdout).toContain('run `npx dashsync check --fix` to');

    const fixed = await npx(['check', '--fix']);
    expect(fixed.stderr).toContain('npx dashsync pull writes it with its uid');
    expect(fixed.stdout + fixed.stderr).not.toMatch(BARE_COMMAND);
  });

  it('prune\'s backup line: the restore that puts the dashboard back', async () => {
    const { workspace } = await appliedExample({ grafanaVersion: '12' });
    await rm(join(workspace.dir, 'dashboards/platform/databases/redis.json'));
    const applied = await workspace.cli(['apply', '--prune'], NPX);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/\(npx dashsync restore redis-exporter[^()]* puts it back(?:, as does npx dashsync restore --all --deleted-since \S+)?\)/);
    // The plan's heading names the command that made it, no command to paste.
    expect(applied.stdout.replace(/^dashsync plan for .*\n/, '') + applied.stderr).not.toMatch(BARE_COMMAND);
  });
});
