import { collectWithoutIncrementalMarking } from '../../gc-without-incremental-marking.js';
import type { PlanFormat } from '../../report/render-plan.js';
import { withCommonOptions, type CommonArgs } from '../common-options.js';
import type { DashsyncCommand } from '../define-command.js';
import { PLAN_OPTIONS } from '../options.js';
import { planPruneOption } from '../prune-option.js';

export interface PlanArgs extends CommonArgs {
  out?: string;
  format: PlanFormat;
  detailedExitcode?: boolean;
  prune?: string | boolean;
  allEnvs?: boolean;
  maxDeletes?: number;
}

export const planCommand: DashsyncCommand<PlanArgs> = {
  command: 'plan',
  describe: 'Read the tree, read the live dashboards from Grafana and show what apply would change',
  builder: (yargs) => withCommonOptions(yargs).options(PLAN_OPTIONS).option('prune', planPruneOption) as never,
  // The planner is imported when the command runs: `plan --help` does not load it.
  // A plan waits on Grafana: V8's collector without incremental marking, set as the plan runs (not when it is loaded).
  run: async (args, io) => {
    collectWithoutIncrementalMarking();
    return (await import('./run-plan.js')).runPlan(args, io);
  },
};
