import { runApply } from '../../apply/run-apply.js';
import { trashNotReadBy } from '../../apply/preview-restore-source.js';
import { applySucceeded, type UnreviewedWhy } from '../../apply/types.js';
import { credentialsNotMeantFor, describeCredentialsNotMeantFor, describePlanEnvironmentChoice, environmentOfSavedPlan } from '../../apply/environment-of-saved-plan.js';
import type { DeleteMode, Settings } from '../../config/types.js';
import { resolveAuth } from '../../config/resolve-auth.js';
import { ConfigError, endedBeforeFirstWrite, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, InterruptedError, markNothingApplied, PlanFileError, UsageError } from '../../errors.js';
import { planAgainStepOf, renderPlanAgain } from '../../report/plan-again.js';
import { indexPlannedActions, renderApplyEventLine, renderApplyPlanLine, renderApplyResultLine, renderNothingToApplyLine, type PlannedActions } from '../../report/render-apply-json.js';
import { renderErrorLine, renderQuitLine, renderRetryLine } from '../../report/json-lines.js';
import { renderApplyEvent } from '../../report/render-apply-event.js';
import { renderApplyAgain, renderApplyQuit, renderApplyStop, renderApplySummary, renderBackupsWritten, renderNothingToApply, renderQuitWithWritesInFlight } from '../../report/render-apply-result.js';
import { escapeText } from '../../report/escape-untrusted.js';
import { describeUnreviewedPlanFile } from '../../report/describe-unreviewed-plan-file.js';
import { applySelectionOf, runSelectionOf, type RunSelection } from '../../report/next-command.js';
import { renderAlreadyHeld, renderNotCovered, renderOutsideSelection } from '../../report/render-not-covered.js';
import { describeError, withNothingAppliedLine } from '../../describe-error.js';
import { label } from '../../apply/apply-run.js';
import { WritesInFlight } from '../../apply/writes-in-flight.js';
import { OutcomeTally } from '../../apply/outcome-tally.js';
import { FileOpsLog, trackFileOps } from '../../files/file-ops-in-flight.js';
import { abortOnInterrupt, IN_FLIGHT_GRACE_MS } from '../../abort-on-signals.js';
import { loadSettingsFromArgs, withCommonOptions, type CommonArgs } from '../common-options.js';
import { createCliGrafana } from '../create-client.js';
import type { DashsyncCommand } from '../define-command.js';
import { progressTickerOf } from '../progress-lines.js';
import { createProgressReporter } from '../progress.js';
import { APPLY_OPTIONS } from '../options.js';
import { parsePruneFlag, pruneOption } from '../prune-option.js';
import { findApplyFlagRefusal } from '../apply-flag-refusals.js';
import { streamColor } from '../stream-color.js';
import { askAtTerminal } from '../ask-at-terminal.js';
import type { CliIo } from '../cli-io.js';
import { describeLosses, listLosses } from '../../report/describe-losses.js';
import { isFolderTakeover } from '../../plan/find-folder-takeovers.js';
import { foldersHeldByTakeovers, heldTakeovers, writeTargetOf } from '../../apply/unreviewed-drift.js';
import { FOLDER_DRIFT } from '../../plan/find-folder-drift.js';
import type { Plan } from '../../plan/types.js';
import { parsePlanFile, readPlanFile, type ParsedPlanFile } from '../../plan/plan-file.js';
import { UnchangedLines } from '../../report/collapse-unchanged.js';
import { RetryCount } from '../../report/retry-count.js';

interface ApplyArgs extends CommonArgs {
  plan?: string;
  autoApprove?: boolean;
  prune?: string | boolean;
  force?: boolean;
  ignoreReadOnly?: boolean;
  message?: string;
  maxDeletes?: number;
  deleteMode?: DeleteMode;
  backupDir?: string;
  interruptGrace?: number;
  format?: 'text' | 'json';
}

export const applyCommand: DashsyncCommand<ApplyArgs> = {
  command: 'apply [plan]',
  describe: 'Apply a saved plan exactly, or plan and apply in one go when no plan file is given',
  builder: (yargs) =>
    withCommonOptions(yargs)
      .positional('plan', { type: 'string', describe: 'Plan file written by dashsync plan --out' })
      .option('prune', pruneOption)
      .options(APPLY_OPTIONS) as never,
  /**
   * The log streams: each outcome is printed the moment it is known (what was done on stdout,
   * problems on stderr; a delete's `backup:` line before the delete is sent), so whatever ends
   * the process, its output holds what was done. Then why it stopped, and the summary.
   */
  async run(args, io) {
    const json = args.format === 'json';
    // Every command the output advises names this run's --env, --org-id / --url, --root, --config, --backup-dir… flags:
    // pasted as printed, it runs here (a saved plan's root too, once the plan is read).
    let selection: RunSelection = { invocation: io.invocation };
    // The grace of requests in flight, once the settings name it.
    let graceMs = IN_FLIGHT_GRACE_MS;
    const colors = { stdout: streamColor(io.stdout, args.color, io.env), stderr: streamColor(io.stderr, args.color, io.env) };
    const retries = new RetryCount();
    const progress = createProgressReporter((event) => (event.phase === 'plan' ? 'Planning' : 'Applying'), {
      stream: io.stderr,
      ticker: io.progressTicker ?? progressTickerOf(io.env),
      retries: () => retries.describe(),
    });
    // Ctrl-C reaches the requests in flight too: a hung Grafana cannot hold the run.
    // A second Ctrl-C quits at once: the writes Grafana has not answered are named first, as unknown.
    const inFlight = new WritesInFlight();
    // A backup being written when it quits leaves its temp file behind otherwise (never a partial backup: writeNewFileAtomic).
    const backups = new FileOpsLog();
    // What the apply did so far, and how many actions its plan has: a quit counts what is left.
    const tally = new OutcomeTally();
    let planned: number | undefined;
    // What a plan made now loses in Grafana, when the terminal is to be asked about it (describeLosses).
    let losses: string | null = null;
    let plannedActions: PlannedActions = new Map();
    // Once stdout has a line (a retry, the plan), it ends with a result line whatever stops the run.
    let jsonStarted = false;
    const earlyEnd = () => {
      const sent = inFlight.sent();
      return {
        ended: tally.entries(),
        inFlight: sent.map((action) => ({ kind: action.kind, uid: action.uid, title: action.title, label: label(action) })),
        notStarted: planned === undefined ? null : Math.max(0, planned - tally.endedCount() - sent.length),
      };
    };
    // Installed before the settings load: a Ctrl-C from the first moment says what it stopped (nothing was applied), never Node's silent 130.
    const interrupt = abortOnInterrupt(io.stderr, () => graceMs, () => progress.end(), () => {
      backups.removeTempsSync();
      const end = earlyEnd();
      if (json) io.stdout.write(renderQuitLine(end, EXIT_INTERRUPTED));
      const lines = [
        end.notStarted === null ? null : renderApplyQuit(end.ended, end.inFlight.length, end.notStarted, selection),
        renderQuitWithWritesInFlight(end.inFlight, selection),
      ].filter((line) => line !== null);
      return lines.length > 0 ? lines.map(escapeText).join('\n') : null;
    }, backups);
    const { settings, savedPlan } = await loadApplySettings(args, io)
      .then((loaded) => {
        // A Ctrl-C while the settings loaded: nothing was read from Grafana, nothing was applied.
        if (interrupt.signal.aborted) throw new InterruptedError('interrupted before the first write', renderApplyAgain('cli', args.plan, runSelectionOf(loaded.settings)));
        return loaded;
      })
      .catch((error: unknown) => {
        interrupt.dispose();
        throw markNothingApplied(error);
      });
    selection = runSelectionOf(settings);
    graceMs = settings.interruptGraceMs;
    const unchangedLines = new UnchangedLines();
    const grafana = await createCliGrafana(settings, io, {
      signal: interrupt.signal,
      onRetry: (event) => {
        retries.record(event);
        if (!json) return;
        jsonStarted = true;
        progress.print(io.stdout, renderRetryLine(event));
      },
    }).catch((error: unknown) => {
      interrupt.dispose();
      throw markNothingApplied(error);
    });
    // No plan file and no question asked (--auto-approve, or no terminal to ask: CI, a pipe): no one reviewed the plan, so no edit
    // made in Grafana is overwritten unless --force. Where stdin is a terminal no question reaches (setsid), a loss is refused instead.
    const unreviewed = unreviewedBecause(args, io);
    try {
      const applied = await trackFileOps(backups, () => runApply({
        settings,
        grafana,
        env: io.env,
        planFile: args.plan,
        savedPlan,
        force: args.force ?? false,
        ...(unreviewed !== false && { keepUnreviewedDrift: unreviewed }),
        deleteMode: args.deleteMode,
        readOnly: { overrideFlag: '--ignore-read-only', override: args.ignoreReadOnly ?? false, ...(settings.auth.kind !== 'none' && settings.auth.from !== undefined && { credentialsFrom: settings.auth.from }) },
        signal: interrupt.signal,
        inFlight,
        onProgress: (event) => progress.onProgress(event),
        // A saved plan reads the tree it was made from, and prunes as it was made to: the commands advised do too (pull <uid>
        // merges into it), a refusal of a plan without changes, before onPlan, included (review-53b R4).
        onPlanRead: (plan) => {
          selection = { ...applySelectionOf(plan, settings), ...(args.plan !== undefined && { savedPlanFile: args.plan }) };
        },
        onPlan: async (plan, source) => {
          progress.stop();
          planned = plan.actions.filter((action) => action.action !== 'noop').length;
          if (json) {
            plannedActions = indexPlannedActions(plan);
            jsonStarted = true;
            io.stdout.write(renderApplyPlanLine(plan, source, args.plan));
            return;
          }
          if (source !== 'planned') {
            if (plan.unreviewed !== undefined && args.force !== true) progress.print(io.stdout, `${renderUnreviewedPlanFile(args.plan ?? '')}\n`);
            return;
          }
          losses = (io.terminal || io.terminalUnreachable !== undefined) && !args.autoApprove ? describeLosses(plan, args.force ?? false) : null;
          // A plan the terminal asks about names every loss: none of them folded into `… and N more` (review-7 #1).
          // Loaded only here: a saved plan is applied without showing it (start-up: docs/performance.md, perf-55b).
          const { renderPlanText } = await import('../../report/render-plan-text.js');
          progress.print(io.stdout, renderPlanText(plan, { color: colors.stdout, verbose: settings.verbose || losses !== null, driftKept: args.force !== true && unreviewed, selection: applySelectionOf(plan, settings) }));
        },
        // Asked after every stop before the first write (the target, the delete limit, read-only credentials): never about an apply that stops anyway.
        confirm: async (plan) => {
          if (losses === null) return;
          if (io.terminal) await confirmLosses(plan, args.force ?? false, losses, { terminal: io.terminal, planShown: io.stdout.isTTY === true, stderr: io.stderr }, interrupt.signal);
          else if (io.terminalUnreachable !== undefined) throw new UsageError(describeUnaskable(losses, io.terminalUnreachable, describeAutoApprove(plan, args.force ?? false)));
        },
        onEvent: (event) => {
          tally.record(event);
          if (json) {
            const line = renderApplyEventLine(event, plannedActions, settings.cwd, selection, args.plan);
            if (line !== null) progress.print(io.stdout, line);
            return;
          }
          if (!unchangedLines.admit(event)) return;
          const line = renderApplyEvent(event, { cwd: settings.cwd, colors, selection, ...(args.plan !== undefined && { planFile: args.plan }) });
          if (line) progress.print(line.stream === 'stdout' ? io.stdout : io.stderr, `${line.line}\n`);
        },
      })).catch((error: unknown) => {
        if (error instanceof ApplyCancelled) return null;
        // A refusal a new plan resolves says it with this run's flags: the commands can be pasted as printed.
        error = withPlanAgainCommand(error, selection, args.plan);
        // A Ctrl-C in the checks before the first write: the line names the next step, as one in the writes does.
        if (error instanceof InterruptedError && endedBeforeFirstWrite(error) && error.next === undefined) {
          error = markNothingApplied(new InterruptedError(error.message, renderApplyAgain('cli', args.plan, selection)));
        }
        if (json && jsonStarted) {
          progress.end();
          const described = describeError(error, 'cli');
          io.stdout.write(renderErrorLine(described.line + (described.hint ?? ''), earlyEnd(), described.exitCode));
        }
        throw error;
      });
      progress.end();
      if (applied === null) {
        io.stderr.write(`${CANCELLED}\n`);
        return EXIT_ERROR;
      }
      const { plan, result, source } = applied;
      // No-ops, told as the outcomes are (stdout), but where JSON Lines hold stdout.
      for (const { file } of applied.alreadyHeld ?? []) (json ? io.stderr : io.stdout).write(`${escapeText(renderAlreadyHeld(file))}\n`);
      const notCovered = renderNotCovered(applied.notCovered, selection, 'cli');
      if (notCovered !== null) io.stderr.write(`${escapeText(notCovered)}\n`);
      const outsideSelection = renderOutsideSelection(applied.outsideSelection, selection);
      if (outsideSelection !== null) io.stderr.write(`${escapeText(outsideSelection)}\n`);
      if (!result) {
        io.stdout.write(json ? renderNothingToApplyLine(source, plan.summary, retries.summary(settings.timeoutMs), EXIT_OK, plan.target.environment) : `${renderNothingToApply(source, plan.summary, plan.target.environment)}\n`);
        io.stderr.write(retries.note(settings.timeoutMs));
        return EXIT_OK;
      }
      const exitCode = applySucceeded(result) ? EXIT_OK : EXIT_ERROR;
      const trashNotRead = result.deleted.length > 0 && (await trashNotReadBy(grafana)) !== null;
      if (json) {
        io.stderr.write(renderApplyStop(result, 'cli', args.plan, selection) + retries.note(settings.timeoutMs));
        io.stdout.write(renderApplyResultLine(result, { backupDir: settings.backupDir, cwd: settings.cwd, selection, ...(args.plan !== undefined && { planFile: args.plan }), retried: retries.summary(settings.timeoutMs), exitCode, trashNotRead }));
        return exitCode;
      }
      io.stdout.write(unchangedLines.rest());
      io.stderr.write(renderApplyStop(result, 'cli', args.plan, selection) + retries.note(settings.timeoutMs));
      io.stdout.write(`${renderApplySummary(result)}\n`);
      const backupsWritten = renderBackupsWritten(result, { ...settings, trashNotRead }, 'cli', selection);
      if (backupsWritten !== null) io.stdout.write(`${escapeText(backupsWritten)}\n`);
      return exitCode;
    } finally {
      progress.end();
      // The handlers stay until the connections are closed, settled: the run's outcome is printed, and a Ctrl-C now keeps its exit code (walk-73 L4).
      interrupt.settle();
      await grafana.close().finally(() => interrupt.dispose());
    }
  },
};

/**
 * The settings of this apply, once its flags are known to make sense (a saved plan's environment chosen, its credentials kept to it),
 * and the saved plan's JSON, parsed once for both that choice and runApply (null where it cannot be read: readPlanFile says why).
 */
async function loadApplySettings(args: ApplyArgs, io: CliIo): Promise<{ settings: Settings; savedPlan?: ParsedPlanFile | null }> {
  const savedPlan = args.plan === undefined ? undefined : await parsePlanFile(args.plan, io.cwd);
  const namedEnvironment = args.env === undefined ? io.env.DASHSYNC_ENV : String(args.env);
  const planEnvironment = environmentOfSavedPlan(savedPlan, namedEnvironment);
  const environment = planEnvironment ?? (namedEnvironment?.trim() || undefined);
  // The credentials' variables, read as the settings read them: a --url holding the token is advised naming its variable, never shown.
  const urlContext = { auth: resolveAuth(io.env, [], environment), sameAsGrafanaUrl: args.url !== undefined && io.env.GRAFANA_URL === args.url };
  const flags = { ...args, prune: parsePruneFlag(args.prune), environment, urlContext, invocation: io.invocation };
  // Only a refused run validates the plan here (its advice plans as it did); runApply validates it otherwise.
  const refusal =
    findApplyFlagRefusal(flags) &&
    findApplyFlagRefusal({ ...flags, savedPlan: args.plan === undefined ? undefined : await readPlanFile(args.plan, io.cwd, 'apply', 'cli', savedPlan).catch(() => undefined) });
  if (refusal !== undefined) throw new ConfigError([refusal.problem], refusal.next);
  const settings = await loadSettingsFromArgs(args, io, {
    writesToGrafana: true,
    ...(planEnvironment && { env: planEnvironment, envFrom: `the environment of plan file ${args.plan}`, envOfPlanFile: args.plan }),
    prune: parsePruneFlag(args.prune),
    maxDeletes: args.maxDeletes,
    message: args.message,
    deleteMode: args.deleteMode,
    backupDir: args.backupDir,
    interruptGrace: args.interruptGrace,
  });
  if (args.plan && planEnvironment) {
    // The plan chose the environment: only its own credentials go to its Grafana, GRAFANA_TOKEN only when --env names it.
    const notMeant = credentialsNotMeantFor(settings);
    // Before anything is sent: describeError says nothing was applied.
    if (notMeant !== undefined) throw markNothingApplied(new ConfigError([describeCredentialsNotMeantFor(args.plan, planEnvironment, notMeant, 'cli')]));
    io.stderr.write(`${escapeText(describePlanEnvironmentChoice(args.plan, planEnvironment))}\n`);
  }
  return { settings, savedPlan };
}

/** A refusal whose next step is a new plan (planAgain), that step as commands with this run's flags (renderPlanAgain); any other error as it is. */
function withPlanAgainCommand(error: unknown, selection: RunSelection, planFile: string | undefined): unknown {
  const step = error instanceof PlanFileError ? planAgainStepOf(error.next) : undefined;
  if (step === undefined) return error;
  const { problem, next } = error as PlanFileError;
  const worded = new PlanFileError(problem, { cli: renderPlanAgain(step, selection, planFile), action: typeof next === 'string' ? next : next!.action });
  const done = endedBeforeFirstWrite(error);
  return done === undefined ? worded : markNothingApplied(worded, done);
}

/** Why no one reviews the plan this apply makes (no plan file, and no question asked), or false: it is reviewed or asked about. */
function unreviewedBecause(args: ApplyArgs, io: CliIo): UnreviewedWhy | false {
  if (args.plan !== undefined) return false;
  if (args.autoApprove === true) return 'auto-approve';
  return io.terminal === undefined && io.terminalUnreachable === undefined ? 'no-terminal' : false;
}

/** The answer at the terminal was not `yes`: nothing was written. */
class ApplyCancelled extends Error {}

/**
 * A plan made now that loses something in Grafana (`losses`: describeLosses, overwrites drift, deletes) is applied only when the user at the
 * terminal answers `yes`, asked once nothing else can stop the apply (runApply's `confirm`).
 * When the plan went elsewhere (`dashsync apply > plan.txt`: `planShown` false), what is lost is named on the terminal
 * first: nobody confirms losses they cannot see.
 */
async function confirmLosses(plan: Plan, force: boolean, losses: string, at: { terminal: NonNullable<CliIo['terminal']>; planShown: boolean; stderr: CliIo['stderr'] }, signal: AbortSignal): Promise<void> {
  const { terminal } = at;
  if (!at.planShown) terminal.output.write(`The plan went to stdout, not this terminal; what this apply loses in Grafana:\n${listLosses(plan, force).map(escapeText).join('\n')}\n`);
  const asked = `This apply ${losses}; ${describeAutoApprove(plan, force)}.\n`;
  terminal.output.write(asked);
  const answer = await askAtTerminal(terminal, QUESTION, signal);
  // stderr is a log here (`apply 2>&1 | tee apply.log`): it holds what the terminal was asked and what was answered.
  if (terminal.besideStderr === true) at.stderr.write(`${asked}${QUESTION}${answer === null ? '(no answer: cancelled)' : escapeText(answer)} (answered at the terminal)\n`);
  if (answer !== 'yes') {
    if (terminal.besideStderr === true) terminal.output.write(`${CANCELLED}\n`);
    throw new ApplyCancelled();
  }
}

/**
 * Why a plan made now that loses something is not applied where stdin is a terminal no question can reach (setsid): someone
 * is there, and would never see what is lost; nothing was written.
 */
function describeUnaskable(losses: string, why: string, autoApprove: string): string {
  return `${withNothingAppliedLine(`this apply ${losses}, but it cannot ask first: ${why}`)}. Run it at a terminal to answer the question, or add --auto-approve: it ${autoApprove.replace(/^--auto-approve /, '')}`;
}

/**
 * What --auto-approve does instead of the question: it applies without asking, and, as no one reviewed the plan then, keeps the
 * edits made in Grafana it would overwrite as conflicts unless --force is given too (ApplyPlanOptions.keepDrift). A same-content
 * move is kept only where dashsync had placed the dashboard (markMovesMadeInGrafana, which only that apply reads): one of a tree
 * adopted from another tool is moved, as the words say.
 */
function describeAutoApprove(plan: Plan, force: boolean): string {
  const drift = force ? [] : plan.warnings.filter((warning) => warning.kind === 'drift');
  const edits = drift.some((warning) => warning.sameContent !== true && warning.movedOnlyIn === undefined);
  const moves = drift.some((warning) => warning.sameContent === true);
  // A move made in Grafana over a change of the file not applied yet (movedOnlyIn) is kept as a conflict wherever it was made.
  const movedBack = drift.some((warning) => warning.movedOnlyIn !== undefined);
  const keeps =
    edits && moves ? ', keeping as conflicts the edits made in Grafana and the moves made there since dashsync placed a dashboard (add --force to overwrite them)'
    : edits ? ', keeping the edits made in Grafana as conflicts (add --force to overwrite them)'
    : moves ? ', keeping as conflicts the moves made in Grafana since dashsync placed a dashboard (add --force to undo them; a dashboard dashsync never placed, of a tree adopted from another tool, is moved)'
    : movedBack ? ', keeping the moves made in Grafana as conflicts (add --force to undo them)'
    : '';
  const others = !force && plan.warnings.some((warning) => warning.kind === 'not-in-branch' && warning.anotherRepository === 'outside-tree' && warning.action !== 'delete');
  const takeovers = !force && plan.warnings.some(isFolderTakeover);
  // Under api "legacy" prune holds what dashsync did not save last: a takeover's dashboards are no deletes of this plan, only its rename is held.
  const takenOver = new Set(plan.warnings.filter(isFolderTakeover).map((warning) => warning.uid));
  const takeoverDeletes = plan.actions.some((action) => action.kind === 'dashboard' && action.action === 'delete' && takenOver.has(action.live?.folderUid ?? null));
  // Nor does it write the tree's dashboards, library panels or folders into such a folder, or one it would make there (review-66a H1).
  const heldInto = foldersHeldByTakeovers(plan, heldTakeovers(plan));
  const takeoverWrites = plan.actions.some((action) => heldInto.has(writeTargetOf(action) ?? ''));
  const missing = !force && plan.warnings.some((warning) => warning.kind === 'not-in-branch' && !warning.inRepository && warning.anotherRepository === undefined);
  const deletedInGrafana = !force && plan.warnings.some((warning) => warning.kind === 'in-recently-deleted' && warning.byUser === true);
  const trashUnread = !force && plan.warnings.some((warning) => warning.kind === 'note' && warning.trashUnread !== undefined && (warning.uids?.length ?? 0) > 0);
  const folderEdits = !force && plan.warnings.some((warning) => warning.kind === 'other' && warning.rule === FOLDER_DRIFT);
  const kept = [
    ...(others ? ["another repository's dashboards"] : []),
    ...(missing ? ['the dashboards saved from commits this clone does not have'] : []),
    ...(takeovers ? [`the folder takeovers (${describeTakeoversHeld(takeoverDeletes, takeoverWrites)})`] : []),
    ...(folderEdits ? ['the folders renamed or moved in Grafana'] : []),
    ...(deletedInGrafana ? ['the creates of dashboards deleted in Grafana (in its "Recently deleted")'] : []),
    ...(trashUnread ? ['the creates of dashboards that may wait in a "Recently deleted" that could not be listed'] : []),
  ];
  const held = kept.length === 0 ? '' : `${keeps === '' ? ', keeping' : ', and keeping'} ${kept.join(' and ')} as conflicts (add --force to take them)`;
  return `--auto-approve applies without asking${keeps}${held}`;
}

const QUESTION = "Only 'yes' will be accepted: ";
const CANCELLED = withNothingAppliedLine('apply cancelled');

/** The first of --include/--exclude given, which a saved plan cannot honour (it was selected when planned). */
/** What --auto-approve holds of each folder takeover: `the rename of each folder`, with the deletes in it and the tree's writes into it where the plan has them. */
function describeTakeoversHeld(deletes: boolean, writes: boolean): string {
  const parts = deletes ? ['the rename', 'the deletes in each folder'] : ['the rename of each folder'];
  if (writes) parts.push('what the tree would put in it');
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** A saved plan an apply made and applied unreviewed (Plan.unreviewed: the Action's one-step apply saved it): no reviewed plan. */
function renderUnreviewedPlanFile(file: string): string {
  return escapeText(`note: ${describeUnreviewedPlanFile(file, true)}`);
}
