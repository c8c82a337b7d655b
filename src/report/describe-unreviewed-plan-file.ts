/**
 * A plan file the Action's one-step apply saved (Plan.unreviewed), named as `subject`: what an apply of it does to the edits
 * made in Grafana (`applying`: said by that apply, "this apply"; else by a reader of the file, "an apply of it").
 */
export function describeUnreviewedPlanFile(subject: string, applying: boolean): string {
  return `${subject} was saved by the Action's one-step apply, which no one reviewed: ${applying ? 'this apply' : 'an apply of it'} leaves every edit made in Grafana it would overwrite untouched (a conflict) unless it is run with --force`;
}
