import type { PipelineCheckout } from '../git/checkout-id.js';
import type { DashboardAction } from '../plan/types.js';

/** A dashboard this apply saved from a file HEAD did not hold as it was: its version message says `[uncommitted]`. */
interface UncommittedPush {
  uid: string;
  /** The file, as the plan's action names it. */
  file: string;
}

/** How many files the warning names before `and N more`. */
const NAMED = 10;

/**
 * Pure: the saves this apply made (`saved`: created, updated or moved; a save that found Grafana already holding the file
 * made no version) of files HEAD does not hold as they are (`uncommitted`: PushSource), in the plan's order. A save that went
 * without its content note (`unnoted`) says no `[uncommitted]` either: the unnoted-saves warning names it.
 */
export function findUncommittedPushes(
  actions: readonly DashboardAction[],
  saved: ReadonlySet<string>,
  uncommitted: ReadonlySet<string> | undefined,
  unnoted: ReadonlySet<string>,
): UncommittedPush[] {
  if (uncommitted === undefined || uncommitted.size === 0) return [];
  return actions.flatMap((action) =>
    action.file !== null && uncommitted.has(action.file) && saved.has(action.uid) && !unnoted.has(action.uid) ? [{ uid: action.uid, file: action.file }] : [],
  );
}

/**
 * The apply's one warning for its pushes of files HEAD did not hold as they were (findUncommittedPushes): no commit holds what
 * Grafana has now, and every other checkout's plan counts it as someone else's change (an apply no one reviewed there keeps it
 * as a conflict) until a commit holds it. `pipeline`: the runs the push's checkout id names (PipelineCheckout's `runs`: a
 * GitHub Actions job, one pull request's runs of it, DASHSYNC_CHECKOUT_ID), which take it as their own (review-69b L3: "a CI
 * run" read as this job's next run too, and a job that generates its files by design was told to commit them; rev-69c: a
 * job's runs for a pull request are apart from its others). null when there are none. Pure.
 */
export function describeUncommittedPushes(pushes: readonly UncommittedPush[], pipeline?: PipelineCheckout['runs']): string | null {
  if (pushes.length === 0) return null;
  const one = pushes.length === 1;
  const files = pushes.slice(0, NAMED).map((push) => push.file).join(', ') + (pushes.length > NAMED ? `, and ${pushes.length - NAMED} more` : '');
  const them = one ? 'it' : 'them';
  const head =
    `${one ? '1 dashboard was' : `${pushes.length} dashboards were`} pushed from ${one ? 'a file' : 'files'} git's HEAD does not hold as ${one ? 'it is' : 'they are'} ` +
    `(an edit not committed, or a file git does not track): ${files}. No commit holds ${one ? 'that version' : 'those versions'}: ${one ? 'its version message says' : 'their version messages say'} [uncommitted], `;
  if (pipeline === undefined) return `${head}and a plan in any other checkout (another clone, a CI job) counts ${them} as someone else's change until a commit holds ${them}; commit ${one ? 'the file' : 'these files'} and push the commit`;
  const [named, others] = sharingRuns(pipeline);
  return (
    `${head}naming ${named} (a re-run of an older one too) take ${them} as their own and apply over ${them}, ` +
    `while a plan in ${others} counts ${them} as someone else's change until a commit holds ${them}; ` +
    `where this job generates ${one ? 'the file' : 'these files'} on every run, that is expected, else commit ${one ? 'it' : 'them'} and push the commit`
  );
}

/** The runs that share a pipeline's checkout id, and those that do not, as the warning names them. */
function sharingRuns(pipeline: PipelineCheckout['runs']): [string, string] {
  if (pipeline === 'chosen') return ['this pipeline: its later runs', 'any other job, workflow or clone'];
  if (pipeline === 'github-job') return ['this pipeline: its later runs on any branch or tag', "any other job, workflow or clone, or in this job's runs for a pull request,"];
  return [
    `this job's runs for pull request #${pipeline.pullRequest}: its later runs for that pull request`,
    "any other job, workflow, pull request or clone, or in this job's runs on a branch or tag,",
  ];
}
