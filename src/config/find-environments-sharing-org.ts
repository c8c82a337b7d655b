import type { ConfigFile } from './validate-config-file.js';
import { groupBy } from '../group-by.js';

/** Where the file says an environment deploys: its url (its own, else the top level's) and orgId; undefined without a url in the file. */
function orgOf(config: ConfigFile, name: string): { url: string; orgId: number } | undefined {
  const values = config.environments[name]!;
  const url = values.url ?? config.values.url;
  return url === undefined ? undefined : { url, orgId: values.orgId ?? config.values.orgId ?? 1 };
}

/**
 * Pure: the environments of the file that deploy into one Grafana org, in groups of two or more (config order): the same
 * `url` (each its own, else the top level's; validated URLs are already normalised: scheme and host in lower case, no
 * default port, no trailing slash) and the same `orgId` (1 when unset, Grafana's default org). An environment without a
 * url in the file is in no group: where it deploys is only known at run time (GRAFANA_URL, --url).
 */
export function findEnvironmentsSharingOrg(config: ConfigFile): string[][] {
  const byOrg = groupBy(Object.keys(config.environments), (name) => {
    const org = orgOf(config, name);
    return org === undefined ? undefined : `${org.orgId}\u0000${org.url}`;
  });
  return [...byOrg].filter(([key, names]) => key !== undefined && names.length > 1).map(([, names]) => names);
}

/**
 * Pure: the other environments the file places in another Grafana org than `environment` (config order), each with
 * whether that is another Grafana (`grafana`: another url) or another org of the same one (`org`). Only what the file
 * tells: an environment without a url in it (GRAFANA_URL, --url at run time) may deploy anywhere, so it is in none.
 */
export function findEnvironmentsInOtherOrgs(config: ConfigFile, environment: string): Record<string, 'grafana' | 'org'> {
  const mine = orgOf(config, environment);
  if (mine === undefined) return {};
  const others: Record<string, 'grafana' | 'org'> = {};
  for (const name of Object.keys(config.environments)) {
    const org = name === environment ? undefined : orgOf(config, name);
    if (org === undefined) continue;
    if (org.url !== mine.url) others[name] = 'grafana';
    else if (org.orgId !== mine.orgId) others[name] = 'org';
  }
  return others;
}

/** Pure: where the file says each environment deploys (url and orgId), for those with a url in the file. */
export function findEnvironmentTargets(config: ConfigFile): Record<string, { url: string; orgId: number }> {
  const targets: Record<string, { url: string; orgId: number }> = {};
  for (const name of Object.keys(config.environments)) {
    const org = orgOf(config, name);
    if (org !== undefined) targets[name] = org;
  }
  return targets;
}
