import { applyPlan } from '../../apply/apply-plan.js';
import { applySucceeded } from '../../apply/types.js';
import { readGitInfo, type GitInfo } from '../../config/read-git-info.js';
import { renderCommitMessage } from '../../config/render-commit-message.js';
import type { DeleteMode } from '../../config/types.js';
import { ConfigError, EXIT_ERROR, EXIT_OK } from '../../errors.js';
import { createPlan } from '../../plan/create-plan.js';
import { readPlanFile } from '../../plan/plan-file.js';
import { hasChanges } from '../../plan/summarize-plan.js';
import type { Plan } from '../../plan/types.js';
import { renderApplyProblems, renderApplyReport } from '../../report/render-apply-result.js';
import { renderPlanText } from '../../report/render-plan-text.js';
import { loadSettingsFromArgs, withCommonOptions, type CommonArgs } from '../common-options.js';
import { createCliClient } from '../create-client.js';
import type { DashsyncCommand } from '../define-command.js';
import { abortOnInterrupt } from '../../abort-on-signals.js';
import { createProgressReporter } from '../progress.js';
import { parsePruneFlag, pruneOption } from '../prune-option.js';

interface ApplyArgs extends CommonArgs {
  plan?: string;
  prune?: string | boolean;
  force?: boolean;
  message?: string;
  maxDeletes?: number;
  deleteMode?: DeleteMode;
  backupDir?: string;
}

export const applyCommand: DashsyncCommand<ApplyArgs> = {
  command: 'apply [plan]',
  describe: 'Apply a saved plan exactly, or plan and apply in one go when no plan file is given',
  builder: (yargs) =>
    withCommonOptions(yargs)
      .positional('plan', { type: 'string', describe: 'Plan file written by dashsync plan --out' })
      .option('prune', pruneOption)
      .option('force', { type: 'boolean', describe: 'Overwrite dashboards that changed in Grafana since the plan (never takes over a same-titled dashboard on Grafana ≤ 11.2)' })
      .option('message', { type: 'string', describe: 'Version-history message template ({sha}, {subject}, {actor}); always carries the dashsync: marker' })
      .option('max-deletes', { type: 'number', describe: 'Refuse a plan that deletes more dashboards than this (default 10)' })
      .option('delete-mode', { choices: ['soft', 'hard'] as const, describe: 'soft: keep Grafana\'s "Recently deleted" copy where it has one; hard: purge it too' })
      .option('backup-dir', { type: 'string', describe: 'Where prune writes the live JSON before each delete (default .dashsync/backups)' }) as never,
  async run(args) {
    if (args.plan && args.prune !== undefined) {
      throw new ConfigError(['--prune is decided when planning: the saved plan already lists its deletes (make one with dashsync plan --prune --out plan.json)']);
    }
    const settings = await loadSettingsFromArgs(args, {
      prune: parsePruneFlag(args.prune),
      maxDeletes: args.maxDeletes,
      message: args.message,
      deleteMode: args.deleteMode,
      backupDir: args.backupDir,
    });
    const client = createCliClient(settings);
    const interrupt = abortOnInterrupt();
    const planning = createProgressReporter('Planning');
    const progress = createProgressReporter('Applying');
    try {
      const git = await readGitInfo(settings.cwd, process.env);
      let plan: Plan;
      if (args.plan) {
        plan = await readPlanFile(args.plan);
      } else {
        plan = await createPlan({ settings, client, git, signal: interrupt.signal, onProgress: planning.onProgress });
        planning.stop();
        process.stdout.write(renderPlanText(plan, { color: settings.color }));
      }
      if (!hasChanges(plan.summary)) {
        process.stdout.write('Nothing to apply: Grafana already matches the tree.\n');
        return EXIT_OK;
      }
      const result = await applyPlan({
        plan,
        settings,
        client,
        message: renderCommitMessage(settings.message, withPlanGit(git, plan)),
        force: args.force ?? false,
        deleteMode: args.deleteMode,
        verifyFilesFirst: args.plan !== undefined,
        signal: interrupt.signal,
        onProgress: progress.onProgress,
      });
      progress.stop();
      process.stderr.write(renderApplyProblems(result));
      process.stdout.write(renderApplyReport(result, { cwd: settings.cwd }));
      return applySucceeded(result) ? EXIT_OK : EXIT_ERROR;
    } finally {
      planning.stop();
      progress.stop();
      interrupt.dispose();
      await client.close();
    }
  },
};

/** The commit where apply runs names the version message; a saved plan's commit fills what is unknown here. */
function withPlanGit(git: GitInfo, plan: Plan): GitInfo {
  return { sha: git.sha ?? plan.git.sha, subject: git.subject ?? plan.git.subject, actor: git.actor ?? plan.git.actor };
}
