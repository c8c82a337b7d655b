/**
 * How to merge a committed change with Grafana's version by hand, after a `pull --force`: Grafana's version is committed
 * first, so that the next plan finds the live edit in git (its `edit in git` note) instead of warning of drift, and the
 * change is then made again over it from its own commit. `many`: said of several files.
 */
export function renderHandMergeSteps(many = false): string {
  return many
    ? 'git commit the pulled files, bring your changes back from their commits, git commit'
    : 'git commit the pulled file, bring your change back from its commit, git commit';
}
