import type { ConfigFile } from './validate-config-file.js';

/**
 * Pure: the environments of the file that deploy into one Grafana org, in groups of two or more (config order): the same
 * `url` (each its own, else the top level's; validated URLs are already normalised: scheme and host in lower case, no
 * default port, no trailing slash) and the same `orgId` (1 when unset, Grafana's default org). An environment without a
 * url in the file is in no group: where it deploys is only known at run time (GRAFANA_URL, --url).
 */
export function findEnvironmentsSharingOrg(config: ConfigFile): string[][] {
  const byOrg = new Map<string, string[]>();
  for (const [name, values] of Object.entries(config.environments)) {
    const url = values.url ?? config.values.url;
    if (url === undefined) continue;
    const key = `${values.orgId ?? config.values.orgId ?? 1}\u0000${url}`;
    byOrg.set(key, [...(byOrg.get(key) ?? []), name]);
  }
  return [...byOrg.values()].filter((names) => names.length > 1);
}
