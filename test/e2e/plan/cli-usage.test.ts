import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliInProcess } from '../../helpers/run-cli.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { copyFixture, lines } from './plan-fixture.js';

/** The option names a command's --help lists. */
async function helpOptions(command: string): Promise<string[]> {
  const help = await runCli([command, '--help']);
  expect(help.code).toBe(0);
  return [...help.stdout.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((match) => match[1]!);
}

describe('the command line itself', () => {
  it('a bare dashsync prints the usage and says what is missing (exit 1)', async () => {
    const bare = await runCli([]);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toMatch(/^dashsync <command>\n\nCommands:\n {2}dashsync plan/);
    expect(bare.stderr).toContain('  dashsync pull [uids..]');
    expect(bare.stderr).toContain('  dashsync restore <uids..>');
    expect(lines(bare.stderr).at(-1)).toBe('error: Name a command: plan, apply, check, pull, restore, show or sandbox.');
    expect(bare.code).toBe(1);
  });

  it('an unknown command is named, with the commands; restore and pull help say what their uids are', async () => {
    const bogus = await runCli(['bogus']);
    expect([bogus.code, bogus.stdout, bogus.stderr]).toEqual([1, '', 'error: unknown command bogus: plan, apply, check, pull, restore, show or sandbox\n']);
    const restoreHelp = (await runCli(['restore', '--help'])).stdout;
    expect(restoreHelp).toMatch(/^dashsync restore <uids\.\.>\n/);
    expect(restoreHelp).toMatch(/^ {2}uids +Uids of dashboards or library panels to restore \(at least one, or --all\) +\[array\]$/m);
    expect(restoreHelp).not.toContain('[default:');
    // The top-level list says the uids are required, as restore --help does; restore's own line still answers none.
    expect((await runCli(['--help'])).stdout).toMatch(/^ {2}dashsync restore <uids\.\.> /m);
    const noUid = await runCli(['restore']);
    expect([noUid.code, noUid.stdout, noUid.stderr]).toEqual([1, '', 'error: name at least one uid to restore: dashsync restore <uid…> (or --all: every uid backed up and absent in Grafana)\n']);
    const pullHelp = (await runCli(['pull', '--help'])).stdout;
    expect(pullHelp).toContain('Only these dashboards or library panels (by uid)');
    expect(pullHelp).not.toContain('[default:');
    // walk-70 L5: a server has no run of alike warnings: sandbox's help does not list --verbose.
    expect((await runCli(['sandbox', '--help'])).stdout).not.toContain('--verbose');
    const checkHelp = (await runCli(['check', '--help'])).stdout;
    expect(checkHelp).toContain('Only report on these files');
    expect(checkHelp).not.toContain('[default:');
    // plan deletes nothing: its --prune plans the deletion; apply's deletes.
    expect((await runCli(['plan', '--help'])).stdout).toMatch(/--prune\s+Plan\s+the\s+deletion\s+of\s+live\s+dashboards\s+that\s+have\s+no\s+file/);
    expect((await runCli(['apply', '--help'])).stdout).toMatch(/--prune\s+Delete\s+live\s+dashboards\s+that\s+have\s+no\s+file/);
    expect((await runCli(['apply', '--help'])).stdout).toMatch(/--max-deletes\s+Refuse\s+a\s+plan\s+that\s+deletes\s+more\s+dashboards\s+and\s+library\s+panels\s+\(counted\s+together;\s+empty\s+folders\s+are\s+not\s+counted\)\s+than\s+this/);
    expect((await runCli(['plan', '--help'])).stdout).toMatch(/--max-deletes\s+Warn\s+when\s+the\s+plan\s+deletes\s+more\s+dashboards\s+and\s+library\s+panels\s+\(counted\s+together;\s+empty\s+folders\s+are\s+not\s+counted\)/);
    expect((await runCli(['pull', '--help'])).stdout).toMatch(/--max-deletes\s+Refuse\s+a\s+--prune\s+that\s+would\s+delete\s+more\s+dashboard\s+and\s+library\s+panel\s+files\s+than\s+this/);
    // review-55 F2: --auto-approve no longer overwrites edits made in Grafana; --force is what does, in an apply no one reviews.
    expect((await runCli(['apply', '--help'])).stdout).toMatch(/--auto-approve\s+Without\s+a\s+plan\s+file,\s+on\s+a\s+terminal:\s+apply\s+without\s+asking,\s+deletes\s+included;\s+no\s+one\s+reviews\s+that\s+plan,\s+so\s+an\s+edit\s+made\s+in\s+Grafana\s+it\s+would\s+overwrite\s+\(drift\)\s+is\s+kept\s+as\s+a\s+conflict\s+unless\s+--force/);
    expect((await runCli(['apply', '--help'])).stdout).toMatch(/--force\s+Overwrite\s+dashboards\s+that\s+changed\s+in\s+Grafana\s+since\s+the\s+plan,\s+and,\s+in\s+an\s+apply\s+without\s+a\s+plan\s+file\s+that\s+asks\s+no\s+one\s+\(--auto-approve,\s+no\s+terminal\),\s+edits\s+made\s+in\s+Grafana\s+\(drift\)/);
    // walk-through 19 F-7, F-11: the backups' default with environments, and what check --env really narrows.
    expect((await runCli(['apply', '--help'])).stdout).toMatch(/--backup-dir\s+Where\s+prune\s+writes\s+the\s+live\s+JSON\s+before\s+each\s+delete\s+\(default\s+\.dashsync\/backups;\s+\.dashsync\/backups\/<env>\s+with\s+an\s+environment\)/);
    expect(restoreHelp).toMatch(/--backup-dir\s+Where\s+prune\s+wrote\s+backups\s+\(default\s+\.dashsync\/backups;\s+\.dashsync\/backups\/<env>\s+with\s+an\s+environment\)/);
    expect(checkHelp).toMatch(/--env\s+Check\s+the\s+tree\s+as\s+this\s+environment's\s+plan\s+reads\s+it:\s+its\s+include\/exclude,\s+inputs\s+and,\s+when\s+it\s+prunes,\s+the\s+uid\s+of\s+every\s+file\s+it\s+leaves\s+out/);
  });

  it('--help lists --no-prune where prune is, and no option the command ignores', async () => {
    expect((await runCli(['plan', '--help'])).stdout).toMatch(/--no-prune\s+turns\s+off\s+"prune"\s+from\s+the\s+config\s+file/);
    expect((await runCli(['apply', '--help'])).stdout).toContain('--no-prune');
    expect(await helpOptions('restore')).toEqual(['--verbose', '--version', '--config', '--env', '--url', '--org-id', '--timeout', '--api', '--ca-cert', '--insecure', '--all', '--deleted-since', '--dry-run', '--backup-dir', '--backup-source', '--folder', '--from-backup', '--over-recently-deleted', '--interrupt-grace', '--format', '--help']);
    expect(await helpOptions('check')).not.toContain('--color');
    const pull = await helpOptions('pull');
    for (const ignored of ['--color', '--include', '--exclude']) expect(pull).not.toContain(ignored);
    expect(await helpOptions('plan')).toContain('--color');
    const refused = await runCli(['restore', 'some-uid', '--root', 'dashboards']);
    expect([refused.code, refused.stderr]).toEqual([1, 'error: unknown option --root (see dashsync restore --help)\n']);
  });

  it("--help follows the user's locale (yargs' words); errors are dashsync's, in English like every other (LC_ALL=de_DE.UTF-8)", async () => {
    const german = { LC_ALL: 'de_DE.UTF-8' };
    const unknown = await runCli(['plan', '--frobnicate'], { env: german });
    expect([unknown.code, unknown.stdout, unknown.stderr]).toEqual([1, '', 'error: unknown option --frobnicate (see dashsync plan --help)\n']);
    const help = await runCli(['plan', '--help'], { env: german });
    expect(help.stdout).toMatch(/^Optionen:$/m);
    expect(help.stdout).toMatch(/^ {2}-h, --help +Hilfe anzeigen +\[boolean\]$/m);
  });

  it('a flag missing its value, or given a wrong choice, is one usage line; nothing is planned or saved', async () => {
    const dir = await copyFixture('basic');
    const env = { GRAFANA_URL: 'http://127.0.0.1:9', GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    for (const [args, line] of [
      [['plan', '--out'], 'error: --out needs a value\n'],
      [['plan', '--concurrency'], 'error: --concurrency needs a value\n'],
      [['apply', '--message'], 'error: --message needs a value\n'],
      [['apply', '--max-deletes', '--force'], 'error: --max-deletes needs a value\n'],
      [['plan', '--api', 'apis'], 'error: --api takes "auto", "legacy" or "k8s", not "apis"\n'],
      [['plan', '--api'], 'error: --api needs a value: "auto", "legacy" or "k8s"\n'],
      [['apply', '--delete-mode', 'purge'], 'error: --delete-mode takes "soft" or "hard", not "purge"\n'],
    ] as const) {
      const result = await runCliInProcess([...args], { cwd: dir, env });
      expect([result.code, result.stdout, result.stderr]).toEqual([1, '', line]);
    }
  });

  it("an unknown option is named as typed (no camelCase twin), with a did-you-mean for a near miss; --all-envs off plan says why", async () => {
    const dir = await copyFixture('basic');
    const env = { GRAFANA_URL: 'http://127.0.0.1:9', GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    for (const [args, line] of [
      [['plan', '--frobnicate-me'], 'error: unknown option --frobnicate-me (see dashsync plan --help)\n'],
      [['plan', '--concurency', '4'], 'error: unknown option --concurency (did you mean --concurrency?)\n'],
      [['plan', '-x'], 'error: unknown option -x (see dashsync plan --help)\n'],
      [['plan', 'extra'], 'error: unexpected argument "extra" (see dashsync plan --help)\n'],
      [['plan', '--', 'extra'], 'error: unexpected argument "extra" (see dashsync plan --help)\n'],
      [['apply', '--all-envs'], 'error: --all-envs is for plan only: apply runs against one environment; choose it with --env NAME (or DASHSYNC_ENV)\n'],
      [['pull', '--all-envs'], 'error: --all-envs is for plan only: pull runs against one environment; choose it with --env NAME (or DASHSYNC_ENV)\n'],
      [['check', '--all-envs'], 'error: --all-envs is for plan only: check without --env already checks every environment of dashsync.config.json (leave --all-envs out)\n'],
    ] as const) {
      const result = await runCliInProcess([...args], { cwd: dir, env });
      expect([result.code, result.stdout, result.stderr]).toEqual([1, '', line]);
    }
  });

  it('a file named like an option is never one: --fix.json is refused as an option, and is a file name after -- or in the hook\'s --pre-commit line', async () => {
    const dir = await copyFixture('basic');
    const file = join(dir, 'dashboards', 'with-id.json');
    const withId = `${JSON.stringify({ id: 5, panels: [], schemaVersion: 39, tags: [], title: 'With id', uid: 'with-id' }, null, 2)}\n`;
    await writeFile(file, withId);
    await writeFile(join(dir, '--fix.json'), '{ "a": 1 }\n');

    const asOption = await runCliInProcess(['check', '--fix.json'], { cwd: dir });
    expect([asOption.code, asOption.stderr]).toEqual([1, 'error: unknown option --fix.json (see dashsync check --help)\n']);
    const grouped = await runCliInProcess(['check', '-v.json'], { cwd: dir });
    expect([grouped.code, grouped.stderr]).toEqual([1, 'error: unknown option -v.json (see dashsync check --help)\n']);
    const valued = await runCliInProcess(['check', '--fix=json'], { cwd: dir });
    expect([valued.code, valued.stderr]).toEqual([1, 'error: --fix takes no value (write just --fix)\n']);
    const afterDashes = await runCliInProcess(['check', '--', '--fix.json', 'dashboards/with-id.json'], { cwd: dir });
    expect(afterDashes.stderr).toContain('check: 1 dashboard, 0 errors, 1 warning');
    const hook = await runCliInProcess(['check', '--pre-commit', '--fix.json', 'dashboards/with-id.json'], { cwd: dir });
    expect(hook.stderr).toContain('check: 1 dashboard, 0 errors, 1 warning');
    expect(await readFile(file, 'utf8')).toBe(withId);

    const hookArgs = await runCliInProcess(['check', '--pre-commit', '--fix', '--root', 'dashboards', '--fix.json', 'dashboards/with-id.json'], { cwd: dir });
    expect(hookArgs.stderr).toContain('fixed dashboards/with-id.json: removed id');
    expect(hookArgs.code).toBe(0);
  });

  it('no credentials: a note says so first; a 401 says Grafana refused anonymous access', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    // An empty GRAFANA_TOKEN is no token, and the note names it (env-54: a CI secret the job cannot read arrives empty).
    const emptyNote = '; GRAFANA_TOKEN is set but empty: a CI secret the job cannot read, or one not defined, arrives as ""';
    for (const [env, note] of [[{ GRAFANA_URL: handle.url }, ''], [{ GRAFANA_URL: handle.url, GRAFANA_TOKEN: '' }, emptyNote]] as const) {
      const result = await runCliInProcess(['plan'], { cwd: dir, env });
      const [first, ...rest] = lines(result.stderr);
      expect(first).toBe(`note: no credentials set (GRAFANA_TOKEN, or GRAFANA_USER and GRAFANA_PASSWORD${note}): using anonymous access`);
      expect(rest.at(-1)).toMatch(
        /^error: GET \S+ failed: HTTP 401: .* \(Grafana refused anonymous access: no credentials were set; set GRAFANA_TOKEN to a service account token, or GRAFANA_USER and GRAFANA_PASSWORD\)$/,
      );
      expect(result.code).toBe(1);
    }
  });

  it('no URL and no credentials: the missing URL alone, no note of an anonymous access that never happens (walk-67 L4)', async () => {
    const dir = await copyFixture('basic');
    const result = await runCliInProcess(['plan'], { cwd: dir });
    expect([result.code, result.stderr]).toEqual([1, 'error: no Grafana URL: set GRAFANA_URL or --url\n']);
  });

  it('a numeric flag given something that is not a number echoes what was typed; a number is taken as before', async () => {
    const dir = await copyFixture('basic');
    const env = { GRAFANA_URL: 'http://127.0.0.1:9', GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    for (const [args, line] of [
      [['plan', '--timeout', 'abc'], 'error: --timeout must be a number of seconds greater than 0, got "abc"\n'],
      [['plan', '--timeout', '1e999'], 'error: --timeout must be a number of seconds greater than 0, got "1e999"\n'],
      [['plan', '--timeout=-2'], 'error: --timeout must be a number of seconds greater than 0, got -2\n'],
      [['plan', '--concurrency', 'lots'], 'error: --concurrency must be an integer from 1 to 256, got "lots"\n'],
      [['plan', '--concurrency', '2.5'], 'error: --concurrency must be an integer from 1 to 256, got 2.5\n'],
      [['plan', '--org-id', 'main'], 'error: --org-id must be a positive integer, got "main"\n'],
      [['apply', '--max-deletes', 'ten'], 'error: --max-deletes must be an integer of 0 or more, got "ten"; nothing was applied\n'],
      [['apply', '--interrupt-grace', '5s'], 'error: --interrupt-grace must be a number of seconds from 0 to 3600, got "5s"; nothing was applied\n'],
    ] as const) {
      const result = await runCliInProcess([...args], { cwd: dir, env });
      expect([result.code, result.stdout, result.stderr]).toEqual([1, '', line]);
    }
    expect((await runCli(['plan', '--help'])).stdout).toMatch(/--timeout +Seconds before one request to Grafana gives up \(default 30\) +\[number\]/);
  });

  it('a URL missing Grafana\'s sub-path: one line asking whether it is Grafana, for plan and pull alike', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    const env = { GRAFANA_URL: `${handle.url}/grafana`, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' };
    const hint = ' (is the URL that of Grafana? One served under a sub-path needs it in the URL: https://example.com/grafana)\n';

    const plan = await runCliInProcess(['plan'], { cwd: dir, env });
    expect([plan.code, plan.stdout, plan.stderr]).toEqual([1, '', `error: GET /api/health failed: HTTP 404: non-JSON response: Not found${hint}`]);
    const pull = await runCliInProcess(['pull', '--dry-run'], { cwd: dir, env });
    expect(pull.code).toBe(1);
    expect(pull.stderr).toMatch(/^error: GET \/api\/search\?[^\n]* failed: HTTP 404: non-JSON response: Not found \(is the URL that of Grafana\?/);
    expect(pull.stderr.endsWith(hint)).toBe(true);
  });

  it('https:// to a plain-HTTP port is one line that says what to change', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    const url = handle.url.replace('http://', 'https://');

    const result = await runCli(['plan'], { cwd: dir, env: { GRAFANA_URL: url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });

    expect(result.stderr).toBe(
      'error: GET /api/health failed: no response: the server does not speak TLS on this port (ERR_SSL_WRONG_VERSION_NUMBER): the URL says https://, is it http://?\n',
    );
    expect(result.code).toBe(1);
  });

  it('a config url with credentials is refused even when GRAFANA_URL overrides it; nothing reaches Grafana', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const dir = await copyFixture('basic');
    await writeFile(join(dir, 'dashsync.config.json'), JSON.stringify({ url: 'https://admin:hunter2@grafana.example.com', inputs: { DS_PROMETHEUS: 'prom-main' } }));

    const result = await runCli(['plan'], { cwd: dir, env: { GRAFANA_URL: handle.url, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'admin' } });

    expect(result.stderr).toBe(
      'error: dashsync.config.json:1:8: "url" must not contain credentials (user:password@): set GRAFANA_TOKEN, or GRAFANA_USER and GRAFANA_PASSWORD\n',
    );
    expect(result.code).toBe(1);
    expect(handle.requests()).toEqual([]);
  });
});
