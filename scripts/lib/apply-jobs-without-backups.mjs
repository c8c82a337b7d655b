// The jobs of a documented workflow that apply with the dashsync Action and keep no backups: an apply's prune saves each
// deleted dashboard under .dashsync/backups/ first, and a runner's disk goes with the job, so without an upload step
// (`if: always()`, actions/upload-artifact, a path under the backups directory) the backup of a prune is lost with it
// (walk-69 H1: on storage without "Recently deleted" it is the only copy). Used by check-docs.mjs and its test.

/** The names of the jobs in `workflow` (a parsed yaml document) with a dashsync `command: apply` step and no backups upload after it. */
export function applyJobsWithoutBackups(workflow) {
  const jobs = workflow !== null && typeof workflow === 'object' && workflow.jobs !== null && typeof workflow.jobs === 'object' ? workflow.jobs : {};
  return Object.entries(jobs).flatMap(([name, job]) => {
    const steps = Array.isArray(job?.steps) ? job.steps : [];
    const apply = steps.findIndex((step) => /\/dashsync@/.test(String(step?.uses ?? '')) && step?.with?.command === 'apply');
    if (apply === -1) return [];
    const kept = steps.slice(apply + 1).some(uploadsBackups);
    return kept ? [] : [name];
  });
}

function uploadsBackups(step) {
  return (
    /^actions\/upload-artifact@/.test(String(step?.uses ?? '')) &&
    /always\(\)/.test(String(step?.if ?? '')) &&
    /(^|\/)\.dashsync\/backups(\/|$)/.test(String(step?.with?.path ?? ''))
  );
}
