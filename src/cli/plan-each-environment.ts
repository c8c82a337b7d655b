import { escapeText } from '../report/escape-untrusted.js';
import { mkdir, stat } from 'node:fs/promises';
import { setAsideStalePlan, type SetAside } from './set-aside-stale-plan.js';
import { basename, dirname, join, resolve } from 'node:path';
import { loadSettingsForEach } from '../config/load-settings.js';
import { withRunSelections } from '../config/with-run-selections.js';
import { readGitInfo, type GitInfo } from '../config/read-git-info.js';
import type { Settings } from '../config/types.js';
import { ConfigError, EXIT_CHANGES, EXIT_ERROR, EXIT_OK, InputError } from '../errors.js';
import { describeUnreadablePlan, setsDashboardsApart } from '../report/describe-unreadable.js';
import { requireTreeRoot } from '../files/discover-tree.js';
import type { UidReads } from '../files/read-unselected-uids.js';
import { createPlan } from '../plan/create-plan.js';
import { checkPlanPath, writePlanFile } from '../plan/plan-file.js';
import { hasChanges } from '../plan/summarize-plan.js';
import type { Plan } from '../plan/types.js';
import { describeError } from '../describe-error.js';
import { escapeJsonOutput } from '../report/escape-untrusted.js';
import { renderNotPlanned } from '../report/render-not-planned.js';
import { renderPlan } from '../report/render-plan.js';
import { treeWarningsOfRun } from '../report/tree-warnings-of-run.js';
import { toPlanJson, type PlanJson } from '../report/render-plan-json.js';
import type { CliIo } from './cli-io.js';
import type { PlanArgs } from './commands/plan.js';
import { flagsFrom, settingsWarningPrinter } from './common-options.js';
import { createEnvironmentPorts, type EnvironmentPorts } from './environment-ports.js';
import { printError } from './print-error.js';
import { progressTickerOf } from './progress-lines.js';
import { createProgressReporter } from './progress.js';
import { parsePruneFlag } from './prune-option.js';
import { streamColor } from './stream-color.js';
import { RetryCount, type RetrySummary } from '../report/retry-count.js';
import { renderNextCommand, renderRedactedUrlNote, runSelectionOf, type RunSelection } from '../report/next-command.js';
import { diagnosticsInInvocation } from '../report/diagnostics-in-invocation.js';

/** `plan --format json` with several environments: one document holding each plan (the public JSON), and each failure. */
export interface EnvironmentPlans {
  plans: PlanJson[];
  errors: EnvironmentError[];
}

/** One environment that could not be planned; `diagnostics`: the file lines text prints above its error (a tree with errors). */
interface EnvironmentError {
  environment: string;
  message: string;
  diagnostics?: DiagnosticJson[];
  /** The environment's plan is in `plans`, but it could not read this many dashboards of the tree (its summary.unreadable). */
  unreadable?: number;
  /** …and its files move this many dashboards it read into a folder these credentials cannot see (its summary.notMovedIntoHidden). */
  notMovedIntoHidden?: number;
  /** …and this many dashboards it read whose write uses a library panel in a folder these credentials cannot see (its summary.usesHiddenPanels). */
  usesHiddenPanels?: number;
  /** …and this many library panels of the tree in a folder these credentials cannot see (its summary.unreadableLibraryPanels). */
  unreadableLibraryPanels?: number;
}

/** A file line as data: every field present, `line`/`col` null where the problem has no position (a file that cannot be read). */
interface DiagnosticJson {
  file: string;
  line: number | null;
  col: number | null;
  severity: 'error' | 'warning';
  rule: string;
  message: string;
}

/**
 * `plan --env a --env b` / `--all-envs`: each environment planned in turn, its plan printed
 * (text, markdown) as soon as it is made; json prints one EnvironmentPlans document at the end.
 * `--out` is a directory then: `<dir>/<env>.plan.json`. Environments of one Grafana org with the same
 * credentials plan through one port (createEnvironmentPorts). One environment failing does not stop
 * the others; the exit status is 1 when any failed, else 2 with --detailed-exitcode when any
 * has changes.
 */
export async function planEachEnvironment(args: PlanArgs, names: string[] | 'all', io: CliIo): Promise<number> {
  const loaded = await loadSettingsForEach(
    {
      flags: flagsFrom({ ...args, env: undefined }, { prune: parsePruneFlag(args.prune), maxDeletes: args.maxDeletes, invocation: io.invocation }),
      env: io.env,
      cwd: io.cwd,
      onWarning: settingsWarningPrinter(io.stderr),
    },
    names,
  );
  // Each environment of the run is judged by the others as this run plans it (a --prune given for all of them).
  const everySettings = withRunSelections(loaded);
  // Every environment reads the same tree (environments may not set `root`): a missing root fails them all, so it is said once.
  // Its pull advice names the first environment's (a pull with environments takes one).
  if (everySettings[0] !== undefined) await requireTreeRoot(everySettings[0].root, everySettings[0].configFile, runSelectionOf(everySettings[0]));
  const outDir = args.out === undefined ? undefined : await prepareOutDir(args.out, io.cwd);
  // Each environment's plan file, before any plan reads Grafana: one that could not be saved is refused first.
  // Its files are named by the environments: what to do is to clear the way in the directory, or to name another.
  const elsewhere = () => `move it out of ${outDir}, or name another directory with --out`;
  if (outDir !== undefined) for (const settings of everySettings) await checkPlanPath(join(outDir, `${settings.environment!}.plan.json`), settings.root, io.cwd, 'cli', elsewhere);
  const git = await readGitInfo(io.cwd, io.env);
  const color = streamColor(io.stdout, args.color, io.env);
  const result: EnvironmentPlans = { plans: [], errors: [] };
  let printed = 0;
  let changes = false;
  // A plan that could not read some of the tree's dashboards is not a whole plan: the run exits 1 (describeUnreadablePlan).
  let unreadable = false;
  // The environments read one tree: a file's uid read for one (outside its selection, or its org neighbour's) is not read again.
  const uidReads: UidReads = new Map();
  // Environments of one Grafana org, with the same credentials, plan through one port.
  const ports = createEnvironmentPorts(io, everySettings);
  // What the plans say alike of the tree and the config is said once, after them (JSON and the plan files keep it in each).
  const treeWarnings = args.format !== 'json' && everySettings.length > 1 ? treeWarningsOfRun() : undefined;
  try {
    for (const settings of everySettings) {
      const environment = settings.environment!;
      let plan: Plan;
      let retried: RetrySummary | null;
      try {
        ({ plan, retried } = await planOne(settings, git, io, { uidReads, ports }));
      } catch (error) {
        ports.letGo(settings);
        printError(error, io.stderr, { verbose: settings.verbose, context: `environment ${environment}`, invocation: io.invocation });
        result.errors.push(environmentError(environment, error, io.invocation));
        if (args.format !== 'json') io.stdout.write(`${printed++ > 0 ? '\n' : ''}${renderNotPlanned(environment, notPlannedReason(error, runSelectionOf(settings)), args.format)}`);
        if (outDir !== undefined) io.stderr.write(describeSetAside(await setAsideStalePlan(join(outDir, `${environment}.plan.json`), environment, io.cwd), join(outDir, `${environment}.plan.json`), environment));
        continue;
      }
      changes ||= hasChanges(plan.summary);
      unreadable ||= setsDashboardsApart(plan.summary);
      if (args.format === 'json') result.plans.push(toPlanJson(plan, retried));
      const file = outDir === undefined ? undefined : join(outDir, `${environment}.plan.json`);
      if (file !== undefined) await writePlanFile(file, plan, io.cwd);
      if (args.format !== 'json') io.stdout.write(`${printed++ > 0 ? '\n' : ''}${renderPlan(treeWarnings?.setApart(plan) ?? plan, args.format, { color, verbose: settings.verbose, retried, selection: runSelectionOf(settings) })}`);
      if (file !== undefined) io.stderr.write(`${escapeText(`Saved the plan for ${environment} to ${file}; apply it with: ${renderNextCommand(runSelectionOf(settings), ['apply', file])}`)}\n${renderRedactedUrlNote(runSelectionOf(settings))}`);
      if (setsDashboardsApart(plan.summary)) {
        const message = describeUnreadablePlan(plan.summary, 'cli');
        io.stderr.write(`error: ${escapeText(`environment ${environment}: ${message}`)}\n`);
        // The JSON names why the run exits 1 too: a script reads `errors`, not stderr.
        result.errors.push({ environment, message, ...(plan.summary.unreadable && { unreadable: plan.summary.unreadable }), ...(plan.summary.notMovedIntoHidden && { notMovedIntoHidden: plan.summary.notMovedIntoHidden }), ...(plan.summary.usesHiddenPanels && { usesHiddenPanels: plan.summary.usesHiddenPanels }), ...(plan.summary.unreadableLibraryPanels && { unreadableLibraryPanels: plan.summary.unreadableLibraryPanels }) });
      }
    }
  } finally {
    await ports.close();
  }
  const said = args.format === 'json' ? '' : treeWarnings?.render(args.format, { color, verbose: everySettings[0]?.verbose, selectionOf: (environment) => selectionOfEnvironment(everySettings, environment) }) ?? '';
  if (said !== '') io.stdout.write(`${printed > 0 ? '\n' : ''}${said}`);
  if (args.format === 'json') io.stdout.write(`${escapeJsonOutput(JSON.stringify(result, null, 2))}\n`);
  if (result.errors.length > 0 || unreadable) return EXIT_ERROR;
  return args.detailedExitcode && changes ? EXIT_CHANGES : EXIT_OK;
}

/** The selection of the run's plan of `environment` (its commands repeat that plan's flags). */
function selectionOfEnvironment(everySettings: readonly Settings[], environment: string): RunSelection | undefined {
  const settings = everySettings.find((each) => each.environment === environment);
  return settings === undefined ? undefined : runSelectionOf(settings);
}

/** The line saying what became of a plan file an environment this run could not plan left in the plan directory ('' for none). */
function describeSetAside(done: SetAside, file: string, environment: string): string {
  if (done.kind === 'none') return '';
  if (done.kind === 'left') return `warning: ${escapeText(`${file} is left as it is (${done.why}); it is no plan of this run, which could not plan environment ${environment}`)}\n`;
  return `${escapeText(`Set aside the plan for ${environment} made at ${done.createdAt}: ${file} → ${done.to}; this run could not plan ${environment}, so it is no plan of this run (dashsync show leaves it out)`)}\n`;
}

/** An environment's error in the JSON, its files' diagnostics naming the commands they advise as `invocation` runs dashsync (as stderr's do). */
function environmentError(environment: string, error: unknown, invocation: string | undefined): EnvironmentError {
  const message = error instanceof Error ? error.message.replace(/\n/g, '; ') : String(error);
  if (!(error instanceof InputError)) return { environment, message };
  const diagnostics = diagnosticsInInvocation(error.diagnostics, invocation).map((d): DiagnosticJson => ({ file: d.file, line: d.line ?? null, col: d.col ?? null, severity: d.severity, rule: d.rule, message: d.message }));
  return { environment, message, diagnostics };
}

/**
 * Why an environment has no plan, for stdout: the error line; a tree's file lines are on stderr, where `dashsync check` lists
 * them again, but for errors found only once Grafana was read (a library panel neither in the selection nor in Grafana):
 * check, offline, cannot see those, so the pointer is the plan of that environment alone.
 */
function notPlannedReason(error: unknown, selection: RunSelection): string {
  const { line, hint } = describeError(error, 'cli');
  const reason = line.replace(/\n/g, '; ');
  if (error instanceof InputError) return `${reason} (listed above; ${renderNextCommand(selection, error.afterReads ? 'plan' : 'check')} lists them again)`;
  return `${reason}${hint ?? ''}`;
}

/** One environment's plan, and the retries it took (each plan's json and markdown carry its own). */
async function planOne(
  settings: Settings,
  git: GitInfo,
  io: CliIo,
  run: { uidReads: UidReads; ports: EnvironmentPorts },
): Promise<{ plan: Plan; retried: RetrySummary | null }> {
  const retries = new RetryCount();
  const grafana = await run.ports.open(settings, (event) => retries.record(event));
  const progress = createProgressReporter(`Planning ${settings.environment}`, { stream: io.stderr, ticker: io.progressTicker ?? progressTickerOf(io.env), retries: () => retries.describe() });
  try {
    const plan = await createPlan({ settings, grafana, git, onProgress: progress.onProgress, uidReads: run.uidReads });
    progress.end();
    io.stderr.write(retries.note(settings.timeoutMs).replace(/^note: /gm, `note: ${settings.environment}: `));
    return { plan, retried: retries.summary(settings.timeoutMs) };
  } finally {
    progress.end();
  }
}

/**
 * With several environments --out names a directory (made when missing), never a file; as given, relative to `cwd`. A path
 * not there yet whose name ends in `.json` is a file's name (walk-73: `--out p.json` made a directory `p.json/`): refused,
 * unless it ends in a slash, which says a directory is meant.
 */
async function prepareOutDir(out: string, cwd: string): Promise<string> {
  const existing = await stat(resolve(cwd, out)).catch(() => undefined);
  const holds = 'with several environments --out names a directory, which gets one <env>.plan.json per environment';
  if (existing && !existing.isDirectory()) {
    throw new ConfigError([`--out ${out} is a file: ${holds}; name a directory, e.g. --out ${directoryExample(out)}`]);
  }
  if (existing === undefined && /\.json$/i.test(out)) {
    throw new ConfigError([`--out ${out} names a file (it ends in .json): ${holds}; name a directory, e.g. --out ${directoryExample(out)} (or --out ${out}/ for a directory of that name)`]);
  }
  await mkdir(resolve(cwd, out), { recursive: true });
  return out;
}

/** Pure: a directory name to give --out in place of the file `out` names: `plans` for `plans.json`, never `out` itself. */
function directoryExample(out: string): string {
  const base = basename(out).replace(/\.json$/i, '');
  const name = base === '' || base === basename(out) ? 'plans' : base;
  return join(dirname(out), name === basename(out) ? `${name}-by-environment` : name);
}
