import { escapeText, quoteText } from './escape-untrusted.js';

/**
 * The GitHub Actions job a message is in, as the runner's variables name it; each part absent where not set (not on a
 * runner). `workflow`: GITHUB_WORKFLOW, the workflow's name (its file's path when it has none); `job`: GITHUB_JOB, the
 * job's id in the workflow file (`jobs.<id>`), which the run's page shows unless the job has a `name:`; `runUrl`: the
 * workflow run's page (GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID).
 */
export interface WorkflowJob {
  workflow?: string;
  job?: string;
  runUrl?: string;
}

/** The job a run of the Action is in, from the runner's environment. */
export function workflowJobOf(env: Record<string, string | undefined>): WorkflowJob {
  const { GITHUB_WORKFLOW: workflow, GITHUB_JOB: job, GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  // The page's address only from parts of the forms GitHub gives them: a made-up one would send the reader elsewhere.
  const runUrl =
    server && /^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(server) && repository && /^[\w.-]+\/[\w.-]+$/.test(repository) && runId && /^\d{1,20}$/.test(runId)
      ? `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}`
      : undefined;
  return {
    ...(workflow?.trim() ? { workflow: workflow.trim() } : {}),
    ...(job?.trim() ? { job: job.trim() } : {}),
    ...(runUrl !== undefined && { runUrl }),
  };
}

/**
 * What the Action's messages tell a user to do where the CLI's print a command to run: re-run the job the message is in,
 * which runs it again at the same commit. Named with its workflow and its run's page, and how GitHub's docs ("Re-running
 * workflows and jobs", "Re-running a specific job in a workflow") say to re-run one job: the re-run icon next to it, under
 * Jobs in the run page's sidebar (the "Re-run jobs" menu re-runs all the run's jobs, or all its failed ones).
 * `re-run job "deploy" of workflow "Dashboards" (its re-run icon under Jobs, on https://github.com/o/r/actions/runs/42)`;
 * `re-run this job (…, on its workflow run's page)` where the runner's variables are not there. Escaped: the names are the
 * workflow file's.
 */
export function describeRerun(job: WorkflowJob | undefined): string {
  const named = job?.job === undefined ? 'this job' : `job ${quoteText(job.job)}${job.workflow === undefined ? '' : ` of workflow ${quoteText(job.workflow)}`}`;
  return escapeText(`re-run ${named} (its re-run icon under Jobs, on ${job?.runUrl ?? "its workflow run's page"})`);
}

/** describeRerun at the start of a sentence. */
export function describeRerunFirst(job: WorkflowJob | undefined): string {
  const words = describeRerun(job);
  return `R${words.slice(1)}`;
}

/** `job "deploy"` (`this job` where the runner's variables are not there), for prose that names the job once more. Escaped. */
export function nameJob(job: WorkflowJob | undefined): string {
  return job?.job === undefined ? 'this job' : escapeText(`job ${quoteText(job.job)}`);
}

/**
 * What a saved plan that predates a change needs in the Action: a re-run of its job applies that same plan again, so only a
 * newer commit's run plans with the change. `a re-run of job "deploy" applies the same plan: push a commit to this branch
 * (or merge a pull request into it), whose run plans with both` (`planned`: what that run plans). Escaped.
 */
export function describeNewerRun(job: WorkflowJob | undefined, planned: string): string {
  return `a re-run of ${nameJob(job)} applies the same plan: push a commit to this branch (or merge a pull request into it), whose run plans ${planned}`;
}
