import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startRewritingProxy } from '../../helpers/rewriting-proxy.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { pasteInShell } from '../../helpers/paste-in-shell.js';
import { exampleWorkspace } from '../apply/workspace.js';
import { urlSha256 } from '../../../src/config/url-sha256.js';

vi.setConfig({ testTimeout: 60_000 });

/** A token pasted into the URL's path (a copy-paste slip, or a proxy that serves Grafana under a secret path) is the run's credential all the same. */
describe('the run\'s own credential in the Grafana URL is never printed or saved', () => {
  it('behind a proxy serving Grafana under /<token>: the plan header, the saved plan, markdown and json show [redacted]', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    // Not Grafana: a reverse proxy that serves it under the sub-path /<token>.
    const proxy = await startRewritingProxy(sandbox.url, { request: (path) => path.replace(`/${token}`, ''), answer: (body) => body });
    const workspace = await exampleWorkspace(sandbox);
    const env = { GRAFANA_URL: `${proxy.url}/${token}`, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined, GRAFANA_TOKEN: token };

    const text = await workspace.cli(['plan', '--out', 'p.json'], env);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]!.split(' through /api')[0]).toBe(`dashsync plan for ${proxy.url}/[redacted] (org 1, from the credentials)`);
    const saved = await readFile(join(workspace.dir, 'p.json'), 'utf8');
    expect(JSON.parse(saved).target.url).toBe(`${proxy.url}/[redacted]`);
    const markdown = await workspace.cli(['plan', '--format', 'markdown'], env);
    expect(markdown.stdout).toContain(`Target: \`${proxy.url}/[redacted]\` (org 1, from the credentials) through /api`);
    const json = await workspace.cli(['plan', '--format', 'json'], env);
    expect(JSON.parse(json.stdout).target.url).toBe(`${proxy.url}/[redacted]`);
    for (const output of [text.stdout, text.stderr, saved, markdown.stdout, markdown.stderr, json.stdout, json.stderr]) expect(output).not.toContain(token);

    // The saved plan applies: its target is compared with this run's URL as shown.
    const applied = await workspace.cli(['apply', 'p.json'], env);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(applied.stdout).not.toContain(token);
  });

  it('--url holding the token percent-encoded: the saved plan\'s selection and the command it advises show [redacted], and the plan applies with the URL given again', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    // As no variable gives it (`_` as %5F): the advice cannot name GRAFANA_TOKEN for it (fixo-68).
    const encoded = token.replaceAll('_', '%5F');
    const proxy = await startRewritingProxy(sandbox.url, { request: (path) => path.replace(`/${encoded}`, ''), answer: (body) => body });
    const workspace = await exampleWorkspace(sandbox);
    const env = { GRAFANA_URL: undefined, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined, GRAFANA_TOKEN: token };
    const url = `${proxy.url}/${encoded}`;

    const planned = await workspace.cli(['plan', '--url', url, '--out', 'p.json'], env);
    expect(planned.code).toBe(0);
    expect(planned.stderr).toBe(
      `Saved the plan to p.json; apply it with: dashsync apply --url '${proxy.url}/[redacted]' p.json\n` +
        'The --url in that command shows its secret part as [redacted]: give the URL as you did (or set GRAFANA_URL to it and leave --url out)\n',
    );
    const saved = await readFile(join(workspace.dir, 'p.json'), 'utf8');
    expect(JSON.parse(saved).selection.urlFlag).toBe(`${proxy.url}/[redacted]`);
    const shown = await workspace.cli(['show', 'p.json'], env);
    for (const output of [planned.stdout, saved, shown.stdout, shown.stderr]) expect(output).not.toContain(token);
    for (const output of [planned.stdout, planned.stderr, saved, shown.stdout, shown.stderr]) expect(output).not.toContain(encoded);

    // apply plan.json takes its Grafana from this run (--url), not from the plan: the plan's URL digest says it is the same one.
    const applied = await workspace.cli(['apply', '--url', url, 'p.json'], env);
    expect([applied.code, applied.stderr]).toEqual([0, '']);
    expect(applied.stdout).toContain('Applied: 7 created');
    expect(applied.stdout).not.toContain(token);
    expect(applied.stdout).not.toContain(encoded);
    // Pasted as printed, the command reaches no Grafana under the secret path, and says so without writing.
    const pasted = await workspace.cli(['apply', '--url', `${proxy.url}/[redacted]`, 'p.json'], env);
    expect(pasted.code).toBe(1);
    expect(pasted.stdout + pasted.stderr).not.toContain(token);
  });

  it('--url holding GRAFANA_TOKEN\'s token: the advised command names the variable, and works pasted into a shell (fixo-68)', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    const proxy = await startRewritingProxy(sandbox.url, { request: (path) => path.replace(`/${token}`, ''), answer: (body) => body });
    const workspace = await exampleWorkspace(sandbox);
    const env = { GRAFANA_URL: undefined, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined, GRAFANA_TOKEN: token };

    // As typed: dashsync plan --url "http://…/$GRAFANA_TOKEN" --out p.json
    const planned = await workspace.cli(['plan', '--url', `${proxy.url}/${token}`, '--out', 'p.json'], env);
    expect(planned.code).toBe(0);
    expect(planned.stderr).toBe(`Saved the plan to p.json; apply it with: dashsync apply --url "${proxy.url}/\${GRAFANA_TOKEN}" p.json\n`);
    const saved = await readFile(join(workspace.dir, 'p.json'), 'utf8');
    expect(JSON.parse(saved).selection.urlFlag).toBe(`${proxy.url}/[redacted]`);
    // apply's refusal before any setting is read advises so too (it printed the token before).
    const refused = await workspace.cli(['apply', '--url', `${proxy.url}/${token}`, 'p.json', '--prune'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`To prune, make the plan with dashsync plan --url "${proxy.url}/\${GRAFANA_TOKEN}" --prune --out p.json`);
    for (const output of [planned.stdout, planned.stderr, saved, refused.stdout, refused.stderr]) expect(output).not.toContain(token);

    const command = /apply it with: (.*)$/m.exec(planned.stderr)![1]!;
    const pasted = await pasteInShell(sandbox, workspace.dir, command, '', env);
    expect([pasted.code, pasted.stderr]).toEqual([0, '']);
    expect(pasted.stdout).toContain('Applied: 7 created');
  });

  it('--url "$GRAFANA_URL" holding the token: the advised command leaves --url out (fixo-68)', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    const proxy = await startRewritingProxy(sandbox.url, { request: (path) => path.replace(`/${token}`, ''), answer: (body) => body });
    const workspace = await exampleWorkspace(sandbox);
    const env = { GRAFANA_URL: `${proxy.url}/${token}`, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined, GRAFANA_TOKEN: token };

    const planned = await workspace.cli(['plan', '--url', `${proxy.url}/${token}`, '--out', 'p.json'], env);

    expect(planned.code).toBe(0);
    expect(planned.stderr).toBe('Saved the plan to p.json; apply it with: dashsync apply p.json\n');
  });

  it("apply's flag refusals (before any setting is read) never show the token or password a --url holds, nor the raw --url of a plan saved before redaction (review-68b H1)", async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    const proxy = await startRewritingProxy(sandbox.url, { request: (path) => path.replace(/^\/[^/]+/, ''), answer: (body) => body });
    const workspace = await exampleWorkspace(sandbox);
    const env = { GRAFANA_URL: undefined, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined, GRAFANA_TOKEN: token };
    const url = `${proxy.url}/${token}`;
    const note = 'shows its secret part as [redacted]: give the URL as you did (or set GRAFANA_URL to it and leave --url out)\n';
    expect((await workspace.cli(['plan', '--url', url, '--out', 'p.json'], env)).code).toBe(0);
    sandbox.clearRequests();

    const refusals = [
      ['apply', '--format', 'json', '--url', url],
      ['apply', 'p.json', '--prune', '--url', url],
      ['apply', 'p.json', '--root', 'dashboards', '--url', url],
      ['apply', 'p.json', '--include', 'x/**', '--url', url],
      ['apply', 'p.json', '--exclude', 'x/**', '--url', url],
    ];
    for (const args of refusals) {
      const refused = await workspace.cli(args, env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`--url "${proxy.url}/\${GRAFANA_TOKEN}"`);
      expect(refused.stdout + refused.stderr).not.toContain(token);
    }

    // A plan saved before the redaction recorded the --url as typed (its target's URL redacted, the digest of the URL as sent).
    const saved = JSON.parse(await readFile(join(workspace.dir, 'p.json'), 'utf8'));
    await writeFile(join(workspace.dir, 'old.json'), JSON.stringify({ ...saved, selection: { ...saved.selection, urlFlag: url }, target: { ...saved.target, urlSha256: urlSha256(url) } }));
    const old = await workspace.cli(['apply', 'old.json', '--root', 'dashboards'], env);
    expect(old.stderr).toBe(
      `error: --root is decided when planning: the saved plan applies whole; nothing was applied. Make the plan with dashsync plan --url '${proxy.url}/[redacted]' --root dashboards --out old.json, or apply it without --root. The --url in that command ${note}`,
    );

    // The token percent-encoded in part: no variable gives it back as typed, so it shows [redacted], with the note after both commands.
    const encoded = `${proxy.url}/%${token.charCodeAt(0).toString(16)}${token.slice(1)}`;
    const json = await workspace.cli(['apply', '--format', 'json', '--url', encoded], env);
    const shown = `--url '${proxy.url}/[redacted]'`;
    expect(json.stderr).toBe(
      `error: apply --format json cannot ask for confirmation; nothing was applied. Apply a saved plan (dashsync plan ${shown} --out plan.json, then dashsync apply ${shown} --format json plan.json), or add --auto-approve. The --url in those commands ${note}`,
    );

    // Basic auth: the password in the path.
    const basic = { GRAFANA_TOKEN: undefined, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: 'Pa55-w0rd-in-path' };
    const password = await workspace.cli(['apply', 'p.json', '--prune', '--url', `${proxy.url}/Pa55-w0rd-in-path`], basic);
    expect(password.code).toBe(1);
    expect(password.stdout + password.stderr).not.toContain('Pa55-w0rd-in-path');
    expect(sandbox.requests()).toEqual([]);

    // The command line's own words, repeated before any environment is chosen: --url left out, the URL read as a uid.
    const stray = await workspace.cli(['plan', url], env);
    expect([stray.code, stray.stderr]).toEqual([1, `error: unexpected argument "${proxy.url}/[redacted]" (see dashsync plan --help)\n`]);
    // review-69b H1: a word the command takes (a uid, a plan file, an environment, a glob) holding a credential is refused
    // before the command reads it, and would repeat it.
    const holds = (where: string, variable: string) =>
      `error: ${where} "${proxy.url}/[redacted]" holds the value of ${variable}: give a Grafana URL to --url (or GRAFANA_URL), and the credential in ${variable} only\n`;
    const notUid = await workspace.cli(['restore', `${proxy.url}/Pa55-w0rd-in-path`], basic);
    expect([notUid.code, notUid.stderr]).toEqual([1, holds('argument', 'GRAFANA_PASSWORD')]);
    for (const args of [['show', url], ['pull', url], ['pull', '--folder', url], ['pull', '--dry-run', url, '--format', 'json'], ['check', url], ['plan', '--env', 'prod', url]]) {
      const refused = await workspace.cli(args, env);
      // `--env prod <url>`: --env takes several, yargs would read the URL as a second environment, the line as an argument.
      expect([refused.code, refused.stdout, refused.stderr]).toEqual([1, '', holds(args.includes('--folder') ? '--folder' : 'argument', 'GRAFANA_TOKEN')]);
    }
    // Where --env takes the URL for an environment's name, and where DASHSYNC_ENV holds it: the config's error shows it redacted.
    await writeFile(join(workspace.dir, 'dashsync.config.json'), JSON.stringify({ environments: { prod: { url: sandbox.url } } }));
    const fromVariable = await workspace.cli(['plan'], { ...env, DASHSYNC_ENV: url });
    expect([fromVariable.code, fromVariable.stderr]).toEqual([1, `error: dashsync.config.json:1:2: no environment "${proxy.url}/[redacted]" in "environments"; it defines prod: set DASHSYNC_ENV to one of them\n`]);
    expect(sandbox.requests()).toEqual([]);
  });

  // pull's uid, as restore's: a URL is no uid, and is refused before anything is read.
  it('pull refuses a uid or --folder that is no Grafana uid (a dashboard URL), in text and json, before any request', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const workspace = await exampleWorkspace(sandbox);
    const url = `${sandbox.url}/d/abc/web?orgId=1`;
    const uid = await workspace.cli(['pull', url]);
    expect([uid.code, uid.stdout, uid.stderr]).toEqual([1, '', `error: "${url}" is not a Grafana uid (letters, digits, "-" and "_" only): name a dashboard, folder or library panel by its uid (a dashboard's is in its URL: /d/<uid>/); nothing was pulled\n`]);
    const json = await workspace.cli(['pull', 'web,' + url, '--format', 'json']);
    expect([json.code, json.stdout, json.stderr]).toEqual([1, '', uid.stderr]);
    const folder = await workspace.cli(['pull', '--folder', 'f/ops']);
    expect([folder.code, folder.stderr]).toEqual([1, 'error: --folder "f/ops" is not a folder uid (letters, digits, "-" and "_" only; "general" = the root level): the uid is in the folder\'s URL: /dashboards/f/<uid>/; nothing was pulled\n']);
    expect(sandbox.requests()).toEqual([]);
  });

  // review-69b M1: a URL in text ends at a quote, `<`, `>` or a backquote; cut there, neither piece held the whole secret.
  it('a token or password holding a quote, `<`, `>` or a backquote: the plan header, json, the saved plan and usage errors show [redacted]', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const token = await sandbox.createToken('Admin');
    const odd = 'tk\'n"q$v`x%41!;&|<>1';
    // A gateway under /<its own credential>, taking that credential and sending Grafana's.
    const proxy = await startRewritingProxy(sandbox.url, { request: (path) => path.replace(/^\/[^/]+/, ''), answer: (body) => body, authorization: () => `Bearer ${token}` });
    const workspace = await exampleWorkspace(sandbox);
    const env = { GRAFANA_URL: undefined, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined, GRAFANA_TOKEN: odd };
    const url = `${proxy.url}/${odd}`;
    // The token as the URL parser leaves it in a path (`'` as typed, the rest escaped), and pieces of it either form holds.
    const leaks = [odd, "tk'n", '%3C%3E1', '<>1', 'q$v'];
    const header = `dashsync plan for ${proxy.url}/[redacted] (org 1, from the credentials)`;

    const text = await workspace.cli(['plan', '--url', url, '--out', 'p.json'], env);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]!.split(' through /api')[0]).toBe(header);
    const saved = await readFile(join(workspace.dir, 'p.json'), 'utf8');
    expect([JSON.parse(saved).target.url, JSON.parse(saved).selection.urlFlag]).toEqual([`${proxy.url}/[redacted]`, `${proxy.url}/[redacted]`]);
    const json = await workspace.cli(['plan', '--url', url, '--format', 'json'], env);
    expect(JSON.parse(json.stdout).target.url).toBe(`${proxy.url}/[redacted]`);
    const applied = await workspace.cli(['apply', '--url', url, 'p.json', '--verbose'], env);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Applied: 7 created');
    const stray = await workspace.cli(['plan', url], env);
    expect([stray.code, stray.stderr]).toEqual([1, `error: unexpected argument "${proxy.url}/[redacted]" (see dashsync plan --help)\n`]);
    for (const output of [text.stdout, text.stderr, saved, json.stdout, json.stderr, applied.stdout, applied.stderr, stray.stdout]) {
      for (const leak of leaks) expect(output).not.toContain(leak);
    }

    // A password so, in GRAFANA_URL's path.
    const password = "Summer'24-pass";
    const basic = await workspace.cli(['plan'], { GRAFANA_URL: `${proxy.url}/${password}`, GRAFANA_TOKEN: undefined, GRAFANA_USER: 'admin', GRAFANA_PASSWORD: password });
    expect(basic.code).toBe(0);
    expect(basic.stdout.split('\n')[0]!.split(' through /api')[0]).toBe(header);
    expect(basic.stdout + basic.stderr).not.toContain("Summer'24");
  });

  it('a token pasted after the host: the URL error says nothing of the token', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '13' });
    const token = await sandbox.createToken('Admin');
    const workspace = await exampleWorkspace(sandbox, { resources: true });

    const plan = await workspace.cli(['plan'], { GRAFANA_URL: `${sandbox.url}/${token}`, GRAFANA_USER: undefined, GRAFANA_PASSWORD: undefined, GRAFANA_TOKEN: token });
    expect(plan.code).not.toBe(0);
    expect(plan.stdout + plan.stderr).not.toContain(token);
    // The path under the token is no Grafana: one URL error (its /api/health), not v2 file errors naming the URL.
    expect(plan.stderr).toMatch(/^error: GET \/api\/health failed: HTTP 404: non-JSON response: Not found \(is the URL that of Grafana\?/);
  });

  it('basic auth: the password and the Authorization value pasted into the path are both redacted', async () => {
    const sandbox = await startTestSandbox({ grafanaVersion: '12' });
    const basic = Buffer.from('admin:admin').toString('base64');
    const proxy = await startRewritingProxy(sandbox.url, { request: (path) => path.replace(/^\/[^/]+\/[^/]+/, ''), answer: (body) => body });
    const workspace = await exampleWorkspace(sandbox);

    const plan = await workspace.cli(['plan'], { GRAFANA_URL: `${proxy.url}/${basic}/admin` });
    expect(plan.code).toBe(0);
    expect(plan.stdout.split('\n')[0]!.split(' through /api')[0]).toBe(`dashsync plan for ${proxy.url}/[redacted]/[redacted] (org 1, from the credentials)`);

    // Percent-encoded as no encoder writes it (lower-case hex, `=` only): the URL parser keeps it so, and it is the secret all the same.
    const encoded = await workspace.cli(['plan'], { GRAFANA_URL: `${proxy.url}/${basic.replace('=', '%3d')}/%61dmin` });
    expect(encoded.code).toBe(0);
    expect(encoded.stdout.split('\n')[0]!.split(' through /api')[0]).toBe(`dashsync plan for ${proxy.url}/[redacted]/[redacted] (org 1, from the credentials)`);
  });
});
