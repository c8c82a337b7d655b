import { describe, expect, it } from 'vitest';
import { PlanFileError } from '../../../src/errors.js';
import { planAgain, planAgainStepOf, renderPlanAgain } from '../../../src/report/plan-again.js';

describe('planAgain and renderPlanAgain', () => {
  const selection = { environment: 'prod', api: 'legacy' as const, prune: 'all' as const };

  it('without the run: the words of before, for the Action and any shell that knows no flags', () => {
    expect(new PlanFileError('stale', planAgain({ review: true })).message).toBe('stale. Run dashsync plan again and review it');
    expect(planAgain({ review: false, fixFileFirst: true }).cli).toBe('Fix the file (dashsync check), then run dashsync plan again');
    expect(planAgain({ review: false, after: ': why' }).cli).toBe('Run dashsync plan again: why');
    // walk-59 H2: a re-run of the pull request's plan plans its old commit again; only a new run makes a new plan.
    expect(planAgain({ review: true }).action).toBe(
      'Make the plan again and review it: push a commit to this branch (or merge a pull request into it), whose run plans anew (a re-run of this job reads this same file)',
    );
    expect(planAgain({ review: false, after: ': why' }).action).toBe(
      'Make the plan again: why; push a commit to this branch (or merge a pull request into it), whose run plans anew (a re-run of this job reads this same file)',
    );
    expect(planAgainStepOf('Run dashsync plan again')).toBeUndefined();
    expect(planAgainStepOf(planAgain({ review: true }))).toEqual({ review: true });
  });

  it('a saved plan: made again into its file with the flags, then applied', () => {
    expect(renderPlanAgain({ review: true }, selection, 'out/p.json')).toBe(
      'Run dashsync plan --env prod --api legacy --prune all --out out/p.json again and review it, then dashsync apply --env prod --api legacy out/p.json',
    );
    expect(renderPlanAgain({ review: false, before: 'Take those files back from git, then ' }, selection, 'p.json')).toBe(
      'Take those files back from git, then run dashsync plan --env prod --api legacy --prune all --out p.json again, then dashsync apply --env prod --api legacy p.json',
    );
  });

  // review-53 F4: the check the step begins with takes the run's flags of place too, or it judges another environment's tree.
  it('a step that begins with a check: the check with the flags check takes, then the plan and the apply', () => {
    expect(renderPlanAgain({ review: false, fixFileFirst: true }, { ...selection, include: ['team a/**'], root: 'grafana' }, 'p.json')).toBe(
      "Fix the file (dashsync check --env prod --root grafana --include 'team a/**'), then run dashsync plan --env prod --api legacy --root grafana --include 'team a/**' --prune all --out p.json again, then dashsync apply --env prod --api legacy p.json",
    );
  });

  it('an apply that made its own plan: a plan to review, then the apply; or the apply again', () => {
    const folders = { ...selection, prune: 'folders' as const };
    expect(renderPlanAgain({ review: true }, folders, undefined)).toBe('Run dashsync plan --env prod --api legacy --prune again and review it, then dashsync apply --env prod --api legacy --prune');
    expect(renderPlanAgain({ review: false, after: ': why' }, folders, undefined)).toBe('Run dashsync apply --env prod --api legacy --prune again: why');
  });

  // fixo-73: an apply that plans anew with prune "all" deletes whatever no file holds, unasked outside a terminal.
  it('one that prunes "all": a plan saved to review, then its apply, whether the step asked for a review or not', () => {
    const reviewed = 'Run dashsync plan --env prod --api legacy --prune all --out plan.json again and review it, then dashsync apply --env prod --api legacy plan.json';
    expect(renderPlanAgain({ review: true }, selection, undefined)).toBe(reviewed);
    expect(renderPlanAgain({ review: false, after: ': why' }, selection, undefined)).toBe(`${reviewed}: why`);
  });
});
