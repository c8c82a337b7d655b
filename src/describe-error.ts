import {
  ApplyPlanningError,
  AuthError,
  ConfigError,
  endedBeforeFirstWrite,
  EXIT_ERROR,
  GrafanaHttpError,
  InputError,
  InterruptedError,
  isHiddenByFolder,
  MOVED_FOLDER_KEEPS_NO_GRANTS,
  ownPermissionsHide,
  type NextStep,
  OrgLookupError,
  PermissionError,
  PlanFileError,
  UnreachableError,
  UsageError,
} from './errors.js';
import { escapeText, quoteText } from './report/escape-untrusted.js';
import { credentialVariables, ownCredentialVariables } from './config/environment-name.js';
import { describeRerun, type WorkflowJob } from './report/rerun-job.js';

export interface ErrorDescription {
  /**
   * What went wrong: one line per problem (a configuration may have several), never a
   * credential. Escaped (escapeText, each problem on a line of its own): messages carry Grafana's
   * words, file names and values from outside, and both shells print them to a terminal or CI log.
   */
  line: string;
  /** What to do about it, appended to the line as written (it carries its own punctuation); null when the line says it. */
  hint: string | null;
  exitCode: number;
  /** Not one of dashsync's named errors: a bug. `line` is the first line of it; the stack is for verbose output. */
  unexpected: boolean;
}

/** Which shell the words are for: the CLI names flags and variables, the Action its inputs and the runner. */
export type Shell = 'cli' | 'action';

const CUT_OFF_HINT = ' (Grafana, or a proxy in front of it, was reached and closed the connection before answering: is it restarting or overloaded? its log tells)';

const HINTS: Record<'input' | 'auth' | 'anonymous' | 'permission' | 'notGrafana' | 'unreachable' | 'orgLookup', Record<Shell, string>> = {
  input: {
    cli: '. Fix the files above and run again.',
    // A re-run of the job reads the same commit (GITHUB_SHA) again: only a commit holding the fix reads otherwise.
    action: '. Fix the files named in the annotations in a new commit: a re-run of this job would read this commit again.',
  },
  auth: {
    cli: ' (check GRAFANA_TOKEN, or GRAFANA_USER and GRAFANA_PASSWORD, and with --env NAME first GRAFANA_TOKEN_NAME: credentials of this Grafana and org, not expired)',
    action: ' (check the grafana-token input: a service account token of this Grafana, not expired)',
  },
  anonymous: {
    cli: ' (Grafana refused anonymous access: no credentials were set; set GRAFANA_TOKEN to a service account token, or GRAFANA_USER and GRAFANA_PASSWORD)',
    action: ' (Grafana refused anonymous access: set the grafana-token input)',
  },
  permission: {
    cli: ' (these credentials lack the permission: changing dashboards needs the Editor role or higher in this org)',
    action: " (the token's service account lacks the permission: it needs the Editor role or higher in this org)",
  },
  notGrafana: {
    cli: ' (is the URL that of Grafana? One served under a sub-path needs it in the URL: https://example.com/grafana)',
    action: ' (is grafana-url that of Grafana? One served under a sub-path needs it in the URL: https://example.com/grafana)',
  },
  orgLookup: {
    cli: ' (on /apis the namespace is the org of these credentials, which GET /api/user names: pass --org-id <id>, or set GRAFANA_ORG_ID or "orgId" in dashsync.config.json, to go without it)',
    action: " (on /apis the namespace is the token's org, which GET /api/user names: set the org-id input to go without it)",
  },
  unreachable: {
    cli: ' (is the Grafana URL right, and Grafana reachable from here?)',
    action: ' (is grafana-url reachable from this runner? self-hosted Grafana may need a self-hosted runner)',
  },
};

/** No credentials with `--env NAME`: that environment's own variables first, as the note before the error names them (the generic ones serve every environment). */
function anonymousInEnvironment(environment: string): string {
  const scoped = credentialVariables(environment);
  return ` (Grafana refused anonymous access: no credentials were set; set ${scoped.token} to a service account token of this environment's Grafana, or ${scoped.user} and ${scoped.password} (GRAFANA_TOKEN, or GRAFANA_USER and GRAFANA_PASSWORD, serve every environment))`;
}

/**
 * The CLI's hint after a 401: the variables the refused credentials came from; when a selected environment took the
 * generic ones (`fallbackFor`, its own being unset), also its own variable, which it would use first.
 */
function checkCredentialsHint(from: string, fallbackFor: string | undefined): string {
  const check = 'credentials of this Grafana and org, not expired';
  if (fallbackFor === undefined) return ` (check ${from}: ${check})`;
  const own = ownCredentialVariables(fallbackFor, from);
  return ` (check ${from}, which environment ${fallbackFor} takes because its own ${own.names} ${own.are} not set: ${check}; or set ${own.names} to credentials of ${fallbackFor}'s Grafana, which ${fallbackFor} then uses first)`;
}

/**
 * The one place that turns an error into what the user reads and the exit code; both shells print it. `job`: in the
 * Action, the job whose re-run a next step names.
 */
export function describeError(error: unknown, shell: Shell, job?: WorkflowJob): ErrorDescription {
  const { next, ...described } = describeFailure(error, shell, job);
  const done = endedBeforeFirstWrite(error);
  const said = done === undefined ? described : withNothingApplied(described, done);
  if (next === undefined) return said;
  const text = `${said.line}${said.hint ?? ''}`;
  return { ...said, hint: `${said.hint ?? ''}${text.endsWith('.') ? '' : '.'} ${next}` };
}

/** An error's description with its next step (a sentence of its own, after "nothing was applied" where that is said). */
type Described = ErrorDescription & { next?: string };

/** A line that already says Grafana was not written to: the tree's errors and the credentials kept back say what was not sent. */
const SAYS_UNTOUCHED = /\bnothing was (applied|restored|sent|written)\b/i;

/**
 * An apply's (a restore's) failure before its first write, as its line says it: after what is wrong and the hint, before
 * the next step; `nothing was applied` (`restored`) are the words of every such line, that say Grafana is untouched.
 */
function withNothingApplied(described: ErrorDescription, done: 'applied' | 'restored' = 'applied'): ErrorDescription {
  const text = `${described.line}${described.hint ?? ''}`;
  if (SAYS_UNTOUCHED.test(text)) return described;
  const said = text.endsWith('.') ? ` Nothing was ${done}.` : `; nothing was ${done}`;
  // An unexpected failure prints its line alone (the hint is for known ones).
  return described.unexpected ? { ...described, line: described.line + said } : { ...described, hint: `${described.hint ?? ''}${said}` };
}

/**
 * A line of apply's own (a stop before its first write that no error describes: a 401 or no answer at the first action)
 * with the words that say Grafana is untouched, placed as describeError places them.
 */
export function withNothingAppliedLine(text: string): string {
  const { line, hint } = withNothingApplied({ line: text, hint: null, exitCode: EXIT_ERROR, unexpected: false });
  return `${line}${hint ?? ''}`;
}

function describeFailure(error: unknown, shell: Shell, job?: WorkflowJob): Described {
  // One line per problem: a line break inside a message (Grafana's, a gateway's) is escaped, never a line that reads as an error of its own.
  const known = (lines: string | string[], hint: string | null = null): ErrorDescription => ({
    line: (typeof lines === 'string' ? [lines] : lines).map(escapeText).join('\n'),
    hint,
    exitCode: EXIT_ERROR,
    unexpected: false,
  });
  if (error instanceof ApplyPlanningError) return describePlanningFailure(error, shell, job);
  if (error instanceof InputError) return known(`${error.message}; nothing was ${error.afterReads ? 'written' : 'sent'} to Grafana`, HINTS.input[shell]);
  if (error instanceof ConfigError) return { ...known(error.problems), ...(error.next !== undefined && { next: escapeText(nextIn(error.next, shell)) }) };
  if (error instanceof AuthError && error.anonymous) return known(error.message, shell === 'cli' && error.anonymousEnvironment !== undefined ? anonymousInEnvironment(error.anonymousEnvironment) : HINTS.anonymous[shell]);
  if (error instanceof AuthError && error.wrongOrg) {
    const { orgId, from } = error.wrongOrg;
    const token = shell === 'cli' && error.credentialsFrom !== undefined ? `the token in ${error.credentialsFrom}` : 'the token';
    const fix = shell === 'cli' ? `give ${from} the token's org id, or use a token of org ${orgId}` : `set the org-id input to the token's org, or use a token of org ${orgId}`;
    return known(error.message, ` (org ${orgId}, from ${from}, is not the org of ${token}: a service account token belongs to one org; ${fix})`);
  }
  if (error instanceof AuthError) {
    const named = shell === 'cli' && error.credentialsFrom !== undefined;
    return known(error.message, named ? checkCredentialsHint(error.credentialsFrom!, error.credentialsFallbackFor) : HINTS.auth[shell]);
  }
  if (error instanceof OrgLookupError) return known(error.message, HINTS.orgLookup[shell]);
  if (error instanceof PermissionError) return known(error.message, describePermissionHint(error, shell));
  if (error instanceof UnreachableError) return known(error.message, error.selfExplained ? null : error.cutOff ? CUT_OFF_HINT : HINTS.unreachable[shell]);
  if (error instanceof GrafanaHttpError && isMissingApi(error)) return known(error.message, HINTS.notGrafana[shell]);
  if (error instanceof PlanFileError) {
    return { ...known(error.problem), ...(error.next !== undefined && { next: escapeText(nextIn(error.next, shell)) }) };
  }
  if (error instanceof InterruptedError && error.next !== undefined) return { ...known(error.message), next: escapeText(error.next) };
  if (error instanceof GrafanaHttpError || error instanceof InterruptedError || error instanceof UsageError) {
    return known(error.message);
  }
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return { line: escapeText(`unexpected failure: ${detail.split('\n', 1)[0]}`), hint: null, exitCode: EXIT_ERROR, unexpected: true };
}

/** A next step in the words of `shell`. */
function nextIn(next: NextStep, shell: Shell): string {
  return typeof next === 'string' ? next : next[shell];
}

/**
 * A request of apply's own plan that failed: what failed (the dashboard first, where the request was about one: its
 * path may name it only percent-encoded), that nothing was applied, and for a failure that passes, what to do.
 */
function describePlanningFailure(error: ApplyPlanningError, shell: Shell, job: WorkflowJob | undefined): Described {
  const failed = describeFailure(error.failure, shell, job);
  const { path } = error.failure;
  const query = path.indexOf('?');
  // The uid named up front says what the percent-encoded query only hints at.
  const line = error.dashboardUid === null || query === -1 ? failed.line : failed.line.replace(path, `${path.slice(0, query)}?…`);
  const about = error.dashboardUid === null ? '' : escapeText(`dashboard ${error.dashboardUid}: `);
  const next =
    shell === 'cli'
      ? error.transient ? 'Wait a minute (or lower --concurrency), then run it again' : 'Run it again once the cause is fixed'
      : error.transient ? `Wait a minute (or lower --concurrency in args), then ${describeRerun(job)}` : `Once the cause is fixed, ${describeRerun(job)}`;
  return { ...failed, line: `apply stopped while planning: ${about}${line}`, next };
}

/**
 * The hint after a 403. A refused read of a dashboard or folder says nothing of the role (an Editor's token is refused
 * it too, and a plan's token must not be given one that writes): a folder's permissions hide it from these
 * credentials, which a folder moved to the top level in Grafana does (it keeps no role grants of its own). Named where
 * the plan knows the folder; View is what a plan needs, Edit what an apply needs.
 */
function describePermissionHint(error: PermissionError, shell: Shell): string {
  if (!isHiddenByFolder(error)) return HINTS.permission[shell];
  const folder = error.hidingFolder;
  const named = folder && escapeText(`its folder ${quoteText(folder.title)} (uid ${folder.uid}, directory ${folder.dir})`);
  const which = named === undefined ? 'the folder that holds it' : folder!.inferred ? `${named}, which these credentials are not shown, or of the folder that holds it in Grafana` : named;
  const who = shell === 'cli' ? "these credentials' user or service account" : "the token's service account";
  const need = shell === 'cli' ? 'View on that folder to plan, Edit to apply' : 'View on that folder for a plan step, Edit for an apply step';
  // A folder the tree has at the top level was not moved there: its own permissions hide it, and no move back helps.
  if (folder?.atTop) return ` (Grafana hides it from these credentials through the permissions of ${which}, whatever their role: grant ${who} ${need} (${ownPermissionsHide('that folder')}))`;
  return (
    ` (Grafana hides it from these credentials through the permissions of ${which}, whatever their role: ` +
    `${MOVED_FOLDER_KEEPS_NO_GRANTS}; grant ${who} ${need}, or move the folder back where the tree has it)`
  );
}

/** A 404 on a read every Grafana serves (health, search, the folder list, discovery): the URL does not lead to Grafana's API. */
function isMissingApi(error: GrafanaHttpError): boolean {
  return error.status === 404 && error.method === 'GET' && /^\/(api\/(health|search|folders|user|org)(\?|$)|apis(\?|$))/.test(error.path);
}
