import type { DashboardSchema } from '../port.js';
import { DASHBOARD_GROUP, type ApisDiscovery } from './discover-apis.js';
import { MIXED_FLEET_DOC } from '../../files/find-v2-transformations.js';
import { renderNextCommand } from '../../report/next-command.js';

/** Which `dashboard.grafana.app` and `folder.grafana.app` versions this run uses, from discovery. */
export interface K8sVersions {
  /**
   * Lists and reads of classic dashboards: `v0alpha1` where served. It returns the spec as stored
   * (a v1/v1beta1 one as written, an `/api` one unmigrated); reading at `v1`/`v1beta1` would run
   * Grafana's schema migration over every dashboard saved through `/api` on the way out.
   */
  v1Read: string;
  /** Writes of a classic spec with no version of its own: `v1`, else `v1beta1` (never blindly the preferred version: 13 prefers v2). */
  v1Write: string;
  /** Every served v2 version, the server's order. */
  v2: string[];
  /** null when folder.grafana.app is not served. */
  folder: string | null;
  all: string[];
}

const isV2 = (version: string) => /^v2/.test(version);
const isV1Family = (version: string) => /^v[01]/.test(version);

/** Pure. null when the server serves no version that holds classic dashboards. */
export function chooseVersions(discovery: ApisDiscovery): K8sVersions | null {
  const served = discovery.dashboardVersions;
  const classic = served.filter(isV1Family);
  const v1Write = ['v1', 'v1beta1'].find((version) => served.includes(version)) ?? classic.find((version) => version !== 'v0alpha1') ?? classic[0];
  if (v1Write === undefined) return null;
  return {
    v1Read: served.includes('v0alpha1') ? 'v0alpha1' : v1Write,
    v1Write,
    v2: served.filter(isV2),
    folder: discovery.folderVersions[0] ?? null,
    all: [...served],
  };
}

/**
 * Pure: the version a dashboard is written at — the file's own where this server serves it, a
 * classic spec at the best served v1-family version otherwise; a v2 spec only at its own version
 * (v2alpha1, v2beta1 and v2 differ in shape). A string explains a refusal.
 */
export function writeVersionFor(versions: K8sVersions, schema: DashboardSchema, fileApiVersion: string | null): { version: string } | { refused: string } {
  const own = fileApiVersion?.startsWith(`${DASHBOARD_GROUP}/`) ? fileApiVersion.slice(DASHBOARD_GROUP.length + 1) : null;
  if (schema === 'v1') return { version: own !== null && isV1Family(own) && versions.all.includes(own) ? own : versions.v1Write };
  if (versions.v2.length === 0) {
    return { refused: `this Grafana serves no v2 dashboard API (it serves ${versions.all.join(', ')}); v2 dashboards need Grafana 12 or later` };
  }
  if (own === null) return { version: versions.v2[0]! };
  if (versions.v2.includes(own)) return { version: own };
  const served = `it serves ${versions.v2.join(', ')} for v2 dashboards`;
  if (own !== 'v2') return { refused: `this Grafana does not serve ${DASHBOARD_GROUP}/${own} (${served}); change the file's apiVersion to one of them` };
  // A v2 spec is a v2beta1 spec but for its transformations (Convert_V2_to_V2beta1): renaming the version is not enough when it has some.
  const target = versions.v2.includes('v2beta1') ? 'v2beta1' : versions.v2[0]!;
  return {
    refused: `this Grafana does not serve ${DASHBOARD_GROUP}/${own} (${served}): if no panel of the file has transformations, change its apiVersion to ${DASHBOARD_GROUP}/${target}; ` +
      `else set that apiVersion and run ${PULL_AT_13} to write 13's own conversion, see ${MIXED_FLEET_DOC}`,
  };
}

/** How writeVersionFor's refusal words the pull that writes 13's conversion, where it knows neither the uid nor the environments. */
const PULL_AT_13 = 'dashsync pull --force against Grafana 13';

/**
 * Pure: writeVersionFor's refusal with its pull as a command to paste (walk-69 L1): the dashboard's uid, and the environment to
 * pull from where the config has one other than this run's (the one on 13, as a fleet on 12 and 13 has it); with more, a
 * NAME to fill in.
 */
export function withPullAt13(refused: string, uid: string, run: { environment?: string; environments: readonly string[] }): string {
  const others = run.environments.filter((name) => name !== run.environment);
  // renderNextCommand puts a uid that begins with "-" after `--`, as every other advice line does.
  const pull = (env: string) => renderNextCommand(undefined, ['pull', ...(env === '' ? [] : ['--env', env]), '--force', uid]);
  const words =
    run.environment === undefined || others.length === 0
      ? `${pull('')} against Grafana 13`
      : others.length === 1
        ? `${pull(others[0]!)} (where ${others[0]}'s Grafana is 13)`
        : `${pull('NAME')} with NAME an environment on Grafana 13`;
  return refused.replace(PULL_AT_13, words);
}

/**
 * Pure: where to read a dashboard stored at `stored` so that it comes back unconverted — or, with `wanted` (the
 * version of the file it is compared with or written to), a v2 one at that served v2 version, converted by Grafana:
 * a v2beta1 spec is not a v2 spec (Convert_V2_to_V2beta1).
 */
export function readVersionFor(versions: K8sVersions, stored: string, wanted?: string): string {
  if (wanted !== undefined && isV2(stored) && versions.v2.includes(wanted)) return wanted;
  if (versions.all.includes(stored)) return stored;
  return isV2(stored) ? (versions.v2[0] ?? versions.v1Read) : versions.v1Read;
}
