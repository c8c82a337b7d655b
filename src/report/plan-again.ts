import type { ApiMode } from '../config/types.js';
import { endedBeforeFirstWrite, markNothingApplied, PlanFileError, type NextStep } from '../errors.js';
import { advisesReviewedPlan, renderNextCommand, REVIEWED_PLAN_FILE, type RunSelection } from './next-command.js';

/** How the Action makes a new saved plan, after the plan step it names: a new run, as a re-run of a job reads the same commit and file. */
export const ACTION_NEW_PLAN_RUN = 'push a commit to this branch (or merge a pull request into it), whose run plans anew (a re-run of this job reads this same file)';

/**
 * The same under `require-plan: true`, where a push straight to the branch has no reviewed plan and is refused: only a
 * pull request's run plans for review (one that changes nothing the workflow's `paths:` watch starts no run).
 */
const ACTION_NEW_PLAN_RUN_REQUIRE_PLAN =
  'open a pull request that changes a dashboard file (or the config) and merge it once its plan is reviewed, whose run plans anew: a push straight to this branch is refused (require-plan is true), and a re-run of this job reads this same file';

/** A next step that makes a new plan: `review` (what it would apply changed, so the new plan is to be read first); words said before and after it. */
export interface PlanAgainStep {
  review: boolean;
  /** `Fix the file (dashsync check), then `: the step's own beginning, which leads to the command (then lower-cased). */
  before?: string;
  /** The step begins `Fix the file (dashsync check), then `, its check with this run's flags where a shell knows them (renderPlanAgain). */
  fixFileFirst?: boolean;
  /** `: a plan made before a rollback …`: said after it. */
  after?: string;
  /**
   * The `--api` value that applies the saved plan as it is (its API is not this run's: checkPlanApi), named before the new
   * plan: the way on where the plan's run gave `--api` and this one took the config file's.
   */
  applyWithApi?: ApiMode;
}

/** A refusal's next step that a new plan resolves: `cli`/`action` the words without the run's flags, which a shell that knows them replaces (renderPlanAgain). */
export type PlanAgainNext = { cli: string; action: string; planAgain: PlanAgainStep };

/**
 * `Run dashsync plan again and review it`: the step in words that name no flag (any shell's that knows none); the Action's
 * says how it makes a new plan (a re-run of the pull request's plan would plan its old commit again).
 */
export function planAgain(step: PlanAgainStep, { requirePlan = false }: { requirePlan?: boolean } = {}): PlanAgainNext {
  const newRun = requirePlan ? ACTION_NEW_PLAN_RUN_REQUIRE_PLAN : ACTION_NEW_PLAN_RUN;
  const before = beginningOf(step, 'dashsync check');
  const review = step.review ? ' and review it' : '';
  const words = `${before ?? ''}${before ? 'run' : 'Run'} dashsync plan again${review}${step.after ?? ''}`;
  const make = `${before ?? ''}${before ? 'make' : 'Make'} the plan again${review}`;
  const action = step.after === undefined ? `${make}: ${newRun}` : `${make}${step.after}; ${newRun}`;
  if (step.applyWithApi === undefined) return { cli: words, action, planAgain: step };
  const api = `--api ${step.applyWithApi}`;
  return {
    cli: `Apply it with ${api} (the API it was made through), or ${lowerFirst(words)}`,
    action: `Give the apply step's "args" input ${api} (the API the plan was made through), or ${lowerFirst(action)}`,
    planAgain: step,
  };
}

/**
 * A plan-file refusal as an Action step with `require-plan: true` says it: its new plan comes from a reviewed pull
 * request, not a push (M1 of walk-68b). Any other error is returned as it is.
 */
export function underRequirePlan(error: unknown): unknown {
  if (!(error instanceof PlanFileError)) return error;
  const step = planAgainStepOf(error.next);
  if (step === undefined) return error;
  const reworded = new PlanFileError(error.problem, planAgain(step, { requirePlan: true }));
  const done = endedBeforeFirstWrite(error);
  return done === undefined ? reworded : markNothingApplied(reworded, done);
}

/** The step of a next step made by planAgain; undefined for any other. */
export function planAgainStepOf(next: NextStep | undefined): PlanAgainStep | undefined {
  return typeof next === 'object' && 'planAgain' in next ? (next as PlanAgainNext).planAgain : undefined;
}

/**
 * The step as the CLI's apply says it, commands with this run's flags that can be pasted as printed (renderNextCommand):
 * a saved plan is made again into its file, then applied (`Run dashsync plan --env prod --out plan.json again and review
 * it, then dashsync apply --env prod plan.json`); an apply that made its own plan is run again, after a plan to review
 * where the step asks for one (`Run dashsync plan again and review it, then dashsync apply`); one that prunes `all`, by a
 * plan saved to review (`Run dashsync plan --prune all --out plan.json again and review it, then dashsync apply plan.json`).
 */
export function renderPlanAgain(step: PlanAgainStep, selection: RunSelection | undefined, savedPlanFile: string | undefined): string {
  // An apply that plans anew and prunes `all` is a plan to review and its file (advisesReviewedPlan).
  const planFile = savedPlanFile ?? (advisesReviewedPlan(selection) ? REVIEWED_PLAN_FILE : undefined);
  const review = step.review || planFile !== savedPlanFile;
  const apply = renderNextCommand(selection, planFile === undefined ? 'apply' : ['apply', planFile]);
  const sentence =
    planFile === undefined && !review
      ? `Run ${apply} again`
      : `Run ${renderNextCommand(selection, planFile === undefined ? 'plan' : ['plan', '--out', planFile])} again${review ? ' and review it' : ''}, then ${apply}`;
  const before = beginningOf(step, renderNextCommand(selection, 'check'));
  const worded = `${before === undefined ? sentence : `${before}${lowerFirst(sentence)}`}${step.after ?? ''}`;
  if (step.applyWithApi === undefined || savedPlanFile === undefined) return worded;
  return `${renderNextCommand({ ...selection, api: step.applyWithApi }, ['apply', savedPlanFile])} applies it through the API it was made through; or ${lowerFirst(worded)}`;
}

function lowerFirst(text: string): string {
  return `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}

/** The words said before the step's command (`check`: the check it advises, as this shell is to run it). */
function beginningOf(step: PlanAgainStep, check: string): string | undefined {
  return step.fixFileFirst === true ? `Fix the file (${check}), then ${step.before ?? ''}` : step.before;
}
