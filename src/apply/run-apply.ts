import { relative, resolve } from 'node:path';
import { readGitInfo, type GitInfo } from '../config/read-git-info.js';
import { toSlashes } from '../files/tree-paths.js';
import { renderCommitMessage } from '../config/render-commit-message.js';
import type { DeleteMode, Settings } from '../config/types.js';
import type { Shell } from '../describe-error.js';
import type { GrafanaPort } from '../grafana/port.js';
import { runSelectionOf } from '../report/next-command.js';
import { readPlanFile, type ParsedPlanFile } from '../plan/plan-file.js';
import { hasChanges } from '../plan/summarize-plan.js';
import { setsDashboardsApart } from '../report/describe-unreadable.js';
import type { Plan, ProgressEvent } from '../plan/types.js';
import type { WritesInFlight } from './writes-in-flight.js';
import { changesSincePlan, findChangedSincePlan } from './find-changed-since-plan.js';
import { findSourceCommit, type PushSource } from './find-source-commit.js';
import { findAlreadyHeld, type HeldResource } from './find-already-held.js';
import { checkPlanTarget } from './check-plan-target.js';
import { targetOfRun } from './target-of-run.js';
import { ApplyPlanningError, AuthError, GrafanaHttpError, markNothingApplied, OrgLookupError, RequestInterruptedError, UnreachableError } from '../errors.js';
import { dashboardOfRequest } from '../grafana/http/dashboard-of-request.js';
import { refuseReadOnlyApply, type ReadOnlyCredentials } from './refuse-read-only.js';
import type { ApplyEvent, ApplyResult, UnreviewedWhy } from './types.js';

export interface RunApplyOptions {
  settings: Settings;
  grafana: GrafanaPort;
  /** Where git information comes from (GITHUB_SHA, GITHUB_ACTOR first). */
  env: Record<string, string | undefined>;
  /** A saved plan to apply exactly (relative to the working directory); without one, plan now and apply that. */
  planFile?: string;
  /** That file's JSON, where the shell parsed it already (parsePlanFile, to choose its environment): not read again. */
  savedPlan?: ParsedPlanFile | null;
  force: boolean;
  /** An explicit --delete-mode, which overrides the one the plan recorded. */
  deleteMode?: DeleteMode;
  signal?: AbortSignal;
  /** Filled while the apply runs: the actions whose writes are in flight (ApplyPlanOptions.inFlight). */
  inFlight?: WritesInFlight;
  /**
   * The plan as read (or made), before any check of it can refuse it: the shell takes the plan's selection (its root,
   * --include, prune) for the commands a refusal advises.
   */
  onPlanRead?: (plan: Plan) => void;
  /** The plan, before anything is written: the shell shows it or says which one it applies; throwing refuses it. */
  onPlan?: (plan: Plan, source: 'saved' | 'planned') => void | Promise<void>;
  onProgress?: (event: ProgressEvent) => void;
  onEvent?: (event: ApplyEvent) => void;
  /**
   * The shell's question before the first write (a plan made now that loses something), asked once every stop before
   * it has passed: an apply that stops anyway is not asked about. Throwing refuses the apply.
   */
  confirm?: (plan: Plan) => Promise<void>;
  /** A plan made now is applied without anyone reviewing it, and why (UnreviewedWhy): its drift is kept (ApplyPlanOptions.keepDrift). */
  keepUnreviewedDrift?: UnreviewedWhy;
  /** Whose words a saved plan's refusal advises in (readPlanFile): the CLI's (default) or the Action's. */
  shell?: Shell;
  /** The flag that sends the writes although Grafana lists no write permission for the credentials (set: it was given). */
  readOnly?: { overrideFlag: string; override: boolean; /** The variables the credentials came from, named in the refusal (the CLI's; absent in the Action, whose come from its inputs). */ credentialsFrom?: string };
}

export interface RunApplyResult {
  plan: Plan;
  source: 'saved' | 'planned';
  /** null when the plan has no changes: nothing was sent. */
  result: ApplyResult | null;
  /** A saved plan applied where HEAD moved since it was made: the tree's files changed since that it does not push (shown from cwd). */
  notCovered?: string[];
  /**
   * A saved plan made with --include/--exclude, applied where HEAD moved since: the files changed since that its selection
   * leaves out, which a plan with the config's selection reads (shown from cwd). No Grafana request: git's list of changes.
   */
  outsideSelection?: string[];
  /**
   * Of the files changed since a saved plan that it does not push, those Grafana already holds exactly (an apply since
   * deployed them: findAlreadyHeld), with what it holds; left out of `notCovered`. Counted as unchanged, by kind.
   */
  alreadyHeld?: ({ file: string } & HeldResource)[];
}

type Covered = Pick<RunApplyResult, 'notCovered' | 'outsideSelection'>;

/**
 * `apply`, for the CLI and the Action alike: the saved plan (its files re-verified first) or
 * a plan made now, the target and delete guards, the delete mode, and a version message
 * naming the commit (the one applying, or the plan's where this run cannot tell).
 */
export async function runApply(options: RunApplyOptions): Promise<RunApplyResult> {
  const { settings, grafana } = options;
  const { plan, source, covered, git, sourceCommit } = await readOrMakePlan(options).catch((error: unknown) => {
    throw markNothingApplied(error);
  });
  // A plan that could not read some dashboards has no "nothing to apply": its apply holds them, and says so.
  if (!hasChanges(plan.summary) && !setsDashboardsApart(plan.summary)) return { plan, source, result: null, ...(await withAlreadyHeld(covered, plan, options)) };
  const { confirm } = options;
  // Loaded only for a plan with changes: a saved plan without any compiles none of the writes (start-up: docs/performance.md, perf-55b).
  const { applyPlan } = await import('./apply-plan.js');
  const result = await applyPlan({
    plan,
    settings,
    grafana,
    message: renderCommitMessage(settings.message, withPlanGit(git, plan)),
    ...(sourceCommit.commit !== null && { sourceCommit: sourceCommit.commit }),
    ...(sourceCommit.uncommitted.size > 0 && { uncommittedFiles: sourceCommit.uncommitted }),
    ...(sourceCommit.checkout !== null && { uncommittedCheckout: sourceCommit.checkout }),
    force: options.force,
    deleteMode: options.deleteMode,
    verifyFilesFirst: source === 'saved',
    shell: options.shell,
    signal: options.signal,
    inFlight: options.inFlight,
    onProgress: options.onProgress,
    onEvent: options.onEvent,
    ...(options.readOnly?.override !== true && { beforeWrites: () => refuseReadOnlyApply(plan, grafana, options.readOnly?.overrideFlag, readOnlyCredentials(settings, options.readOnly?.credentialsFrom)) }),
    ...(confirm && { confirm: () => confirm(plan) }),
    ...keptDrift(plan, source, options.keepUnreviewedDrift),
  });
  // A run that stopped (Ctrl-C, Grafana unreachable) reads nothing more: its note names them all, as before.
  if (result.stoppedBy !== null) return { plan, source, result, ...covered };
  const judged = await withAlreadyHeld(covered, plan, options);
  // A no-op, counted where the run's saves that found Grafana already holding the file are.
  for (const held of judged.alreadyHeld ?? []) (held.kind === 'folder' ? result.foldersUnchanged : held.kind === 'library-panel' ? result.libraryPanelsUnchanged : result.unchanged).push(held.uid);
  return { plan, source, result, ...judged };
}

/**
 * Why no one reviewed the plan applied, where no one did (ApplyPlanOptions.keepDrift): one made now by an apply that asks no one,
 * or a saved plan an earlier such apply made (Plan.unreviewed), which being on disk does not make reviewed.
 */
function keptDrift(plan: Plan, source: 'saved' | 'planned', unreviewed: UnreviewedWhy | undefined): { keepDrift?: UnreviewedWhy } {
  if (source === 'saved') return plan.unreviewed === undefined ? {} : { keepDrift: plan.unreviewed };
  return unreviewed === undefined ? {} : { keepDrift: unreviewed };
}

/**
 * The files changed since the plan that it does not push, with those Grafana already holds exactly taken out into
 * `alreadyHeld` (findAlreadyHeld: one read each). Only once the plan's own files were verified and applied.
 */
async function withAlreadyHeld(covered: Covered, plan: Plan, options: RunApplyOptions): Promise<Covered & Pick<RunApplyResult, 'alreadyHeld'>> {
  if (covered.notCovered === undefined) return covered;
  const held = await findAlreadyHeld(covered.notCovered, plan, options.settings, options.grafana);
  if (held.size === 0) return covered;
  const notCovered = covered.notCovered.filter((file) => !held.has(file));
  return {
    ...(notCovered.length > 0 && { notCovered }),
    ...(covered.outsideSelection !== undefined && { outsideSelection: covered.outsideSelection }),
    alreadyHeld: [...held].map(([file, found]) => ({ file, ...found })),
  };
}

/**
 * The saved plan, or one made now, shown (onPlan); with a saved plan, the files changed since it that it does not push;
 * the commit the pushes' content notes name (findSourceCommit).
 */
async function readOrMakePlan(
  options: RunApplyOptions,
): Promise<{ plan: Plan; source: 'saved' | 'planned'; covered: Covered; git: GitInfo; sourceCommit: PushSource }> {
  const { settings, grafana } = options;
  // Its git process runs while the plan reads the tree (readGitInfo never fails).
  const gitRead = readGitInfo(settings.cwd, options.env);
  const source = options.planFile === undefined ? 'planned' : 'saved';
  const plan =
    options.planFile === undefined
      ? await (await import('../plan/create-plan.js'))
          .createPlan({ settings, grafana, git: gitRead, signal: options.signal, onProgress: options.onProgress, shell: options.shell, unreviewed: options.keepUnreviewedDrift !== undefined })
          .catch((error: unknown) => {
            throw asPlanningError(error);
          })
      : await readPlanFile(options.planFile, settings.cwd, 'apply', options.shell, options.savedPlan, runSelectionOf(settings));
  const git = await gitRead;
  options.onPlanRead?.(plan);
  // A saved plan without changes is still checked against where it is applied: "nothing to apply" must be true here.
  if (source === 'saved' && !hasChanges(plan.summary)) checkPlanTarget(plan, await targetOfRun(grafana, plan), settings);
  await options.onPlan?.(plan, source);
  const changed = source === 'saved' ? await findChangedSinceSavedPlan(plan, git, settings) : { selected: [], outsideSelection: [] };
  const notCovered = changed.selected === null ? null : notPushed(plan, changed.selected, settings.cwd);
  const outside = changed.outsideSelection;
  const sourceCommit = await findSourceCommit(plan, source, git, notCovered, settings);
  const covered = { ...(notCovered !== null && notCovered.length > 0 && { notCovered }), ...(outside.length > 0 && { outsideSelection: outside }) };
  return { plan, source, covered, git, sourceCommit };
}

/**
 * A request that failed while this apply planned: nothing was written, which the error says. Not for the failures
 * whose line already says what to do (credentials, the org lookup, an unreachable Grafana: marked, their line says
 * nothing was applied) nor for an interrupt.
 */
function asPlanningError(error: unknown): unknown {
  if (!(error instanceof GrafanaHttpError) || error.status === 0) return error;
  if ([RequestInterruptedError, AuthError, OrgLookupError, UnreachableError].some((kind) => error instanceof kind)) return error;
  const transient = error.status === 429 || error.status >= 500;
  return new ApplyPlanningError(error, dashboardOfRequest(error.path), transient);
}

/**
 * The tree's files changed between the saved plan's commit and HEAD (absolute paths): `selected`, those a plan with this plan's
 * selection reads (its --include/--exclude replaced the config's, as the advised `plan` repeats it: applySelectionOf; a file
 * that selection leaves out is no file that plan deploys, review-53 F3); `outsideSelection` (shown from cwd), those the
 * config's selection reads and a plan made with its own --include/--exclude leaves out. Where git cannot tell because the
 * plan's commit is not in this clone (a pull request's reviewed plan applied after the merge names GitHub's test merge,
 * which a push's checkout never holds; a depth-1 checkout), the plan's own digests of the files it read tell the dashboard
 * and library panel files (findChangedSincePlan); either way only files of the tree, never another tool's (package.json in a
 * root "."). `selected` null when either commit is unknown. No Grafana request.
 */
async function findChangedSinceSavedPlan(
  plan: Plan,
  git: GitInfo,
  settings: Pick<Settings, 'root' | 'cwd' | 'configFile' | 'inputs' | 'include' | 'exclude'>,
): Promise<{ selected: string[] | null; outsideSelection: string[] }> {
  if (plan.git.sha !== null && plan.git.sha === git.sha) return { selected: [], outsideSelection: [] };
  if (plan.git.sha === null || git.sha === null) return { selected: null, outsideSelection: [] };
  const own = plan.commandLineSelection;
  // One `git diff` for both selections judged below (the plan's own, then the config's).
  const since = changesSincePlan(plan, settings.cwd);
  const selected = await findChangedSincePlan(plan, { ...settings, include: own?.include ?? settings.include, exclude: own?.exclude ?? settings.exclude }, since);
  if (selected === null || own === undefined || (own.include === undefined && own.exclude === undefined)) return { selected, outsideSelection: [] };
  const inSelection = new Set(selected.map((file) => resolve(file)));
  const all = (await findChangedSincePlan(plan, settings, since)) ?? [];
  return { selected, outsideSelection: all.filter((file) => !inSelection.has(resolve(file))).map((file) => toSlashes(relative(settings.cwd, file))) };
}

/** Of the files changed since the plan, those no change of the plan pushes (shown from cwd): the next plan has them. */
function notPushed(plan: Plan, changed: readonly string[], cwd: string): string[] {
  // Nothing changed (a plan made now, a saved plan at its own commit): none of the plan's files needs resolving.
  if (changed.length === 0) return [];
  const pushed = new Set<string>();
  for (const action of plan.actions) if (action.action !== 'noop' && 'file' in action && typeof action.file === 'string') pushed.add(resolve(cwd, action.file));
  return changed.filter((file) => !pushed.has(resolve(file))).map((file) => toSlashes(relative(cwd, file)));
}

/** The commit where apply runs names the version message; a saved plan's commit fills what is unknown here. */
function withPlanGit(git: GitInfo, plan: Plan): GitInfo {
  return { sha: git.sha ?? plan.git.sha, subject: git.subject ?? plan.git.subject, actor: git.actor ?? plan.git.actor };
}

function readOnlyCredentials(settings: Settings, from: string | undefined): ReadOnlyCredentials {
  return { ...(from !== undefined && { from }), kind: settings.auth.kind, ...(settings.environment !== undefined && { environment: settings.environment }) };
}
