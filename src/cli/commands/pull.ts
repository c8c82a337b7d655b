import { ConfigError, EXIT_ERROR, EXIT_OK } from '../../errors.js';
import { pullDashboards } from '../../pull/pull-dashboards.js';
import { renderPullNotes, renderPullRefusals, renderPullReport } from '../../pull/render-pull-result.js';
import type { PullScope } from '../../pull/types.js';
import { escapeText } from '../../report/escape-untrusted.js';
import { renderDiagnostics } from '../../report/render-diagnostics.js';
import { loadSettingsFromArgs, withCommonOptions, type CommonArgs } from '../common-options.js';
import { createCliClient } from '../create-client.js';
import type { DashsyncCommand } from '../define-command.js';
import { abortOnInterrupt } from '../../abort-on-signals.js';
import { createProgressReporter } from '../progress.js';

interface PullArgs extends CommonArgs {
  uids?: string[];
  force?: boolean;
  folder?: string[];
  all?: boolean;
  prune?: boolean;
  dryRun?: boolean;
}

export const pullCommand: DashsyncCommand<PullArgs> = {
  command: 'pull [uids..]',
  describe: 'Write live dashboards into the tree (bootstrap from Grafana, or take over UI edits); never overwrites an edit of yours',
  builder: (yargs) =>
    withCommonOptions(yargs)
      .positional('uids', { type: 'string', array: true, describe: 'Only these dashboards (by uid)' })
      .option('folder', { type: 'string', array: true, describe: 'Only these folders (by uid) and their subfolders; "general" = the root level' })
      .option('all', { type: 'boolean', describe: 'Every dashboard of the org (the default when the tree is empty)' })
      .option('prune', { type: 'boolean', describe: 'Delete files whose dashboards are no longer in Grafana (within the pulled scope)' })
      .option('dry-run', { type: 'boolean', describe: 'Show what would be written; write nothing' })
      .option('force', {
        type: 'boolean',
        describe: "Take Grafana's version of files that changed here too (refused without it), and let --prune delete files git does not hold",
      })
      // pull selects by folder and always reads the whole tree
      .hide('include')
      .hide('exclude')
      .hide('color') as never, // pull prints no colours
  async run(args) {
    const scope = scopeFrom(args);
    const settings = await loadSettingsFromArgs(args);
    const client = createCliClient(settings);
    const interrupt = abortOnInterrupt();
    const progress = createProgressReporter('Pulling');
    try {
      const result = await pullDashboards({
        settings,
        client,
        scope,
        prune: args.prune ?? false,
        dryRun: args.dryRun ?? false,
        force: args.force ?? false,
        signal: interrupt.signal,
        onProgress: (event) => progress.onProgress({ phase: 'plan', ...event }),
        onPrune: (files) => {
          progress.stop();
          const verb = args.dryRun ? 'Would delete' : 'Deleting';
          const lines = files.map((f) => `${escapeText(`  ${f.file} (uid ${f.uid})`)}\n`).join('');
          process.stdout.write(`${verb} ${files.length} file(s) whose dashboards are no longer in Grafana:\n${lines}`);
        },
      });
      progress.stop();
      process.stderr.write(renderDiagnostics(result.problems));
      process.stderr.write(renderPullNotes(result));
      process.stdout.write(renderPullReport(result));
      process.stderr.write(renderPullRefusals(result));
      const failed = result.interrupted || result.counts.failed > 0 || result.counts.refused > 0 || result.problems.some((p) => p.severity === 'error');
      return failed ? EXIT_ERROR : EXIT_OK;
    } finally {
      progress.stop();
      interrupt.dispose();
      await client.close();
    }
  },
};

function scopeFrom(args: PullArgs): PullScope | 'auto' {
  if (args.include || args.exclude) {
    throw new ConfigError(['--include/--exclude select files of the tree; pull reads the whole tree and selects live dashboards with --folder UID']);
  }
  const folders = (args.folder ?? []).flatMap((value) => value.split(',')).map((uid) => uid.trim()).filter((uid) => uid !== '');
  const uids = (args.uids ?? []).map(String).flatMap((value) => value.split(',')).map((uid) => uid.trim()).filter((uid) => uid !== '');
  if (uids.length > 0 && (args.all || args.folder)) throw new ConfigError(['pull takes dashboard uids, or --folder, or --all: pass one of them']);
  if (uids.length > 0) return { kind: 'uids', uids };
  if (args.all && folders.length > 0) throw new ConfigError(['--all and --folder exclude each other: pass one of them']);
  if (args.folder && folders.length === 0) throw new ConfigError(['--folder needs a folder uid (see the folder URL: /dashboards/f/<uid>/)']);
  if (args.all) return { kind: 'all' };
  return folders.length > 0 ? { kind: 'folders', uids: folders } : 'auto';
}
