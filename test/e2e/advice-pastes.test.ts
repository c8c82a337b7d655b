import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, makeWorkDir } from '../pull/pull-fixture.js';

vi.setConfig({ testTimeout: 120_000 });

// fixn-69: advice that did not paste. Under npx (fixn-68 left them), pull's JSON problems and `plan --all-envs --format json`
// errors said `dashsync …`; a uid that begins with "-" (Grafana's pattern `^[a-zA-Z0-9\-_]*$` allows it) was advised where
// the parser reads it as an option, and could not be named at all.

const NPX = { npm_command: 'exec', npm_lifecycle_event: 'npx' };

/** A `dashsync <command>` not begun with npx: pasted under the README's install, `command not found`. */
const BARE_COMMAND = /(?<![\w-]|npx )dashsync (plan|apply|pull|check|restore|show)\b/;

const text = (value: object) => `${JSON.stringify(value, null, 2)}\n`;
const model = (uid: string, title: string) => ({ uid, title, schemaVersion: 39, panels: [{ id: 1, type: 'stat', title: 'CPU', gridPos: { x: 0, y: 0, w: 12, h: 8 } }] });

describe('run through npx, the JSON advises npx dashsync too', () => {
  it('pull --format json: the problems of a file without a uid', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    await writeFile(join(dir, 'dashboards/no-uid.json'), text({ title: 'No uid', schemaVersion: 39, panels: [] }));
    await commitAll(dir, 'add');
    const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', ...NPX };

    const pulled = await runCliInProcess(['pull', '--format', 'json'], { cwd: dir, env });
    const result = JSON.parse(pulled.stdout.trim().split('\n').at(-1)!);
    const messages = result.problems.map((problem: { message: string }) => problem.message).join('\n');
    expect(messages, pulled.stdout + pulled.stderr).toContain('`npx dashsync check --fix`');
    expect(messages).not.toMatch(BARE_COMMAND);
    // The start line names the output it begins (`"output": "dashsync pull --format json"`), no command to paste.
    expect(pulled.stdout.replace('"output":"dashsync pull --format json"', '') + pulled.stderr).not.toMatch(BARE_COMMAND);
  });

  it('plan --all-envs --format json: an environment\'s errors', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    await writeFile(join(dir, 'dashsync.config.json'), text({ environments: { staging: {}, prod: {} } }));
    await writeFile(join(dir, 'dashboards/no-uid.json'), text({ title: 'No uid', schemaVersion: 39, panels: [] }));
    await commitAll(dir, 'add');
    const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin', ...NPX };

    const planned = await runCliInProcess(['plan', '--all-envs', '--format', 'json'], { cwd: dir, env });
    expect(planned.code).toBe(1);
    const { errors } = JSON.parse(planned.stdout);
    const messages = errors.flatMap((error: { diagnostics?: { message: string }[] }) => (error.diagnostics ?? []).map((diagnostic) => diagnostic.message)).join('\n');
    expect(messages, planned.stdout).toContain('`npx dashsync check --fix`');
    expect(planned.stdout + planned.stderr).not.toMatch(BARE_COMMAND);
  });
});

describe('a uid that begins with "-" (Grafana 12)', () => {
  it('is named after --: pull and restore take it so, refuse it without --, and every command they advise pastes', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'dashboards'));
    const file = join(dir, 'dashboards/dash.json');
    await writeFile(file, text(model('-abc', 'Dash')));
    await commitAll(dir, 'add');
    const env = { GRAFANA_URL: sandbox.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    const run = (args: string[]) => runCliInProcess(args, { cwd: dir, env });
    const applied = await run(['apply', '--auto-approve']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/-abc')).status).toBe(200);

    // Without --: one line, the command to run.
    const refused = await run(['restore', '-abc', '--dry-run']);
    expect([refused.code, refused.stdout, refused.stderr]).toEqual([
      1,
      '',
      'error: unknown option -abc: a uid that begins with "-" goes after --, at the end of the line (if -abc is one): dashsync restore --dry-run -- -abc\n',
    ]);

    // The prune's backup line names the restore that puts it back, as it pastes.
    await rm(file);
    await commitAll(dir, 'remove dash');
    const pruned = await run(['apply', '--prune', 'all', '--auto-approve']);
    expect(pruned.code, pruned.stdout + pruned.stderr).toBe(0);
    const advised = /\((dashsync restore [^()]*-- -abc) puts it back[,)]/.exec(pruned.stdout)?.[1];
    expect(advised, pruned.stdout).toBeDefined();
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/-abc')).status).toBe(404);

    // Pasted, it restores the dashboard.
    const restored = await run(advised!.split(' ').slice(1));
    expect(restored.code, restored.stdout + restored.stderr).toBe(0);
    expect((await apiRequest(sandbox, 'GET', '/api/dashboards/uid/-abc')).status).toBe(200);

    // pull -- -abc writes its file again.
    const pulled = await run(['pull', '--', '-abc']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8')).uid).toBe('-abc');
  });
});

describe('a missing dashboards root', () => {
  it('names the pull that starts it with the run\'s --config and --root: pasted, it writes the tree this run looked for', async () => {
    const dir = await makeWorkDir();
    await mkdir(join(dir, 'ops'));
    await writeFile(join(dir, 'ops/dashsync.json'), text({}));
    const run = await runCliInProcess(['plan', '--config', 'ops/dashsync.json', '--root', 'grafana'], { cwd: dir, env: { GRAFANA_URL: 'http://127.0.0.1:9', GRAFANA_TOKEN: 'unused' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('to start from what your Grafana holds: dashsync pull --config ops/dashsync.json --root grafana)\n');
  });
});
