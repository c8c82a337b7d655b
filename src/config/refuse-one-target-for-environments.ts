/** Where one environment's run goes: the url and orgId its config file gives it, and what replaces them for this run. */
export interface RunTarget {
  environment: string | undefined;
  /** `file`: the environment's own url, else the top level's, as shown (credentials in it redacted). */
  url: { file: string | undefined; replacedBy: '--url' | 'GRAFANA_URL' | undefined };
  orgId: { file: number | undefined; replacedBy: '--org-id' | 'GRAFANA_ORG_ID' | undefined };
}

/**
 * Pure: the problems of a run over several environments (`plan --all-envs`, `--env a --env b`) whose `--url`,
 * `--org-id`, GRAFANA_URL or GRAFANA_ORG_ID would send environments the file sends to different Grafanas (or
 * orgs) to one: each would be planned, with its own inputs, against the same Grafana, and nothing would say so.
 * One value for all of them collapses nothing when the file gives them all the same one (or none).
 */
export function refuseOneTargetForEnvironments(targets: readonly RunTarget[], fileLabel: string): string[] {
  if (targets.length < 2) return [];
  const problems: string[] = [];
  const urlProblem = describeCollapse(targets, (target) => target.url, { key: 'url', plural: 'urls', fileLabel });
  const orgProblem = describeCollapse(targets, (target) => target.orgId, { key: 'orgId', plural: 'org ids ("orgId")', fileLabel });
  for (const problem of [urlProblem, orgProblem]) if (problem !== null) problems.push(problem);
  return problems;
}

function describeCollapse<T>(
  targets: readonly RunTarget[],
  valueOf: (target: RunTarget) => { file: T | undefined; replacedBy: string | undefined },
  words: { key: string; plural: string; fileLabel: string },
): string | null {
  const by = valueOf(targets[0]!).replacedBy;
  if (by === undefined) return null;
  const files = targets.map((target) => valueOf(target).file);
  if (files.every((value) => value === files[0])) return null;
  const each = targets.map((target, index) => `${target.environment}: ${files[index] === undefined ? `no ${words.key}` : String(files[index])}`).join(', ');
  const fix = by.startsWith('--') ? `drop ${by}, or plan one environment at a time (--env NAME ${by} …)` : `unset ${by}, or plan one environment at a time (--env NAME)`;
  return `${by} sends every environment of this run to one ${words.key === 'url' ? 'Grafana' : 'org'}, but ${words.fileLabel} gives them different ${words.plural} (${each}): with several environments each one's own is used; ${fix}`;
}
