import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/describe-error.js';
import {
  AuthError,
  ConfigError,
  EXIT_ERROR,
  GrafanaHttpError,
  InputError,
  InterruptedError,
  markNothingApplied,
  OrgLookupError,
  PermissionError,
  PlanFileError,
  UnreachableError,
  UsageError,
} from '../../src/errors.js';

const unauthorized = new AuthError('GET', '/api/search', 401, 'Invalid API key');
const forbidden = new PermissionError('POST', '/api/dashboards/db', 403, 'Permission denied');
const refused = new UnreachableError('GET', '/api/health', 'connection refused (ECONNREFUSED) (gave up after 5 attempts)', 5, false);
const untrusted = new UnreachableError('GET', '/api/health', 'TLS certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT); pass --ca-cert <file>, or --insecure to skip verification', 1, true);

describe('describeError: one line, a hint in the words of each shell, an exit code', () => {
  it('401, 403 and an unreachable Grafana get a hint in the CLI as in the Action', () => {
    expect(describeError(unauthorized, 'cli')).toEqual({
      line: 'GET /api/search failed: HTTP 401: Invalid API key',
      hint: ' (check GRAFANA_TOKEN, or GRAFANA_USER and GRAFANA_PASSWORD, and with --env NAME first GRAFANA_TOKEN_NAME: credentials of this Grafana and org, not expired)',
      exitCode: EXIT_ERROR,
      unexpected: false,
    });
    expect(describeError(unauthorized, 'action').hint).toBe(' (check the grafana-token input: a service account token of this Grafana, not expired)');
    expect(describeError(forbidden, 'cli').hint).toBe(' (these credentials lack the permission: changing dashboards needs the Editor role or higher in this org)');
    expect(describeError(forbidden, 'action').hint).toBe(" (the token's service account lacks the permission: it needs the Editor role or higher in this org)");
    // A refused read of a dashboard is its folder's permissions, whatever the role: no role advised (a plan's token must not write).
    const hidden = new PermissionError('GET', '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards/net', 403, '');
    expect(describeError(hidden, 'action').hint).toBe(
      " (Grafana hides it from these credentials through the permissions of the folder that holds it, whatever their role: a folder moved to the top level in Grafana keeps no role grants of its own; " +
        "grant the token's service account View on that folder for a plan step, Edit for an apply step, or move the folder back where the tree has it)",
    );
    expect(describeError(refused, 'cli')).toMatchObject({
      line: 'GET /api/health failed: no response: connection refused (ECONNREFUSED) (gave up after 5 attempts)',
      hint: ' (is the Grafana URL right, and Grafana reachable from here?)',
    });
    expect(describeError(refused, 'action').hint).toBe(' (is grafana-url reachable from this runner? self-hosted Grafana may need a self-hosted runner)');
  });

  it('GET /api/user failing where /apis needs the org (no org id given): how to go without it, in the words of each shell, even for a 404 or 403', () => {
    for (const status of [500, 404, 403]) {
      const failed = new OrgLookupError(new GrafanaHttpError('GET', '/api/user', status, 'no'));
      expect(describeError(failed, 'cli')).toEqual({
        line: `GET /api/user failed: HTTP ${status}: no`,
        hint: ' (on /apis the namespace is the org of these credentials, which GET /api/user names: pass --org-id <id>, or set GRAFANA_ORG_ID or "orgId" in dashsync.config.json, to go without it)',
        exitCode: EXIT_ERROR,
        unexpected: false,
      });
      expect(describeError(failed, 'action').hint).toBe(" (on /apis the namespace is the token's org, which GET /api/user names: set the org-id input to go without it)");
    }
  });

  it('a 401 whose credentials came from known variables names them in the CLI', () => {
    const named = Object.assign(new AuthError('GET', '/api/search', 401, 'Invalid API key'), { credentialsFrom: 'GRAFANA_TOKEN_STAGING' });
    expect(describeError(named, 'cli').hint).toBe(' (check GRAFANA_TOKEN_STAGING: credentials of this Grafana and org, not expired)');
    expect(describeError(named, 'action').hint).toBe(' (check the grafana-token input: a service account token of this Grafana, not expired)');
  });

  it('a 401 of credentials an environment took from the generic variables names them and its own, which it would use first', () => {
    const fallback = Object.assign(new AuthError('GET', '/apis', 401, 'Invalid API key'), { credentialsFrom: 'GRAFANA_TOKEN', credentialsFallbackFor: 'prod-eu' });
    expect(describeError(fallback, 'cli').hint).toBe(
      " (check GRAFANA_TOKEN, which environment prod-eu takes because its own GRAFANA_TOKEN_PROD_EU is not set: credentials of this Grafana and org, not expired; or set GRAFANA_TOKEN_PROD_EU to credentials of prod-eu's Grafana, which prod-eu then uses first)",
    );
    const basic = Object.assign(new AuthError('GET', '/apis', 401, 'Invalid username or password'), { credentialsFrom: 'GRAFANA_USER and GRAFANA_PASSWORD', credentialsFallbackFor: 'qa' });
    expect(describeError(basic, 'cli').hint).toBe(
      " (check GRAFANA_USER and GRAFANA_PASSWORD, which environment qa takes because its own GRAFANA_USER_QA and GRAFANA_PASSWORD_QA are not set: credentials of this Grafana and org, not expired; or set GRAFANA_USER_QA and GRAFANA_PASSWORD_QA to credentials of qa's Grafana, which qa then uses first)",
    );
    expect(describeError(fallback, 'action').hint).toBe(' (check the grafana-token input: a service account token of this Grafana, not expired)');
  });

  it('adds no hint where the line already says what to do', () => {
    expect(describeError(untrusted, 'cli').hint).toBeNull();
    expect(describeError(new GrafanaHttpError('POST', '/api/dashboards/db', 412, 'A dashboard with the same name in the folder already exists'), 'cli').hint).toBeNull();
    expect(describeError(new PlanFileError('the plan was made for org 2, not org 3'), 'action')).toMatchObject({ line: 'the plan was made for org 2, not org 3', hint: null });
  });

  it("a 404 on a read every Grafana serves asks whether the URL is Grafana's (a missing sub-path); a dashboard's 404 does not", () => {
    const health = new GrafanaHttpError('GET', '/api/health', 404, 'non-JSON response: Not found');
    expect(describeError(health, 'cli')).toMatchObject({
      line: 'GET /api/health failed: HTTP 404: non-JSON response: Not found',
      hint: ' (is the URL that of Grafana? One served under a sub-path needs it in the URL: https://example.com/grafana)',
      exitCode: 1,
    });
    expect(describeError(new GrafanaHttpError('GET', '/api/search?type=dash-folder&limit=5000&page=1', 404, 'Not found'), 'action').hint).toContain('is grafana-url that of Grafana?');
    expect(describeError(new GrafanaHttpError('GET', '/api/dashboards/uid/cpu', 404, 'Dashboard not found'), 'cli').hint).toBeNull();
    expect(describeError(new GrafanaHttpError('GET', '/api/health', 503, 'down'), 'cli').hint).toBeNull();
  });

  it('bad files, bad configuration, usage and interruption: exit 1 with their own words', () => {
    const input = new InputError([{ file: 'a.json', severity: 'error', rule: 'json-syntax', message: 'x' }]);
    expect(describeError(input, 'cli')).toMatchObject({ line: '1 error in the dashboards tree; nothing was sent to Grafana', hint: '. Fix the files above and run again.', exitCode: 1 });
    expect(describeError(input, 'action').hint).toBe('. Fix the files named in the annotations in a new commit: a re-run of this job would read this commit again.');
    expect(describeError(new ConfigError(['a', 'b']), 'cli')).toMatchObject({ line: 'a\nb', hint: null, exitCode: 1 });
    expect(describeError(new UsageError('unknown option --frob'), 'cli')).toMatchObject({ line: 'unknown option --frob', exitCode: 1 });
    expect(describeError(new InterruptedError('interrupted while planning'), 'cli').exitCode).toBe(1);
  });

  it('an apply stopped before its first write: "nothing was applied" once, after what is wrong and before the next step, in each shell\'s words', () => {
    const said = (error: unknown, shell: 'cli' | 'action' = 'cli') => {
      const described = describeError(error, shell);
      return `${described.line}${described.hint ?? ''}`;
    };
    const stale = () => new PlanFileError('1 file changed since the plan was made (a.json)', 'Run dashsync plan again and review it');
    expect(said(markNothingApplied(stale()))).toBe('1 file changed since the plan was made (a.json); nothing was applied. Run dashsync plan again and review it');
    // Not marked (not an apply before its first write): the same line without it.
    expect(said(stale())).toBe('1 file changed since the plan was made (a.json). Run dashsync plan again and review it');
    const limit = () => new PlanFileError('the plan deletes 3 dashboards, more than the limit of 2', { cli: 'Allow them with --max-deletes 3', action: 'Allow them with args: --max-deletes 3' });
    expect(said(markNothingApplied(limit()), 'action')).toBe('the plan deletes 3 dashboards, more than the limit of 2; nothing was applied. Allow them with args: --max-deletes 3');
    expect(said(limit())).toBe('the plan deletes 3 dashboards, more than the limit of 2. Allow them with --max-deletes 3');
    // Without a next step the words come last; after a line that ends a sentence, as a sentence; never twice.
    expect(said(markNothingApplied(new ConfigError(['bad flag; use --x'])))).toBe('bad flag; use --x; nothing was applied');
    const input = markNothingApplied(new InputError([{ file: 'a.json', severity: 'error', rule: 'json-syntax', message: 'x' }]));
    expect(said(input)).toBe('1 error in the dashboards tree; nothing was sent to Grafana. Fix the files above and run again.');
    // The next step comes from outside too (a file name): escaped as the line is.
    expect(said(new PlanFileError('x', 'Fix a\u001b[2J.json'))).toBe('x. Fix a\\x1b[2J.json');
  });

  it('anything else is a bug: its first line, flagged as unexpected, exit 1', () => {
    const bug = new TypeError('x is not a function\nsecond line');
    expect(describeError(bug, 'cli')).toEqual({ line: 'unexpected failure: TypeError: x is not a function', hint: null, exitCode: 1, unexpected: true });
    expect(describeError('thrown text', 'action')).toMatchObject({ line: 'unexpected failure: thrown text', unexpected: true });
  });

  it("escapes what came from outside (Grafana's words, names, values) for both shells, line by line", () => {
    const hostile = new GrafanaHttpError('POST', '/api/dashboards/db', 400, 'bad title "Ops\u001b[2J\u202e" ##[error]x');
    const expected = 'POST /api/dashboards/db failed: HTTP 400: bad title "Ops\\x1b[2J\\u202e" #\\x23[error]x';
    expect(describeError(hostile, 'cli').line).toBe(expected);
    expect(describeError(hostile, 'action').line).toBe(expected);
    expect(describeError(new ConfigError(['::error::first', 'second\u0007']), 'cli').line).toBe('\\x3a:error::first\nsecond\\x07');
    expect(describeError(new Error('boom\u001b]0;owned'), 'cli').line).toBe('unexpected failure: Error: boom\\x1b]0;owned');
  });
});
