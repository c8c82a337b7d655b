/**
 * What the Action's messages tell a user to do where the CLI's print a command to run: re-run the job the message is in,
 * from its workflow run's page on GitHub (the "Re-run jobs" button), which runs the same workflow at the same commit.
 */
export const RERUN_THIS_JOB = "re-run this job (Re-run jobs, on this workflow run's page)";
/** RERUN_THIS_JOB at the start of a sentence. */
export const RERUN_THIS_JOB_FIRST = `R${RERUN_THIS_JOB.slice(1)}`;
