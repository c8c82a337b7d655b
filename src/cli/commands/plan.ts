import { readGitInfo } from '../../config/read-git-info.js';
import { ConfigError, EXIT_CHANGES, EXIT_OK } from '../../errors.js';
import { createPlan } from '../../plan/create-plan.js';
import { writePlanFile } from '../../plan/plan-file.js';
import { hasChanges } from '../../plan/summarize-plan.js';
import { renderPlan, type PlanFormat } from '../../report/render-plan.js';
import { createCliClient } from '../create-client.js';
import { loadSettingsFromArgs, withCommonOptions, type CommonArgs } from '../common-options.js';
import type { DashsyncCommand } from '../define-command.js';
import { planEachEnvironment } from '../plan-each-environment.js';
import { createProgressReporter } from '../progress.js';
import { pruneOption, parsePruneFlag } from '../prune-option.js';
import { stdoutColor } from '../stdout-color.js';

export interface PlanArgs extends CommonArgs {
  out?: string;
  format: PlanFormat;
  detailedExitcode?: boolean;
  prune?: string | boolean;
  allEnvs?: boolean;
}

export const planCommand: DashsyncCommand<PlanArgs> = {
  command: 'plan',
  describe: 'Read the tree, fetch the live dashboards by uid and show what apply would change',
  builder: (yargs) =>
    withCommonOptions(yargs)
      .option('env', { type: 'string', array: true, describe: 'Environment of the config file (or DASHSYNC_ENV); repeat it to plan several in one run' })
      .option('all-envs', { type: 'boolean', describe: 'Plan every environment of the config file, one after another' })
      .option('out', { type: 'string', describe: 'Save the plan (JSON) for dashsync apply; a directory with several environments (<env>.plan.json each)' })
      .option('format', { choices: ['text', 'markdown', 'json'] as const, default: 'text' as PlanFormat, describe: 'Output format' })
      .option('detailed-exitcode', { type: 'boolean', describe: 'Exit 2 when the plan has changes (0 none, 1 error)' })
      .option('prune', pruneOption) as never,
  async run(args) {
    const names = environmentsToPlan(args);
    if (names !== undefined) return planEachEnvironment(args, names);
    const settings = await loadSettingsFromArgs(args, { prune: parsePruneFlag(args.prune) });
    const client = createCliClient(settings);
    const progress = createProgressReporter('Planning');
    try {
      const plan = await createPlan({ settings, client, git: await readGitInfo(settings.cwd, process.env), onProgress: progress.onProgress });
      progress.stop();
      if (args.out) await writePlanFile(args.out, plan);
      process.stdout.write(renderPlan(plan, args.format, { color: stdoutColor(args.color, settings.color) }));
      if (args.out) process.stderr.write(`Saved the plan to ${args.out}; apply it with: dashsync apply${settings.environment ? ` --env ${settings.environment}` : ''} ${args.out}\n`);
      return args.detailedExitcode && hasChanges(plan.summary) ? EXIT_CHANGES : EXIT_OK;
    } finally {
      progress.stop();
      await client.close();
    }
  },
};

/** Several environments (`--env a --env b`, `--all-envs`): their names, or 'all'; undefined for a single run. */
function environmentsToPlan(args: PlanArgs): string[] | 'all' | undefined {
  const named = Array.isArray(args.env) ? args.env : args.env === undefined ? [] : [args.env];
  if (args.allEnvs && named.length > 0) throw new ConfigError(['--all-envs plans every environment: leave out --env, or drop --all-envs']);
  if (args.allEnvs) return 'all';
  return named.length > 1 ? named : undefined;
}
