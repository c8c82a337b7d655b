import { ConfigError, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, UsageError } from '../../errors.js';
import { uidProblem } from '../../files/uid-rules.js';
import { describeError } from '../../describe-error.js';
import { renderPullErrorLine, renderPullFileLines, renderPullQuitLine, renderPullResultLine, renderPullStartLine } from '../../pull/render-pull-json.js';
import { pullDashboards } from '../../pull/pull-dashboards.js';
import { relative } from 'node:path';
import { toSlashes } from '../../files/tree-paths.js';
import { FileOpsLog, trackFileOps } from '../../files/file-ops-in-flight.js';
import { renderPruneList, renderPruneRefusal, renderPullNotes, renderPullQuit, renderPullRefusals, renderPullReport, renderPullStop } from '../../pull/render-pull-result.js';
import { escapeText } from '../../report/escape-untrusted.js';
import type { PullScope } from '../../pull/types.js';
import { renderDiagnostics } from '../../report/render-diagnostics.js';
import { diagnosticsInInvocation } from '../../report/diagnostics-in-invocation.js';
import { hideIgnoredOptions, loadSettingsFromArgs, withCommonOptions, withUidsAfterDashes, type CommonArgs } from '../common-options.js';
import { createCliGrafana } from '../create-client.js';
import type { DashsyncCommand } from '../define-command.js';
import { abortOnInterrupt } from '../../abort-on-signals.js';
import { PULL_OPTIONS, PULL_UIDS } from '../options.js';
import { createProgressReporter } from '../progress.js';
import { renderRetryLine } from '../../report/json-lines.js';
import { RetryCount } from '../../report/retry-count.js';
import { renderNextCommand, runSelectionOf } from '../../report/next-command.js';

interface PullArgs extends CommonArgs {
  uids?: string[];
  /** The command's name, then the words after `--` (`dashsync pull -- -abc`): uids too. */
  _?: (string | number)[];
  force?: boolean;
  folder?: string[];
  all?: boolean;
  prune?: boolean;
  dryRun?: boolean;
  maxDeletes?: number;
  format?: 'text' | 'json';
}

export const pullCommand: DashsyncCommand<PullArgs> = {
  command: 'pull [uids..]',
  describe: 'Write live dashboards into the tree (bootstrap from Grafana, or take over UI edits); never overwrites an edit of yours',
  builder: (yargs) =>
    // pull selects by uid or folder and always reads the whole tree: --include/--exclude are refused with a reason
    hideIgnoredOptions(withCommonOptions(yargs).positional('uids', PULL_UIDS).options(PULL_OPTIONS), 'pull') as never,
  async run(given, io) {
    const args = withUidsAfterDashes(given);
    const scope = scopeFrom(args);
    const settings = await loadSettingsFromArgs(args, io, { maxDeletes: args.maxDeletes });
    const json = args.format === 'json';
    const retries = new RetryCount();
    const progress = createProgressReporter('Pulling', { stream: io.stderr, retries: () => retries.describe() });
    // Ctrl-C reaches the requests in flight too: a hung Grafana cannot hold the run. A second one quits at once: it says
    // what was written so far and which files were being written or deleted, and leaves no temp file behind.
    const fileOps = new FileOpsLog();
    const interrupt = abortOnInterrupt(io.stderr, settings.interruptGraceMs, () => progress.end(), () => {
      fileOps.removeTempsSync();
      const inFlight = fileOps.inFlight().map((entry) => ({ op: entry.op, file: toSlashes(relative(settings.cwd, entry.absPath)) }));
      if (json) io.stdout.write(renderPullQuitLine(fileOps.completed(), inFlight, EXIT_INTERRUPTED));
      return renderPullQuit(fileOps.completed(), inFlight, runSelectionOf(settings)).map(escapeText).join('\n');
   }, fileOps);
    // Once stdout has its start line (before the first retry line, if one comes first), its last line is a result line, whatever stops the run.
    let started = false;
    const start = () => {
      if (!json || started) return;
      started = true;
      io.stdout.write(renderPullStartLine({ dryRun: args.dryRun ?? false, prune: args.prune ?? false, force: args.force ?? false }));
    };
    const grafana = await createCliGrafana(settings, io, {
      signal: interrupt.signal,
      onRetry: (event) => {
        retries.record(event);
        if (!json) return;
        start();
        progress.print(io.stdout, renderRetryLine(event));
      },
    }).catch((error: unknown) => {
      interrupt.dispose();
      if (started) io.stdout.write(errorLine(error));
      throw error;
    });
    start();
    // With environments, which Grafana's edits went into the tree (a shared file changes every environment that deploys it).
    if (!json && settings.environment !== undefined) io.stdout.write(`${escapeText(renderPullHeader(settings.environment, grafana))}\n`);
    try {
      const pulled = await trackFileOps(fileOps, () => pullDashboards({
        settings,
        grafana,
        scope,
        prune: args.prune ?? false,
        dryRun: args.dryRun ?? false,
        force: args.force ?? false,
        signal: interrupt.signal,
        onProgress: (event) => progress.onProgress({ phase: 'plan', ...event }),
        // A dry run's report lists each file it would delete: the list ahead of the deletes is for a real run's log.
        onPrune: args.dryRun
          ? undefined
          : (files) => {
              progress.stop();
              // Ahead of the deletes, for a log that a killed run leaves: with --format json, stdout is only JSON (the deleted lines follow).
              (json ? io.stderr : io.stdout).write(renderPruneList(files));
            },
      })).catch((error: unknown) => {
        if (json) {
          progress.end();
          io.stdout.write(errorLine(error));
        }
        throw error;
      });
      progress.end();
      // The files' problems name the commands they advise as this shell runs dashsync, on stderr and in the JSON alike.
      const result = { ...pulled, problems: diagnosticsInInvocation(pulled.problems, io.invocation) };
      io.stderr.write(renderDiagnostics(result.problems, { checkFix: renderNextCommand({ invocation: io.invocation }, 'check --fix') }));
      io.stderr.write(renderPullNotes(result));
      if (!json) io.stdout.write(renderPullReport(result));
      io.stderr.write(renderPullRefusals(result));
      io.stderr.write(renderPullStop(result));
      io.stderr.write(renderPruneRefusal(result));
      io.stderr.write(retries.note(settings.timeoutMs));
      const failed = result.pruneRefusal !== undefined || result.interrupted || result.counts.failed > 0 || result.counts.refused > 0 || (result.libraryCounts?.refused ?? 0) > 0 || result.problems.some((p) => p.severity === 'error');
      const exitCode = failed ? EXIT_ERROR : EXIT_OK;
      if (json) io.stdout.write(renderPullFileLines(result) + renderPullResultLine(result, exitCode, retries.summary(settings.timeoutMs)));
      return exitCode;
    } finally {
      progress.end();
      interrupt.settle();
      await grafana.close();
      interrupt.dispose();
    }
  },
};

/** `dashsync pull for environment prod: https://grafana.example.com (org 2)`, as plan's header names its target. */
function renderPullHeader(environment: string, grafana: { url: string; orgId?: number | undefined }): string {
  return `dashsync pull for environment ${environment}: ${grafana.url}${grafana.orgId === undefined ? '' : ` (org ${grafana.orgId})`}`;
}

/** The result line of a JSON run an error stopped: the words of stderr's `error:` line. */
function errorLine(error: unknown): string {
  const described = describeError(error, 'cli');
  return renderPullErrorLine(described.line + (described.hint ?? ''), described.exitCode);
}

function isNotUid(uid: string): boolean {
  return uidProblem(uid) === 'uid-invalid';
}

function scopeFrom(args: PullArgs): PullScope | 'auto' {
  if (args.include || args.exclude) {
    throw new ConfigError(['--include/--exclude select files of the tree; pull reads the whole tree and selects live dashboards with --folder UID']);
  }
  const folders = (args.folder ?? []).flatMap((value) => value.split(',')).map((uid) => uid.trim()).filter((uid) => uid !== '');
  const uids = (args.uids ?? []).map(String).flatMap((value) => value.split(',')).map((uid) => uid.trim()).filter((uid) => uid !== '');
  // Read before anything (a URL typed for a uid would be repeated in "no dashboard with this uid").
  const notUid = uids.find(isNotUid);
  if (notUid !== undefined) {
    throw new UsageError(`${JSON.stringify(notUid)} is not a Grafana uid (letters, digits, "-" and "_" only): name a dashboard, folder or library panel by its uid (a dashboard's is in its URL: /d/<uid>/); nothing was pulled`);
  }
  const notFolderUid = folders.find(isNotUid);
  if (notFolderUid !== undefined) {
    throw new UsageError(`--folder ${JSON.stringify(notFolderUid)} is not a folder uid (letters, digits, "-" and "_" only; "general" = the root level): the uid is in the folder's URL: /dashboards/f/<uid>/; nothing was pulled`);
  }
  if (uids.length > 0 && (args.all || args.folder)) throw new ConfigError(['pull takes dashboard uids, or --folder, or --all: pass one of them']);
  if (uids.length > 0) return { kind: 'uids', uids };
  if (args.all && folders.length > 0) throw new ConfigError(['--all and --folder exclude each other: pass one of them']);
  if (args.folder && folders.length === 0) throw new ConfigError(['--folder needs a folder uid (see the folder URL: /dashboards/f/<uid>/)']);
  if (args.all) return { kind: 'all' };
  return folders.length > 0 ? { kind: 'folders', uids: folders } : 'auto';
}
