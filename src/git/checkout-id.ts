import { createHash } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * The id a push from a file not committed names its checkout by (`[uncommitted <id>]`): 12 hex digits of a sha256, so its
 * inputs are never shown. Of the pipeline where one is known (pipelineCheckoutId, which callers prefer), else of this
 * machine's name and the repository's top directory (git's `--show-toplevel`): two clones, or two worktrees, get two ids, and the same checkout the
 * same one run after run, without writing anything into it. Pure but for the host's name.
 */
export function checkoutId(repoTop: string, host: string = hostname()): string {
  return idOf(`${host}\u0000${repoTop}`);
}

/** The checkout id of a pipeline (pipelineIdentity), the same on every run of it; undefined where none is known. Pure. */
export function pipelineCheckoutId(env: Readonly<Record<string, string | undefined>>, environment: string | undefined): string | undefined {
  const pipeline = pipelineIdentity(env, environment);
  return pipeline === undefined ? undefined : idOf(pipeline);
}

function idOf(identity: string): string {
  return createHash('sha256').update(identity).digest('hex').slice(0, 12);
}

/**
 * What names one pipeline across its runs, whose host name and workspace change every run (a GitHub-hosted runner, a
 * container, a per-run workspace), so that a job applying files it generates takes its own earlier push as its own:
 * DASHSYNC_CHECKOUT_ID where set; in GitHub Actions the repository, workflow and job, with the dashsync environment (a
 * matrix runs one job per environment). The workflow by its file, without the branch or tag the run is on
 * (GITHUB_WORKFLOW_REF's `@refs/…`): a job that deploys each tag or release runs on a new ref every time.
 * undefined elsewhere (checkoutId then names the machine and directory). Pure.
 */
function pipelineIdentity(env: Readonly<Record<string, string | undefined>>, environment: string | undefined): string | undefined {
  const chosen = env.DASHSYNC_CHECKOUT_ID?.trim();
  if (chosen) return `chosen\u0000${chosen}`;
  const repository = env.GITHUB_REPOSITORY?.trim();
  const job = env.GITHUB_JOB?.trim();
  const workflow = env.GITHUB_WORKFLOW_REF?.trim().replace(/@refs\/.*$/s, '') || env.GITHUB_WORKFLOW?.trim();
  if (env.GITHUB_ACTIONS !== 'true' || !repository || !job || !workflow) return undefined;
  return `github\u0000${repository}\u0000${workflow}\u0000${job}\u0000${environment ?? ''}`;
}
