import { plural } from './plural.js';

/**
 * The few named errors dashsync raises on purpose. The CLI's single catch turns
 * them into one clear line and an exit code; anything else is a bug and prints a stack.
 */

/** Bad command-line usage or configuration (flags, env, dashsync.config.json). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** `next`: what to do, a sentence after the problems (and after "nothing was applied" where describeError says it); the message has the CLI's words. */
  constructor(
    readonly problems: string[],
    readonly next?: NextStep,
  ) {
    super(next === undefined ? problems.join('\n') : `${problems.join('\n')}. ${typeof next === 'string' ? next : next.cli}`);
  }
}

/** One problem found in a file of the tree, with a position when one is known. */
export interface Diagnostic {
  /** Path as shown to the user (relative to the working directory, forward slashes). */
  file: string;
  line?: number;
  col?: number;
  severity: 'error' | 'warning';
  message: string;
  /** Stable rule id, e.g. `json-syntax`, `uid-missing`. */
  rule: string;
  /** The uid the finding is about, where the rule knows it (check's JSON `uid`). */
  uid?: string;
  /** With a config's environments and none chosen: the environments the finding holds for (check's JSON `environments`). */
  environments?: string[];
  /** Files the finding is about beyond its `file`, all of them where the message names only the first few (check's JSON `files`). */
  files?: string[];
}

/**
 * The tree has errors; nothing was written to Grafana. `afterReads`: the errors showed only once
 * Grafana answered (which API it serves), so reads were sent, but no write.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(readonly diagnostics: Diagnostic[], readonly afterReads = false) {
    super(`${plural(diagnostics.filter((d) => d.severity === 'error').length, 'error')} in the dashboards tree`);
  }
}

/**
 * What to do about a failure, a sentence of its own after its line (describeError puts "nothing was applied" before it
 * where that is said); `action`: in the Action's words (its inputs and steps instead of the CLI's flags), where they differ.
 */
export type NextStep = string | { cli: string; action: string };

/** A plan cannot be applied (a saved one of unknown format version, other target, stale file; credentials that may write none of its dashboards). */
export class PlanFileError extends Error {
  override readonly name = 'PlanFileError';

  /** `problem`: what is wrong, without what to do about it (`next`); the message is both, in the CLI's words. */
  constructor(
    readonly problem: string,
    readonly next?: NextStep,
  ) {
    super(next === undefined ? problem : `${problem}. ${typeof next === 'string' ? next : next.cli}`);
  }
}

/**
 * An HTTP call to Grafana failed in a way that is not data (everything but a 404 on a read).
 * The message names method, path and status, never a credential.
 */
export class GrafanaHttpError extends Error {
  override readonly name: string = 'GrafanaHttpError';
  constructor(
    readonly method: string,
    readonly path: string,
    /** HTTP status, or 0 when no response arrived (connection refused, reset, timeout). */
    readonly status: number,
    /** Grafana's `message` field, or a description of the transport failure. */
    readonly grafanaMessage: string,
    /** Grafana's `status` string where it sends one (`version-mismatch`, `name-exists`, …). */
    readonly grafanaStatus?: string,
    /** How many times the request was sent (retries included); >1 matters for non-idempotent saves. */
    readonly attempts: number = 1,
  ) {
    const what = status === 0 ? 'no response' : `HTTP ${status}`;
    super(`${method} ${path} failed: ${what}${grafanaMessage ? `: ${grafanaMessage}` : ''}`);
  }

  /**
   * An earlier send of this request got no answer Grafana gave (the connection was lost or timed out, or a gateway
   * answered 502/504): it may have been processed. A 429 or 503 says Grafana did not process that send, so a
   * refusal after resends that only met those is the same as a refusal of the first send.
   */
  earlierSendMayHaveLanded = false;

  /**
   * A delete that may have landed, read back after it and found still there (stillThereWhenReadBack): a send of it that met
   * no answer or a gateway's 502/504 may still be processed after that read, so its outcome stays not known.
   */
  stillThereWhenReadBack = false;

  /**
   * A write that may have landed whose read back met no answer (Grafana down, or the proxy between): that read's error. The
   * run stops there as at any unreachable Grafana (unreachableBehind), the write's outcome not known.
   */
  readBackUnreachable: UnreachableError | undefined = undefined;
}

/**
 * A write that was sent and answered, and that a read back shows did not land: a save answered 2xx with nothing of it in
 * Grafana (something in front of Grafana answered for it), a delete answered 5xx and still there. Failed, and known not to
 * have landed: no "whether it landed is not known" is said of it, and a delete's backup is of one still in Grafana.
 */
export class NotLandedError extends Error {
  override readonly name = 'NotLandedError';
}

/**
 * A save Grafana's API answered 2xx with an answer that does not show it (not the dashboard saved, or not at the version a
 * save makes), or (`api: auto`'s saves through `/api`) with one that shows it at a version its read back does not find,
 * whose read back found neither nothing nor the dashboard as it was before the save: another version, or no
 * answer to the read. Something in front of Grafana answered for it or rewrote the answer, and either this save landed or
 * someone else's did: the caller judges by what Grafana holds, and where that is not this save, whether it landed is not
 * known (never "saved", never "not saved"). A GrafanaHttpError so that every caller of a write reads it as one that may have landed.
 */
export class SaveUnconfirmedError extends GrafanaHttpError {
  override readonly name: string = 'SaveUnconfirmedError';
  /**
   * `readBack.version`: the version read, null where the read counts none a person sees (a folder); `what`: what was saved,
   * as its line names it; `answered`: the version of an answer that did show the save, which the read back then
   * contradicted (rev-75 F14).
   */
  constructor(method: string, path: string, status: number | undefined, readBack: { version: number | null } | { failed: string }, uid: string, what = 'dashboard', answered?: number) {
    super(method, path, status ?? 0, '');
    // Its line says that whether it landed is not known (apply's and restore's unknown lines).
    const at = 'version' in readBack && readBack.version !== null ? `, at version ${readBack.version},` : ' since';
    const found =
      'version' in readBack
        ? `the read back finds ${what} ${uid} changed${at} but not with what this save sent (saved over since? does something in front of Grafana answer for it?)`
        : `reading ${what} ${uid} back failed: ${readBack.failed}`;
    const answer = answered === undefined ? 'with an answer that does not show it' : `as saved at version ${answered}`;
    this.message = `Grafana answered the save (HTTP ${status ?? '2xx'}) ${answer}, and ${found}`;
  }
}

/**
 * The unreachable Grafana a failed write met, which stops the run: its own request's (not one whose answer, a success, was cut
 * off: Grafana was there), else its read back's (readBackUnreachable: a save answered 502, cut off mid-answer, or answered in
 * words that do not show it, then read back with no answer; the run would otherwise stop only at its next request, with
 * another line, or not at all).
 */
export function unreachableBehind(error: unknown): UnreachableError | null {
  if (error instanceof UnreachableError && !(error instanceof AnswerCutOffError)) return error;
  return error instanceof GrafanaHttpError ? (error.readBackUnreachable ?? null) : null;
}

/** Whether an earlier send of the request that failed may have been processed (GrafanaHttpError.earlierSendMayHaveLanded). */
export function resentAfterPossibleLanding(error: unknown): boolean {
  return error instanceof GrafanaHttpError && error.earlierSendMayHaveLanded;
}

/**
 * On `/apis` without an org id (--org-id, GRAFANA_ORG_ID, `orgId`), GET /api/user failed: it names the org of the
 * credentials, and so the namespace every `/apis` request goes to. The run cannot go on; the hint says how to go
 * without the lookup. Not for a 401 (AuthError: the credentials are wrong) or no answer (UnreachableError).
 */
export class OrgLookupError extends GrafanaHttpError {
  override readonly name: string = 'OrgLookupError';
  constructor(cause: GrafanaHttpError) {
    super(cause.method, cause.path, cause.status, cause.grafanaMessage, cause.grafanaStatus, cause.attempts);
  }
}

/** Grafana refused the credentials (HTTP 401): wrong, expired or unset. No later request can succeed. */
export class AuthError extends GrafanaHttpError {
  override readonly name: string = 'AuthError';
  /** The variables the refused credentials came from (GRAFANA_TOKEN_STAGING), when known: the hint names them. */
  credentialsFrom?: string;
  /** The selected environment that took them from the generic variables, its own (GRAFANA_TOKEN_<NAME>, …) being unset: the hint names that one too. */
  credentialsFallbackFor?: string;
  /** No credentials were sent: Grafana refused anonymous access. */
  anonymous?: boolean;
  /** With no credentials for a selected environment: its name, whose own variables are the ones to set. */
  anonymousEnvironment?: string;
  /** Grafana said the token belongs to another org than the one asked for: that org and where its id came from (`--org-id`, `GRAFANA_ORG_ID`, the config's `orgId`). */
  wrongOrg?: { orgId: number; from: string };
}

/** The tree's folder a refused read of one of its dashboards goes to: the folder whose permissions hide it. */
export interface HidingFolder {
  uid: string;
  title: string;
  /** The tree's directory of it, as the plan names files. */
  dir: string;
  /** The folder listing leaves it out, and a read through `/api` proves nothing of it: it may hide the dashboard, or not exist (judgeHidingFolder). */
  inferred?: true;
  /** The tree has it at the top level: no move to the top level hid it, its own permissions do (ownPermissionsHide). */
  atTop?: true;
}

/**
 * A folder create Grafana refused (409: the uid is taken) where no read shows that folder: it exists, hidden from these
 * credentials by its permissions (apply-folders). Running again does not change it.
 */
export class HiddenFolderRefusal extends Error {
  override readonly name: string = 'HiddenFolderRefusal';
}

/**
 * Why a folder dashsync made can hide what it holds from an Editor's or Viewer's token: Grafana gives a nested folder no
 * role grants of its own (it inherits its parent's), and one an admin moves to the top level keeps none.
 */
export const MOVED_FOLDER_KEEPS_NO_GRANTS = 'a folder moved to the top level in Grafana keeps no role grants of its own';

/**
 * Why a folder the tree has at the top level hides what it holds, in place of MOVED_FOLDER_KEEPS_NO_GRANTS and a move back:
 * it was not moved there, so its own permissions in Grafana were changed (walk-65 L4). `folder`: the folder as the words name it;
 * `had`: where the tree had it (a folder its files left).
 */
export function ownPermissionsHide(folder = 'it', had = false): string {
  return `the tree ${had ? 'had' : 'has'} ${folder} at the top level too, so no move hid it: its own permissions in Grafana do`;
}

/** A read of one dashboard or folder (`/api` or `/apis`): a 403 to it is the folder's permissions, whatever the role. */
const DASHBOARD_OR_FOLDER_READ = /^\/api(?:\/(?:dashboards\/uid|folders)|s\/(?:dashboard|folder)\.grafana\.app\/[^/]+\/namespaces\/[^/]+\/(?:dashboards|folders))\/[^/?]+/;

/**
 * Whether Grafana refused these credentials a dashboard or folder through a folder's permissions: a read of one
 * answered 403, or a folder create taken by one no read shows (HiddenFolderRefusal).
 */
export function isHiddenByFolder(error: unknown): boolean {
  if (error instanceof HiddenFolderRefusal) return true;
  return error instanceof PermissionError && error.method === 'GET' && DASHBOARD_OR_FOLDER_READ.test(error.path);
}

/** The credentials may not do this (HTTP 403): a role or permission is missing. */
export class PermissionError extends GrafanaHttpError {
  override readonly name: string = 'PermissionError';
  /** A read of a tree dashboard refused: the folder its file goes to, set where the plan knows it (describeError names it). */
  hidingFolder?: HidingFolder;
}

/**
 * Grafana answered the versions list of a dashboard that exists with 404: on 12+ one history entry it cannot convert
 * (a "Restored from version" message it cannot parse) fails the whole list (dashverimpl
 * transformUnstructuredToLegacyDTOList). The history is there but cannot be read; who saved last is not known.
 */
export class HistoryUnreadableError extends GrafanaHttpError {
  override readonly name: string = 'HistoryUnreadableError';
}

/**
 * "Recently deleted" holds the dashboard, but the folder it is to go back into is gone: Grafana 11's
 * `PATCH …/trash` answers 400 "Restoring folder not found" (a folder delete moves the folder's dashboards to the
 * trash); `/apis` answers the re-create with 404 for folders.folder.grafana.app (a prune deletes a folder's
 * dashboards, then the folder).
 */
export class TrashFolderGoneError extends GrafanaHttpError {
  override readonly name: string = 'TrashFolderGoneError';
}

/**
 * `/apis`' "Recently deleted" list (its get-trash label) answered with an error after the retries where a take-back needed it
 * (restore asks it before it takes a backup): the failure as it came (its message, status, sends), which restore words as
 * the list's failure instead of a bare request failure (restl-69).
 */
export class TrashListFailedError extends GrafanaHttpError {
  override readonly name: string = 'TrashListFailedError';

  static of(error: GrafanaHttpError): TrashListFailedError {
    const failed = new TrashListFailedError(error.method, error.path, error.status, error.grafanaMessage, error.grafanaStatus, error.attempts);
    failed.message = error.message;
    return failed;
  }
}

/** No answer from Grafana: connection refused or reset, timeout, DNS, TLS. */
export class UnreachableError extends GrafanaHttpError {
  override readonly name: string = 'UnreachableError';
  constructor(
    method: string,
    path: string,
    description: string,
    attempts: number,
    /** The description already says what to do (TLS: --ca-cert; DNS: check the URL). */
    readonly selfExplained: boolean,
    /** The connection was made and cut off before the answer came: Grafana (or a proxy) was reached, the URL is not the question. */
    readonly cutOff = false,
  ) {
    super(method, path, 0, description, undefined, attempts);
  }

  /**
   * Its last send was never written: it found no connection to Grafana (refused, a DNS failure, the connect timeout, a
   * TLS handshake or certificate refused, a proxy that would not tunnel or pass it on), so not a byte of it reached
   * Grafana, and only an earlier send (earlierSendMayHaveLanded) could have been processed.
   */
  connectFailed = false;

  /** The proxy requests go through gave no answer, not Grafana: `the proxy http://host:port (from HTTPS_PROXY)`, never its credentials. */
  atProxy: string | undefined = undefined;
}

/**
 * A write Grafana answered 2xx whose answer's body was cut off before its end (review-65b L5): Grafana processed it, only
 * what it answered is lost. Never sent again (a resend of a save that landed fails as "changed by someone else"); the
 * caller reads the object back, or reports the write done but not confirmed.
 */
export class AnswerCutOffError extends UnreachableError {
  override readonly name: string = 'AnswerCutOffError';
  constructor(method: string, path: string, description: string, attempts: number) {
    super(method, path, description, attempts, false, true);
    this.message = `${method} ${path}: Grafana answered it with success, then its answer was cut off before its end (${description}): the write was done, and what Grafana answered is lost`;
  }
}

/**
 * Ctrl-C / SIGTERM ended this request: before it was sent (`attempts` 0: it cannot have landed), after every send of
 * it was refused with an answer (a 4xx, a 503 that passed nothing on: it did not land either), while a send of it
 * that was not refused was out (a write may have landed: check Grafana), or while it waited to be sent again
 * (`resend`: after what, and whether that last send may have landed).
 */
export class RequestInterruptedError extends GrafanaHttpError {
  override readonly name: string = 'RequestInterruptedError';
  constructor(
    method: string,
    path: string,
    attempts: number,
    /** A send of it went out that no answer refused (unanswered, or answered otherwise): it may have been processed. */
    readonly sendMayHaveLanded = attempts > 0,
    /** Ctrl-C came while it waited to be sent again: what the last send met, and whether that send may have landed. */
    readonly resend?: ResendWait,
  ) {
    super(method, path, 0, describeInterruption(attempts, sendMayHaveLanded), undefined, attempts);
    // Not "no response": the send before the wait was answered (a 502, a 503) or met a reset, and nothing was waiting for an answer.
    if (resend !== undefined && attempts > 0) this.message = `${method} ${path} failed: ${describeResendWait(resend, sendMayHaveLanded)}`;
  }
}

/** What the last send of a request met before Ctrl-C cut its wait to be sent again (RequestInterruptedError.resend). */
export interface ResendWait {
  /** `HTTP 502 Bad Gateway`, `connection reset (ECONNRESET)`. */
  after: string;
  /** That send may have been processed (no answer, a gateway's 502/504, a proxy that lost the connection after passing it on). */
  lastMayHaveLanded: boolean;
}

function describeInterruption(attempts: number, sendMayHaveLanded: boolean): string {
  if (attempts === 0) return 'interrupted before it was sent';
  return sendMayHaveLanded ? 'interrupted while waiting for the answer' : 'interrupted after each send of it was refused';
}

/** `interrupted while waiting to send it again after HTTP 502 Bad Gateway; that send may have reached Grafana`. */
function describeResendWait(resend: ResendWait, sendMayHaveLanded: boolean): string {
  const landed = resend.lastMayHaveLanded ? 'that send may have reached Grafana' : sendMayHaveLanded ? 'an earlier send of it may have reached Grafana' : 'each send of it was refused, so none landed';
  return `interrupted while waiting to send it again after ${resend.after}; ${landed}`;
}

/**
 * Grafana refused or failed the request (any GrafanaHttpError: an answer, no answer, a 401), and Ctrl-C did not cut it
 * off: what a read that may fail without stopping the run treats as "not told", where an interrupt must still end the run.
 */
export function isUninterruptedFailure(error: unknown): error is GrafanaHttpError {
  return error instanceof GrafanaHttpError && !(error instanceof RequestInterruptedError);
}

/**
 * `read`'s result, or why Grafana could not give it (`unread`: the failure's line), for a read whose failure holds one
 * dashboard, not the run; an interrupt, or credentials Grafana refuses outright, still throw.
 */
export async function readOrWhyNot<T>(read: () => Promise<T>): Promise<T | { unread: string }> {
  try {
    return await read();
  } catch (error) {
    if (!isUninterruptedFailure(error) || error instanceof AuthError) throw error;
    return { unread: error.message };
  }
}

/**
 * Ctrl-C cut off the read back that follows a save Grafana answered 2xx: the save landed, at `savedVersion` (the answer's);
 * only what the read would have added (its revision) is not known. A RequestInterruptedError still, for what does not
 * tell the two apart.
 */
export class ReadBackInterruptedError extends RequestInterruptedError {
  override readonly name: string = 'ReadBackInterruptedError';
  constructor(
    cause: RequestInterruptedError,
    readonly savedVersion: number,
  ) {
    super(cause.method, cause.path, cause.attempts, cause.sendMayHaveLanded, cause.resend);
  }
}

/**
 * A request failed while apply was still making its plan: nothing was written. `dashboardUid` names the dashboard
 * the request was about (null when it was about none); `transient`: a 429 or a 5xx, which waiting may cure.
 */
export class ApplyPlanningError extends Error {
  override readonly name = 'ApplyPlanningError';
  constructor(
    readonly failure: GrafanaHttpError,
    readonly dashboardUid: string | null,
    readonly transient: boolean,
  ) {
    super(failure.message);
  }
}

/** The command line itself is wrong (unknown flag or command, missing argument): yargs' message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The user interrupted (SIGINT/SIGTERM); work already done is reported by the caller. `next`: the command that finishes the run. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';

  constructor(
    message: string,
    readonly next?: string,
  ) {
    super(message);
  }
}

/** The failures of an apply (or a restore) that came before its first write, with the word its line uses (markNothingApplied). */
const beforeFirstWrite = new WeakMap<object, 'applied' | 'restored'>();

/**
 * Marks a failure of `apply` (of `restore`: `restored`) that came before its first write, and returns it (`throw
 * markNothingApplied(error)`): whatever failed, the line that describes it (describeError) says nothing was applied
 * (restored), so the user knows Grafana is untouched. The error itself is unchanged (its kind still decides its line,
 * hint and exit code).
 */
export function markNothingApplied(error: unknown, done: 'applied' | 'restored' = 'applied'): unknown {
  if (typeof error === 'object' && error !== null) beforeFirstWrite.set(error, done);
  return error;
}

/** What `error` ended before its first write (markNothingApplied): `applied` for an apply, `restored` for a restore; undefined when not so marked. */
export function endedBeforeFirstWrite(error: unknown): 'applied' | 'restored' | undefined {
  return typeof error === 'object' && error !== null ? beforeFirstWrite.get(error) : undefined;
}

/** Exit codes, an API (README "Exit codes"): scripts and CI branch on them. */
export const EXIT_OK = 0;
/** Bad input or configuration, a failed request, a conflict, a refused plan, an interrupted run. */
export const EXIT_ERROR = 1;
/** `plan --detailed-exitcode` only: the plan has changes. */
export const EXIT_CHANGES = 2;
/** A second Ctrl-C: quit at once, without waiting for requests in flight (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;
