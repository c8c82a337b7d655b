import { escapeText } from '../../report/escape-untrusted.js';
import { quitOnInterrupt } from '../../abort-on-signals.js';
import { FileOpsLog, trackFileOps } from '../../files/file-ops-in-flight.js';
import { readGitInfo } from '../../config/read-git-info.js';
import { ConfigError, EXIT_CHANGES, EXIT_ERROR, EXIT_OK } from '../../errors.js';
import { describeUnreadablePlan, setsDashboardsApart } from '../../report/describe-unreadable.js';
import { createPlan } from '../../plan/create-plan.js';
import { checkPlanPath, writePlanFile } from '../../plan/plan-file.js';
import { hasChanges } from '../../plan/summarize-plan.js';
import { renderPlan } from '../../report/render-plan.js';
import type { CliIo } from '../cli-io.js';
import { loadSettingsFromArgs } from '../common-options.js';
import { createCliGrafana } from '../create-client.js';
import { planEachEnvironment } from '../plan-each-environment.js';
import { progressTickerOf } from '../progress-lines.js';
import { createProgressReporter } from '../progress.js';
import { parsePruneFlag } from '../prune-option.js';
import { streamColor } from '../stream-color.js';
import { RetryCount } from '../../report/retry-count.js';
import type { PlanArgs } from './plan.js';
import { renderNextCommand, renderRedactedUrlNote, runSelectionOf } from '../../report/next-command.js';

/** `dashsync plan`: one environment here, several through planEachEnvironment. */
export async function runPlan(args: PlanArgs, io: CliIo): Promise<number> {
  const out = args.out;
  if (out === undefined) return planAndShow(args, io);
  // A quit leaves no temp file beside the plan file, and says what was saved (walk-73 L1); without --out, nothing is written.
  const fileOps = new FileOpsLog();
  const several = args.allEnvs === true || (Array.isArray(args.env) && args.env.length > 1);
  const show = renderNextCommand({ ...(io.invocation !== undefined && { invocation: io.invocation }) }, ['show', out]);
  const quit = quitOnInterrupt(io.stderr, fileOps, () => {
    fileOps.removeTempsSync();
    return escapeText(describePlanQuit(out, fileOps.completed().written, several, show));
  });
  try {
    return await trackFileOps(fileOps, () => planAndShow(args, io));
  } finally {
    quit.dispose();
  }
}

/**
 * Pure: what a quit of plan --out left: none saved (an older file left as it was), or plan files saved and, as the quit
 * may have come before the run printed them, not shown: `show` reviews them (several environments': a directory of them).
 */
function describePlanQuit(out: string, saved: number, several: boolean, show: string): string {
  if (saved === 0) return `quit: no plan was saved to ${out} (a plan file there from before is left as it was)`;
  if (!several) return `quit: ${out} holds this run's plan, saved before the quit and maybe not shown: review it with ${show} before you apply it`;
  return `quit: ${saved} plan file${saved === 1 ? '' : 's'} saved in ${out} before the quit, maybe not shown: review them with ${show} before you apply them; the environments not planned yet have none saved (a plan file of theirs from before is left as it was)`;
}

async function planAndShow(args: PlanArgs, io: CliIo): Promise<number> {
  const names = environmentsToPlan(args);
  if (names !== undefined) return planEachEnvironment(args, names, io);
  const settings = await loadSettingsFromArgs(args, io, { prune: parsePruneFlag(args.prune), maxDeletes: args.maxDeletes });
  // A plan that could not be saved is refused before it reads Grafana.
  if (args.out) await checkPlanPath(args.out, settings.root, io.cwd);
  const retries = new RetryCount();
  const grafana = await createCliGrafana(settings, io, { onRetry: (event) => retries.record(event) });
  const progress = createProgressReporter('Planning', { stream: io.stderr, ticker: io.progressTicker ?? progressTickerOf(io.env), retries: () => retries.describe() });
  try {
    // Its git process runs while the plan reads the tree (readGitInfo never fails).
    const plan = await createPlan({ settings, grafana, git: readGitInfo(settings.cwd, io.env), onProgress: progress.onProgress });
    progress.end();
    if (args.out) await writePlanFile(args.out, plan, io.cwd);
    io.stdout.write(renderPlan(plan, args.format, { color: streamColor(io.stdout, args.color, io.env), verbose: settings.verbose, retried: retries.summary(settings.timeoutMs), selection: runSelectionOf(settings) }));
    if (args.out) io.stderr.write(`${escapeText(`Saved the plan to ${args.out}; apply it with: ${renderNextCommand(runSelectionOf(settings), ['apply', args.out])}`)}\n${renderRedactedUrlNote(runSelectionOf(settings))}`);
    io.stderr.write(retries.note(settings.timeoutMs));
    // Not a whole plan: neither "no changes" nor "changes" (--detailed-exitcode), whose apply would not succeed either.
    if (setsDashboardsApart(plan.summary)) {
      io.stderr.write(`error: ${escapeText(describeUnreadablePlan(plan.summary, 'cli'))}\n`);
      return EXIT_ERROR;
    }
    return args.detailedExitcode && hasChanges(plan.summary) ? EXIT_CHANGES : EXIT_OK;
  } finally {
    progress.end();
    await grafana.close();
  }
}

/** Several environments (`--env a --env b`, `--all-envs`): their names, or 'all'; undefined for a single run. */
function environmentsToPlan(args: PlanArgs): string[] | 'all' | undefined {
  const named = Array.isArray(args.env) ? args.env : args.env === undefined ? [] : [args.env];
  if (args.allEnvs && named.length > 0) throw new ConfigError(['--all-envs plans every environment: leave out --env, or drop --all-envs']);
  if (args.allEnvs) return 'all';
  return named.length > 1 ? named : undefined;
}
