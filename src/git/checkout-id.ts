import { createHash } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * The id a push from a file not committed names its checkout by (`[uncommitted <id>]`): 12 hex digits of a sha256, so its
 * inputs are never shown. Of the pipeline where one is known (pipelineCheckout, which callers prefer), else of this
 * machine's name and the repository's top directory (git's `--show-toplevel`): two clones, or two worktrees, get two ids, and the same checkout the
 * same one run after run, without writing anything into it. Pure but for the host's name.
 */
export function checkoutId(repoTop: string, host: string = hostname()): string {
  return idOf(`${host}\u0000${repoTop}`);
}

/**
 * A pipeline's checkout id and the runs that share it: those given the same DASHSYNC_CHECKOUT_ID (`chosen`); a GitHub
 * Actions job's runs on any branch or tag (`github-job`); or that job's runs for one pull request (`pullRequest`).
 */
export interface PipelineCheckout {
  id: string;
  runs: 'chosen' | 'github-job' | { pullRequest: number };
}

/** The checkout id of a pipeline (pipelineIdentity), the same on every run of it; undefined where none is known. Pure. */
export function pipelineCheckout(env: Readonly<Record<string, string | undefined>>, environment: string | undefined): PipelineCheckout | undefined {
  const chosen = env.DASHSYNC_CHECKOUT_ID?.trim();
  if (chosen) return { id: idOf(`chosen\u0000${chosen}`), runs: 'chosen' };
  const job = githubJobIdentity(env, environment);
  if (job === undefined) return undefined;
  const pullRequest = pullRequestOfRun(env);
  if (pullRequest === undefined) return { id: idOf(job), runs: 'github-job' };
  return { id: idOf(`${job}\u0000pull/${pullRequest}`), runs: { pullRequest } };
}

function idOf(identity: string): string {
  return createHash('sha256').update(identity).digest('hex').slice(0, 12);
}

/**
 * What names one GitHub Actions job across its runs, whose host name and workspace change every run (a GitHub-hosted
 * runner, a container, a per-run workspace), so that a job applying files it generates takes its own earlier push as its
 * own: the repository, workflow and job, with the dashsync environment (a matrix runs one job per environment). The
 * workflow by its file, without the branch or tag the run is on (GITHUB_WORKFLOW_REF's `@refs/…`): a job that deploys each
 * tag or release runs on a new ref every time. undefined outside GitHub Actions. Pure.
 */
function githubJobIdentity(env: Readonly<Record<string, string | undefined>>, environment: string | undefined): string | undefined {
  const repository = env.GITHUB_REPOSITORY?.trim();
  const job = env.GITHUB_JOB?.trim();
  const workflow = env.GITHUB_WORKFLOW_REF?.trim().replace(/@refs\/.*$/s, '') || env.GITHUB_WORKFLOW?.trim();
  if (env.GITHUB_ACTIONS !== 'true' || !repository || !job || !workflow) return undefined;
  return `github\u0000${repository}\u0000${workflow}\u0000${job}\u0000${environment ?? ''}`;
}

/**
 * The pull request a `pull_request` run is for: its ref (GITHUB_REF, else GITHUB_WORKFLOW_REF's `@refs/…`) is
 * `refs/pull/<N>/merge` (or `/head`). Such a run plans GitHub's merge of that pull request, a tree no branch holds: its
 * push is kept apart from the job's runs on branches and from other pull requests' (rev-69c), while every run of the one
 * pull request shares it. A `pull_request_target` run is on the base branch's ref, and is that branch's. Pure.
 */
function pullRequestOfRun(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const ref = env.GITHUB_REF?.trim() || env.GITHUB_WORKFLOW_REF?.trim().replace(/^[^@]*@/s, '');
  const match = ref === undefined ? null : /^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(ref);
  return match === null ? undefined : Number(match[1]);
}
