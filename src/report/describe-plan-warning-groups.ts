import type { UnreviewedWhy } from '../apply/types.js';
import type { Shell } from '../describe-error.js';
import type { Plan } from '../plan/types.js';
import { describeUnreviewedPlanFile } from './describe-unreviewed-plan-file.js';
import { describeWarningGroups } from './describe-warning-groups.js';
import { ANNOTATED_EACH, LINES_PER_GROUP } from './limit-per-group.js';
import { planSelectionOf, type RunSelection } from './next-command.js';

/** A plan's warnings and notes as text and markdown print them (unescaped). */
export interface PlanWarningSentences {
  /** Deletes over maxDeletes: the apply of this plan refuses it whole (warnOverDeleteLimit puts it first). */
  refused: string[];
  /** The other warnings. */
  warnings: string[];
  notes: string[];
}

/**
 * Pure: describeWarningGroups of a plan's warnings, for text and markdown alike: alike ones limited unless `verbose`, their
 * advice in `shell`'s words and repeating `selection` (the run's; the plan's own by default), `driftKept` as describeWarningsIn takes it. `listsAll`: where the CLI's reader finds every one
 * a group cut short (the Action's reader: its annotations).
 */
export function describePlanWarningGroups(plan: Plan, options: { verbose?: boolean; shell?: Shell; driftKept?: UnreviewedWhy | false; selection?: RunSelection; listsAll: string }): PlanWarningSentences {
  const grouping = {
    linesPerGroup: options.verbose ? undefined : LINES_PER_GROUP,
    listsAll: options.shell === 'action' ? ANNOTATED_EACH : options.listsAll,
    selection: options.selection ?? planSelectionOf(plan),
    shell: options.shell,
    driftKept: options.driftKept,
  };
  const refused = describeWarningGroups(plan.warnings.filter((w) => w.kind === 'max-deletes'), grouping).warnings;
  const { warnings, notes } = describeWarningGroups(plan.warnings.filter((w) => w.kind !== 'max-deletes'), grouping);
  // A file the one-step apply saved, read back (show): no one reviewed it, drift or not. The Action's own step says so in its box.
  const unreviewed = plan.unreviewed === 'one-step' && options.shell !== 'action' ? [describeUnreviewedPlanFile('this plan', false)] : [];
  return { refused, warnings, notes: [...unreviewed, ...notes] };
}
