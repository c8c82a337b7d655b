import { readGitInfo } from '../../config/read-git-info.js';
import { EXIT_CHANGES, EXIT_OK } from '../../errors.js';
import { createPlan } from '../../plan/create-plan.js';
import { writePlanFile } from '../../plan/plan-file.js';
import { hasChanges } from '../../plan/summarize-plan.js';
import { renderPlan, type PlanFormat } from '../../report/render-plan.js';
import type { CliIo } from '../cli-io.js';
import { loadSettingsFromArgs, withCommonOptions, type CommonArgs } from '../common-options.js';
import { createCliGrafana } from '../create-client.js';
import type { DashsyncCommand } from '../define-command.js';
import { createProgressReporter } from '../progress.js';
import { pruneOption, parsePruneFlag } from '../prune-option.js';

interface PlanArgs extends CommonArgs {
  out?: string;
  format: PlanFormat;
  detailedExitcode?: boolean;
  prune?: string | boolean;
}

export const planCommand: DashsyncCommand<PlanArgs> = {
  command: 'plan',
  describe: 'Read the tree, fetch the live dashboards by uid and show what apply would change',
  builder: (yargs) =>
    withCommonOptions(yargs)
      .option('out', { type: 'string', describe: 'Save the plan for dashsync apply' })
      .option('format', {
        choices: ['text', 'markdown', 'json'] as const,
        default: 'text' as PlanFormat,
        describe: 'Output format (json: the documented public JSON, docs/plan-json.md)',
      })
      .option('detailed-exitcode', { type: 'boolean', describe: 'Exit 2 when the plan has changes (0 none, 1 error)' })
      .option('prune', pruneOption) as never,
  async run(args, io) {
    const settings = await loadSettingsFromArgs(args, io, { prune: parsePruneFlag(args.prune) });
    const grafana = createCliGrafana(settings, io);
    const progress = createProgressReporter('Planning', { stream: io.stderr });
    try {
      const plan = await createPlan({ settings, grafana, git: await readGitInfo(settings.cwd, io.env), onProgress: progress.onProgress });
      progress.stop();
      if (args.out) await writePlanFile(args.out, plan, io.cwd);
      io.stdout.write(renderPlan(plan, args.format, { color: stdoutColor(args.color, settings.color, io) }));
      if (args.out) io.stderr.write(`Saved the plan to ${args.out}; apply it with: dashsync apply ${args.out}\n`);
      return args.detailedExitcode && hasChanges(plan.summary) ? EXIT_CHANGES : EXIT_OK;
    } finally {
      progress.stop();
      await grafana.close();
    }
  },
};

/**
 * The plan goes to stdout, so colours follow stdout: `--color`/`--no-color` decide when given;
 * otherwise colour only when the settings allow it (NO_COLOR unset, a terminal) and stdout
 * itself is a terminal — `dashsync plan > plan.txt` writes no escape codes.
 */
function stdoutColor(flag: boolean | undefined, settingsColor: boolean, io: CliIo): boolean {
  return flag ?? (settingsColor && io.stdout.isTTY === true);
}
