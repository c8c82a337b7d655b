import { runApply } from '../../apply/run-apply.js';
import { applySucceeded } from '../../apply/types.js';
import type { DeleteMode } from '../../config/types.js';
import { ConfigError, EXIT_ERROR, EXIT_OK } from '../../errors.js';
import { renderApplyProblems, renderApplyReport } from '../../report/render-apply-result.js';
import { renderPlanText } from '../../report/render-plan-text.js';
import { abortOnInterrupt } from '../../abort-on-signals.js';
import { loadSettingsFromArgs, withCommonOptions, type CommonArgs } from '../common-options.js';
import { createCliGrafana } from '../create-client.js';
import type { DashsyncCommand } from '../define-command.js';
import { createProgressReporter } from '../progress.js';
import { APPLY_OPTIONS } from '../options.js';
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
      .options(APPLY_OPTIONS) as never,
  async run(args, io) {
    if (args.plan && args.prune !== undefined) {
      throw new ConfigError(['--prune is decided when planning: the saved plan already lists its deletes (make one with dashsync plan --prune --out plan.json)']);
    }
    const settings = await loadSettingsFromArgs(args, io, {
      prune: parsePruneFlag(args.prune),
      maxDeletes: args.maxDeletes,
      message: args.message,
      deleteMode: args.deleteMode,
      backupDir: args.backupDir,
    });
    const grafana = await createCliGrafana(settings, io);
    const interrupt = abortOnInterrupt(io.stderr);
    const planning = createProgressReporter('Planning', { stream: io.stderr });
    const applying = createProgressReporter('Applying', { stream: io.stderr });
    try {
      const { result } = await runApply({
        settings,
        grafana,
        env: io.env,
        planFile: args.plan,
        force: args.force ?? false,
        deleteMode: args.deleteMode,
        signal: interrupt.signal,
        onProgress: (event) => (event.phase === 'plan' ? planning : applying).onProgress(event),
        onPlan: (plan, source) => {
          planning.stop();
          if (source === 'planned') io.stdout.write(renderPlanText(plan, { color: settings.color }));
        },
      });
      applying.stop();
      if (!result) {
        io.stdout.write('Nothing to apply: Grafana already matches the tree.\n');
        return EXIT_OK;
      }
      io.stderr.write(renderApplyProblems(result));
      io.stdout.write(renderApplyReport(result, { cwd: settings.cwd }));
      return applySucceeded(result) ? EXIT_OK : EXIT_ERROR;
    } finally {
      planning.stop();
      applying.stop();
      interrupt.dispose();
      await grafana.close();
    }
  },
};
