/**
 * How to merge a committed change with Grafana's version by hand, after `force` (a `pull --force` command): Grafana's
 * version is committed first, so that the next plan finds the live edit in git (its `edit in git` note) instead of
 * warning of drift, and the change is then made again over it from its own commit.
 */
export function renderHandMergeSteps(force: string): string {
  return `${force}, git commit the pulled file, bring your change back from its commit, git commit`;
}
