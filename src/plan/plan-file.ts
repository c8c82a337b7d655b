import { mkdir, mkdtemp, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { describeReadError, describeWriteError } from '../files/file-error-reasons.js';
import { writeFileAtomic } from '../files/write-file-atomic.js';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Shell } from '../describe-error.js';
import { PlanFileError } from '../errors.js';
import { urlSha256 } from '../config/url-sha256.js';
import { REDACTED } from '../config/redact-secrets.js';
import { renderNextCommand, type RecordedSelection, type RunSelection } from '../report/next-command.js';
import { FOLDER_FILE, isTreeFilePath, LIBRARY_DIR } from '../files/discover-tree.js';
import { parseJsonDocument } from '../files/parse-json.js';
import { toSlashes } from '../files/tree-paths.js';
import { escapeJsonOutput } from '../report/escape-untrusted.js';
import { ACTION_NEW_PLAN_RUN } from '../report/plan-again.js';
import { findPruneScopeProblem } from './find-prune-scope-problem.js';
import { digestActions, DIGEST_SETS, findDigestProblem, type DigestSet } from './action-digests.js';
import { verifyPlanAgainstTree } from './verify-plan-against-tree.js';
import { findPlanProblem } from './validate-plan-actions.js';
import { findWarningProblem } from './validate-plan-warnings.js';
import { NOT_PRUNED_COUNTS, summarizePlan, type NotPrunedCounts } from './summarize-plan.js';
import { countUnreadable } from './set-apart-unreadable.js';
import { PLAN_FORMAT_VERSION, PLAN_JSON_OUTPUT, type Plan, type PlanAction, type PlanSummary } from './types.js';

/**
 * Writes the saved plan atomically (a half-written plan must never be applied); `path` as the user
 * gave it, relative to `cwd`, its directory made when missing. Replaces only what dashsync wrote (a
 * saved plan or a `--format json` plan): `--out` naming a dashboard or any other file is refused,
 * and the file is left as it is. A path inside the plan's tree is written where a dashboard would be
 * (the Action's default `dashsync-plan.json` is one with `"root": "."`): the tree reads a plan file
 * as no dashboard (recognizeNotADashboard), so nothing is pushed, pruned or claimed for it; but not
 * as a `_folder.json` or below `_library/`, where it would be read as a folder's file or a library panel. A refusal
 * names the place to change as the shell takes it (`shell`): the CLI's `--out`, the Action's `plan-file` input.
 */
export async function writePlanFile(path: string, plan: Plan, cwd = process.cwd(), shell: Shell = 'cli'): Promise<void> {
  const target = resolve(cwd, path);
  await refuseOtherPlace(target, path, plan.root, cwd, elsewhereOf(shell));
  try {
    await mkdir(dirname(target), { recursive: true });
    // Spelled as the public JSON is (escapeJsonOutput): a `cat` or a CI step printing the plan file shows no raw bidi mark.
    await writeFileAtomic(target, `${escapeJsonOutput(JSON.stringify(withActionDigests(plan), null, 2))}\n`);
  } catch (error) {
    throw new PlanFileError(`cannot write the plan to ${path}: ${describeWriteError(error)}; ${saveElsewhere(shell)}`);
  }
}

/**
 * Before a plan is made (`plan --out`, the Action's `plan-file`): the refusals writePlanFile would give after it, and a path
 * the user running dashsync cannot write, so a plan that cannot be saved reads nothing from Grafana first. `root`: the
 * dashboards tree the plan reads (absolute, or relative to `cwd`).
 */
export async function checkPlanPath(path: string, root: string, cwd = process.cwd(), shell: Shell = 'cli', elsewhere: Elsewhere = elsewhereOf(shell)): Promise<void> {
  const target = resolve(cwd, path);
  await refuseOtherPlace(target, path, root, cwd, elsewhere);
  const problem = await findUnwritable(target, cwd);
  if (problem !== null) throw new PlanFileError(`cannot write the plan to ${path}: ${problem}; ${elsewhere()}`);
}

/** What to do instead of saving the plan where refused: `how` (`save the plan elsewhere`) and an example path. */
export type Elsewhere = (how?: string, example?: string) => string;

function elsewhereOf(shell: Shell): Elsewhere {
  return (how, example) => saveElsewhere(shell, how, example);
}

/** A place in the tree read as something else, or an existing file that is no plan (writePlanFile's refusals, `target` absolute). */
async function refuseOtherPlace(target: string, path: string, root: string, cwd: string, elsewhere: Elsewhere): Promise<void> {
  // `plans/` names a directory, yet the path resolves to a file `plans` (a directory there is refused below).
  if ((path.endsWith('/') || path.endsWith(sep)) && !(await stat(target).then((found) => found.isDirectory(), () => false))) {
    throw new PlanFileError(`cannot write the plan to ${path}: it ends in ${path.at(-1)}, as a directory's name does; ${elsewhere('name a file', join(path, 'plan.json'))}`);
  }
  const readAs = readInTreeAs(relative(resolve(cwd, root), target));
  if (readAs !== null) throw new PlanFileError(`cannot write the plan to ${path}: the dashboards tree ${toSlashes(relative(cwd, resolve(cwd, root))) || '.'} would read it as ${readAs}; ${elsewhere()}`);
  await refuseToOverwriteOtherFile(target, path, elsewhere);
}

/**
 * Why the plan file at `target` (absolute) could not be written by this user, or null: the file must open for writing where it
 * exists, and a file must be made in its directory (the plan is written beside it and renamed over it), or in the nearest
 * directory that exists, where the missing ones would be made. Tried, not asked (`access` answers for the real user, not the
 * effective one); the file is left as it is, and what was made to try it is removed at once.
 */
async function findUnwritable(target: string, cwd: string): Promise<string | null> {
  const exists = await stat(target).then(() => true, (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' || error.code === 'ENOTDIR' ? false : error));
  // There but out of reach (a loop of links, a name too long): no write would get through either.
  if (exists instanceof Error) return describeWriteError(exists);
  if (exists) {
    const refused = await open(target, 'r+').then((handle) => handle.close().then(() => null), (error: unknown) => error);
    if (refused !== null) return describeWriteError(refused);
  }
  const dir = exists ? dirname(target) : await nearestExisting(dirname(target));
  if (dir instanceof Error) return describeWriteError(dir);
  if (!(await stat(dir)).isDirectory()) return describeWriteError(Object.assign(new Error('ENOTDIR'), { code: 'ENOTDIR' }));
  const refused = await mkdtemp(join(dir, '.dashsync-plan-check-')).then((made) => rm(made, { recursive: true, force: true }).then(() => null), (error: unknown) => error);
  return refused === null ? null : `${describeWriteError(refused)} in ${toSlashes(relative(cwd, dir)) || '.'}`;
}

/**
 * `dir`, or the nearest directory above it that exists (what `mkdir -p` would make the rest in); the error of one on the way
 * that is there but cannot be reached (a loop of links), which mkdir would meet too.
 */
async function nearestExisting(dir: string): Promise<string | NodeJS.ErrnoException> {
  for (let current = dir; ; current = dirname(current)) {
    const failed = await stat(current).then(() => null, (error: NodeJS.ErrnoException) => error);
    if (failed === null || dirname(current) === current) return current;
    if (failed.code !== 'ENOENT' && failed.code !== 'ENOTDIR') return failed;
  }
}

/** The plan as saved: with the digests of its actions (DIGEST_SETS) beside them, which validatePlan checks and drops. */
function withActionDigests(plan: Plan): Plan & Record<string, unknown> {
  const { actions, warnings, summary, ...header } = plan;
  const digests = Object.fromEntries(DIGEST_SETS.map((set) => [set.field, digestActions(set, actions)]));
  return { ...header, ...digests, actions, warnings, summary };
}

/** `save the plan elsewhere, e.g. --out plan.json`, with the Action's `plan-file` input in its place there; `example`: the path shown. */
function saveElsewhere(shell: Shell, how = 'save the plan elsewhere', example = 'plan.json'): string {
  return shell === 'action' ? `${how}: set the "plan-file" input to another path, e.g. plan-file: ${example}` : `${how}, e.g. --out ${example}`;
}

/** What a tree reads a file at `inTree` (relative to its root) as, where that is not a dashboard's place; null elsewhere. */
function readInTreeAs(inTree: string): string | null {
  const parts = toSlashes(inTree).split('/');
  if (isAbsolute(inTree) || !isTreeFilePath(parts.join('/'))) return null;
  if (parts.includes(LIBRARY_DIR)) return `a library panel (a file below ${LIBRARY_DIR}/)`;
  return parts.at(-1) === FOLDER_FILE ? `its directory's ${FOLDER_FILE}` : null;
}

async function refuseToOverwriteOtherFile(target: string, path: string, elsewhere: Elsewhere): Promise<void> {
  let text: string;
  try {
    text = await readFile(target, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'EISDIR') throw new PlanFileError(`cannot write the plan to ${path}: it is a directory; ${elsewhere('name a file', join(path, 'plan.json'))}`);
    throw new PlanFileError(`cannot write the plan to ${path}: ${describeWriteError(error)}; ${elsewhere()}`);
  }
  if (text.trim() === '' || isPlanDocument(text)) return;
  // The example is never the path refused (walk-72 L7).
  const example = basename(path) === 'plan.json' ? join(dirname(path), 'dashsync-plan.json') : 'plan.json';
  throw new PlanFileError(`${path} exists and is not a dashsync plan, so it was not overwritten; ${elsewhere(undefined, example)}`);
}

/** A saved plan or a `--format json` plan, of any format version: what dashsync itself wrote. */
function isPlanDocument(text: string): boolean {
  try {
    const value = JSON.parse(text) as { formatVersion?: unknown; target?: { url?: unknown } } | null;
    return typeof value === 'object' && value !== null && typeof value.formatVersion === 'number' && typeof value.target?.url === 'string';
  } catch {
    return false;
  }
}

/** Who reads a saved plan: apply runs it, show renders it; a refusal says which of them takes what. */
export type PlanReader = 'apply' | 'show';

/** A saved plan file's JSON, parsed once where a run reads it twice (apply's choice of environment, then readPlanFile). */
export interface ParsedPlanFile {
  value: unknown;
}

/**
 * The plan file at `path` (relative to `cwd`) parsed, or null where it cannot be read or is no JSON: readPlanFile, reading
 * it again, then says why (at its turn, after the settings' own errors).
 */
export async function parsePlanFile(path: string, cwd: string): Promise<ParsedPlanFile | null> {
  try {
    return { value: JSON.parse(await readFile(resolve(cwd, path), 'utf8')) as unknown };
  } catch {
    return null;
  }
}

/**
 * `path` as the user gave it (messages name it so), relative to `cwd`. `parsed`: the same file already parsed
 * (parsePlanFile), validated without reading it again; its value is the plan returned. `selection`: the CLI run's, which the
 * commands a refusal advises repeat (renderNextCommand).
 */
export async function readPlanFile(
  path: string,
  cwd = process.cwd(),
  reader: PlanReader = 'apply',
  shell: Shell = 'cli',
  parsed?: ParsedPlanFile | null,
  selection?: RunSelection,
): Promise<Plan> {
  const value = parsed ? parsed.value : await readPlanJson(path, cwd, reader, shell, selection);
  const unrecorded = DIGEST_SETS.filter((set) => !(typeof value === 'object' && value !== null && Object.hasOwn(value, set.field)));
  const plan = validatePlan(value, path, reader, shell, selection);
  // A plan without some of the digests of its actions is held to the tree instead for those, before apply sends anything.
  if (reader === 'apply' && unrecorded.length > 0) await verifyPlanAgainstTree(plan, cwd, unrecorded);
  return plan;
}

/** The JSON of the plan file at `path` (relative to `cwd`), or a PlanFileError saying why there is none. */
async function readPlanJson(path: string, cwd: string, reader: PlanReader, shell: Shell, selection: RunSelection | undefined): Promise<unknown> {
  const again = (words: string | string[]) => renderNextCommand(selection, words);
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new PlanFileError(`plan file ${path} not found; ${planAgain(shell, `make one with: ${again(['plan', '--out', path])}`)}`);
    if (code === 'EISDIR') {
      // The chosen environment's plan where the directory holds one (`plan --all-envs --out DIR`), else the first.
      const plans = await plansIn(resolve(cwd, path));
      const example = join(path, plans.find((name) => name === `${selection?.environment}.plan.json`) ?? plans[0] ?? 'plan.json');
      throw new PlanFileError(`cannot read plan file ${path}: it is a directory, not a plan file; name the plan file in it, e.g. ${again([reader, example])}`);
    }
    throw new PlanFileError(`cannot read plan file ${path}: ${describeReadError(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new PlanFileError(`${path} is not a dashsync plan (invalid JSON${describeJsonSyntaxError(text, path)}); ${planAgain(shell, `${reader} takes a plan saved with: ${again(['plan', '--out', 'plan.json'])}`)}`);
  }
}

/** The saved plans in a directory, by name (`plan --all-envs --out DIR` writes `<env>.plan.json`); none where it cannot be listed. */
async function plansIn(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith('.json')).sort((a, b) => Number(b.endsWith('.plan.json')) - Number(a.endsWith('.plan.json')) || (a < b ? -1 : a > b ? 1 : 0));
}

/** ` at line:col: what is wrong`, or nothing where the explaining parser finds no error (JSON.parse alone refused a byte-order mark). */
function describeJsonSyntaxError(text: string, path: string): string {
  const first = parseJsonDocument(text, path, { duplicateKeys: false, holds: 'a plan file holds one JSON object' }).diagnostics[0];
  return first ? ` at ${first.line}:${first.col}: ${first.message}` : '';
}

/**
 * The Action's way to a new saved plan, in place of the CLI's `dashsync plan --out …`: its plan step writes `plan-file`, and a
 * re-run of the job that applies reads the same file again.
 */
const ACTION_PLAN_AGAIN = `make the plan again with the plan step (command: plan) of this version of the Action and review it: ${ACTION_NEW_PLAN_RUN}`;

/** What to do about a saved plan apply cannot read, as the shell takes it: `cli`, the CLI's words (each refusal has its own). */
function planAgain(shell: Shell, cli: string): string {
  return shell === 'action' ? ACTION_PLAN_AGAIN : cli;
}

/**
 * A plan read from disk, checked enough that apply never trips over a missing or mistyped field. `selection`: the CLI run's,
 * which the commands a refusal advises repeat.
 */
export function validatePlan(value: unknown, path: string, reader: PlanReader = 'apply', shell: Shell = 'cli', selection?: RunSelection): Plan {
  const again = (words: string | string[]) => renderNextCommand(selection, words);
  const planOut = again(['plan', '--out', path]);
  if (typeof value !== 'object' || value === null || !('formatVersion' in value)) {
    throw new PlanFileError(`${path} is not a dashsync plan (no formatVersion); ${planAgain(shell, `${reader} takes a plan saved with: ${again(['plan', '--out', 'plan.json'])}`)}`);
  }
  const plan = value as Partial<Plan> & { output?: unknown };
  if (plan.output === PLAN_JSON_OUTPUT) {
    throw new PlanFileError(`${path} is the output of ${PLAN_JSON_OUTPUT}, for reading; ${planAgain(shell, `${reader} takes a saved plan: ${planOut}`)}`);
  }
  if ((plan.formatVersion as number) === 1) {
    throw new PlanFileError(`${path} was made by an earlier dashsync (plan format 1); ${planAgain(shell, `plan again: ${planOut}`)}`);
  }
  if (reader === 'show' && typeof plan.formatVersion === 'number' && plan.formatVersion > PLAN_FORMAT_VERSION) {
    throw new PlanFileError(
      `${path} has plan format version ${plan.formatVersion}, from a newer dashsync; this one reads version ${PLAN_FORMAT_VERSION}: show it with the dashsync that made it`,
    );
  }
  if (plan.formatVersion !== PLAN_FORMAT_VERSION) {
    throw new PlanFileError(
      `${path} has plan format version ${JSON.stringify(plan.formatVersion)}, this dashsync reads version ${PLAN_FORMAT_VERSION}; ${planAgain(shell, `re-run ${again('plan')} with this version`)}`,
    );
  }
  if (!plan.target || typeof plan.target.url !== 'string' || !Array.isArray(plan.actions) || typeof plan.settingsHash !== 'string') {
    throw new PlanFileError(`${path} is an incomplete dashsync plan (target, actions or settingsHash missing); ${planAgain(shell, `re-run ${again('plan')}`)}`);
  }
  // A plan that names no environment was made for none.
  if (plan.target.environment === undefined) plan.target.environment = null;
  if (plan.target.environment !== null && typeof plan.target.environment !== 'string') {
    throw new PlanFileError(`${path} is not a valid dashsync plan: target.environment must be a name or null; ${planAgain(shell, `re-run ${planOut}`)}`);
  }
  const problem = findPlanProblem(plan.actions) ?? findWarningProblem(plan.warnings) ?? findHeaderProblem(plan);
  if (problem) throw new PlanFileError(`${path} is not a valid dashsync plan: ${problem}; ${planAgain(shell, `re-run ${planOut}`)}`);
  // What the plan does is what its actions say: a summary that says otherwise would report "nothing to apply" over real changes.
  plan.summary = summaryOfActions(plan.actions, plan.summary, countUnreadable(plan.warnings ?? []));
  if (plan.prune !== false && plan.prune !== 'folders' && plan.prune !== 'all') {
    throw new PlanFileError(`${path} is not a valid dashsync plan: prune must be false, "folders" or "all"; ${planAgain(shell, `re-run ${planOut}`)}`);
  }
  // Plans made before the field existed record no managed folders: their folder-scoped deletes are refused below.
  plan.managedFolders ??= [];
  if (!Array.isArray(plan.managedFolders) || !plan.managedFolders.every((uid) => typeof uid === 'string')) {
    throw new PlanFileError(`${path} is not a valid dashsync plan: managedFolders must be a list of folder uids; ${planAgain(shell, `re-run ${planOut}`)}`);
  }
  const urlProblem = findTargetUrlProblem(plan.target) ?? findActionEdit(plan);
  if (urlProblem) throw new PlanFileError(`${path} contradicts itself: ${urlProblem}`, { cli: `Make the plan again with ${planOut}`, action: `M${ACTION_PLAN_AGAIN.slice(1)}` });
  // Checked: the plan as read is the plan as made, without the record of it.
  for (const set of DIGEST_SETS) delete (plan as Record<string, unknown>)[set.field];
  const contradiction = findPruneScopeProblem(plan as Plan);
  if (contradiction) {
    throw new PlanFileError(`${path} contradicts itself: ${contradiction}`, {
      cli: `Make the plan again with ${renderNextCommand(plan.prune === false ? { ...selection, prune: 'folders' } : selection, ['plan', '--out', path])}`,
      action: `M${ACTION_PLAN_AGAIN.slice(1)}`,
    });
  }
  return plan as Plan;
}

/**
 * A target whose shown URL is not the one its digest records (edited by hand: `show` and the pull request comment would
 * name one Grafana, and apply write to another). A URL with a part redacted cannot be checked, nor one saved without a digest.
 */
function findTargetUrlProblem(target: Plan['target']): string | null {
  if (typeof target.urlSha256 !== 'string' || target.url.includes(REDACTED) || urlSha256(target.url) === target.urlSha256) return null;
  return `its target.url ${target.url} is not the Grafana its target.urlSha256 records (edited by hand?)`;
}

/** The first action that is not the one the plan's digests record (findDigestProblem); null also where it records none. */
function findActionEdit(plan: Partial<Plan>): string | null {
  const problemOf = (set: DigestSet) => {
    const recorded = (plan as Record<string, unknown>)[set.field];
    return recorded === undefined ? null : findDigestProblem(set, plan.actions ?? [], recorded);
  };
  for (const set of DIGEST_SETS) {
    const problem = problemOf(set);
    if (problem !== null) return problem;
  }
  return null;
}

/** The fields besides the actions that apply reads and the shells print (when and for which commit the plan was made). */
function findHeaderProblem(plan: Partial<Plan>): string | null {
  if (typeof plan.createdAt !== 'string') return 'createdAt must be a time';
  const target = plan.target as unknown as Record<string, unknown>;
  const orgId = (value: unknown) => value === undefined || value === null || (typeof value === 'number' && Number.isSafeInteger(value) && value > 0);
  if (!orgId(target.orgId) || !orgId(target.credentialsOrgId)) return 'target.orgId and target.credentialsOrgId must be org ids (positive integers) or null';
  const selection = plan.commandLineSelection as Record<string, unknown> | undefined;
  const globs = (value: unknown) => value === undefined || (Array.isArray(value) && value.every((glob) => typeof glob === 'string'));
  if (selection !== undefined && !(typeof selection === 'object' && selection !== null && globs(selection.include) && globs(selection.exclude))) {
    return 'commandLineSelection must hold lists of globs (include, exclude)';
  }
  if (!globs(plan.configEnvironments)) return 'configEnvironments must be a list of environment names';
  if (plan.unreviewed !== undefined && plan.unreviewed !== 'one-step') return 'unreviewed must be "one-step" (a plan an apply made and applied unreviewed) or absent';
  if (plan.selection !== undefined && !isRecordedSelection(plan.selection)) return 'selection must be an object of the command line\'s flags (config, root, api…)';
  const git = plan.git as Record<string, unknown> | undefined;
  if (typeof git !== 'object' || git === null || Array.isArray(git)) return 'git must be an object of sha, subject and actor';
  const field = (['sha', 'subject', 'actor'] as const).find((name) => git[name] !== null && typeof git[name] !== 'string');
  if (field) return `git.${field} must be a string or null`;
  return git.pullRequest === undefined ? null : findPullRequestProblem(git.pullRequest);
}

/** The kind of value each flag a plan records of its run takes (RecordedSelection). */
const SELECTION_FLAGS: Record<keyof RecordedSelection, (value: unknown) => boolean> = {
  config: isString,
  root: isString,
  include: isStrings,
  exclude: isStrings,
  api: (value) => value === 'legacy' || value === 'k8s' || value === 'auto',
  caCert: isString,
  insecure: (value) => typeof value === 'boolean',
  backupDir: isString,
  prune: (value) => value === false || typeof value === 'string',
  deleteMode: isString,
  maxDeletes: (value) => typeof value === 'number',
  orgIdFlag: (value) => typeof value === 'number',
  urlFlag: isString,
};

/** Whether `value` is a RecordedSelection: an object of known flags, each of its kind. */
function isRecordedSelection(value: unknown): value is RecordedSelection {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.entries(value).every(([flag, given]) => Object.hasOwn(SELECTION_FLAGS, flag) && SELECTION_FLAGS[flag as keyof RecordedSelection](given));
}

function isString(value: unknown): boolean {
  return typeof value === 'string';
}

function isStrings(value: unknown): boolean {
  return Array.isArray(value) && value.every(isString);
}

/** `git.pullRequest`, when there: the head's and the base's commit names, the base branch's name. */
function findPullRequestProblem(value: unknown): string | null {
  const pullRequest = value as Record<string, unknown> | null;
  if (typeof pullRequest !== 'object' || pullRequest === null || Array.isArray(pullRequest)) return 'git.pullRequest must be an object of head, base and baseRef';
  const commit = (name: unknown) => typeof name === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(name);
  if (!commit(pullRequest.head)) return 'git.pullRequest.head must be a commit name (40 or 64 hex digits)';
  if (pullRequest.base !== null && !commit(pullRequest.base)) return 'git.pullRequest.base must be a commit name (40 or 64 hex digits) or null';
  if (pullRequest.baseRef !== null && typeof pullRequest.baseRef !== 'string') return 'git.pullRequest.baseRef must be a string or null';
  return null;
}

/**
 * The counts of `actions`; of the saved summary only what the actions cannot tell: how many of the
 * unchanged are owned by another tool or differ only in labels Grafana keeps none of, how many live dashboards prune left to other runs or environments, in folders not known to be the tree's (or a shallow clone cannot tell), or at the General level, and how many
 * managed folders it keeps for their library panels.
 */
function summaryOfActions(actions: PlanAction[], saved: Partial<PlanSummary> | undefined, setApart: ReturnType<typeof countUnreadable>): PlanSummary {
  const notPruned: NotPrunedCounts = Object.fromEntries(NOT_PRUNED_COUNTS.map((key) => [key, countWithin(saved?.[key], Number.MAX_SAFE_INTEGER)]));
  const { create, update, move, delete: deletes, unchanged, folderKept, ...others } = summarizePlan(actions, {}, notPruned, setApart);
  const untouched = countWithin(saved?.untouched, unchanged);
  const labelsNotKept = countWithin(saved?.labelsNotKept, unchanged - untouched);
  return {
    create,
    update,
    move,
    delete: deletes,
    unchanged: unchanged - untouched - labelsNotKept,
    ...(untouched > 0 ? { untouched } : {}),
    ...(labelsNotKept > 0 ? { labelsNotKept } : {}),
    ...others,
    // Last, where a loaded plan's summary has always had it (apply's JSON prints the summary as it is).
    ...(folderKept === undefined ? {} : { folderKept }),
  };
}

function countWithin(value: unknown, max: number): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? Math.min(value, max) : 0;
}
