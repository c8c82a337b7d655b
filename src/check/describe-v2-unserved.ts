import type { DeclaredGrafana } from '../config/types.js';
import { MIXED_FLEET_DOC } from '../files/find-v2-transformations.js';
import { parseRelease } from '../grafana/parse-release.js';
import { DASHBOARD_GROUP } from '../files/dashboard-api-version.js';
import { joinAnd } from '../report/join-and.js';

/** `check`'s rule: a v2 dashboard file that a Grafana the config describes cannot take, so its plan would stop on it. */
export const V2_UNSERVED_RULE = 'v2-unserved';

/** The v2 versions of dashboard.grafana.app each 12.x serves, with or without `dashboardNewLayouts` (register.go GetGroupVersions; src/sandbox/README.md). */
const SERVED_BY_12 = ['v2beta1', 'v2alpha1'];

/**
 * The version 12.0 and 12.1 likely lack (UNCONFIRMED, src/sandbox/README.md): v2beta1 came with Grafana's pull request
 * #108172, opened 2025-07-16, after 12.0.0 (2025-05-05) and days before 12.1.0, with no backport to either found. A
 * file at it is warned of, not refused, for a `grafanaVersion` that names one of them: the plan reads what Grafana serves.
 */
const LIKELY_AFTER_12_1 = 'v2beta1';

/** Why a Grafana cannot take a v2 file, or (a warning) may not: describeV2Unserved's answer. */
export interface V2Unserved {
  severity: 'error' | 'warning';
  message: string;
}

/**
 * Pure: why the Grafana `declared` describes (that of `environments`, one or several that the config gives the same
 * values at the same places; none: the run's) cannot take this v2 dashboard file, and what to do, as one sentence; null
 * when it can, or when the config does not tell (no `grafanaVersion`, or 13 and later, which serve every v2 version). The
 * API comes first: `"api": "legacy"` takes no v2 file on any release.
 */
export function describeV2Unserved(
  file: { uid: string; apiVersion: string | null },
  environments: readonly string[],
  declared: DeclaredGrafana,
  what = `dashboard ${file.uid} is a ${file.apiVersion ?? 'v2 dashboard'} file`,
): V2Unserved | null {
  const several = environments.length > 1;
  const who = environments.length === 0 ? 'the Grafana this config deploys to' : `${several ? 'environments' : 'environment'} ${joinAnd(environments)}`;
  const leaveOut = `leave it out of ${environments.length === 0 ? 'the' : `${joinAnd(environments.map((name) => `${name}'s`))}`} include/exclude`;
  const stops = several ? 'their plans would stop on this file' : 'its plan would stop on this file';
  const version = file.apiVersion?.startsWith(`${DASHBOARD_GROUP}/`) ? file.apiVersion.slice(DASHBOARD_GROUP.length + 1) : null;
  if (declared.api === 'legacy') {
    const from = declared.apiFrom === undefined ? '' : ` (${declared.apiFrom})`;
    // Only 13 serves v2: "auto" on 12 would stop the plan again, at this version (api-unwritable).
    const apis = version === 'v2'
      ? `Set "api" to "auto" there if ${several ? 'their Grafanas run' : 'its Grafana runs'} 13 or later (12 serves v2beta1 and v2alpha1, not v2: for 12, make it a ${DASHBOARD_GROUP}/v2beta1 file, ${MIXED_FLEET_DOC} says how); or keep this dashboard a classic (v1) file`
      : 'Set "api" to "auto" there';
    return refused(`${what}, and ${who} ${several ? 'use' : 'uses'} the legacy /api${from}, which takes no v2 dashboard: ${stops}. ${apis}, or ${leaveOut}`);
  }
  const release = declared.release === undefined ? null : parseRelease(declared.release.includes('.') ? declared.release : `${declared.release}.0`);
  if (release === null || release.major >= 13) return null;
  const runs = `${who} ${several ? 'run' : 'runs'} Grafana ${declared.release} (${declared.releaseFrom})`;
  if (release.major < 12) {
    return refused(`${what}, and ${runs}, which serves no v2 dashboard API (Grafana 12 and later do): ${stops}. Keep this dashboard a classic (v1) file, or ${leaveOut}`);
  }
  if (version === null) return null;
  // "12" alone names no minor: any 12.x, which serves v2beta1 from 12.2 on.
  const minorNamed = declared.release!.split('.').length > 1;
  if (version === LIKELY_AFTER_12_1 && minorNamed && release.minor <= 1) {
    return {
      severity: 'warning',
      message:
        `${what}, and ${runs}, which likely serves v2alpha1 alone for v2 dashboards: ${version} came after 12.1.0 (Grafana's pull request #108172, ` +
        `opened after 12.0 shipped, with no backport found; not confirmed), so ${several ? 'their plans' : 'its plan'} may stop on this file. ` +
        `Set "grafanaVersion" to the release it runs if that is 12.2 or later; else keep this dashboard a classic (v1) file, or ${leaveOut}`,
    };
  }
  if (SERVED_BY_12.includes(version)) return null;
  return refused(
    `${what}, and ${runs}, which serves ${SERVED_BY_12.join(' and ')} for v2 dashboards, not ${version} (Grafana 13 and later): ${stops}. ` +
    `Make it a ${DASHBOARD_GROUP}/v2beta1 file (${MIXED_FLEET_DOC} says how), or ${leaveOut}`,
  );
}

/** Environments the config gives the same `api` and `grafanaVersion` from the same places: one problem, one line naming them all. */
export function groupDeclaredAlike(grafanas: Iterable<[string, DeclaredGrafana]>): { declared: DeclaredGrafana; environments: string[] }[] {
  const alike = new Map<string, { declared: DeclaredGrafana; environments: string[] }>();
  for (const [environment, declared] of grafanas) {
    const key = JSON.stringify([declared.api, declared.apiFrom, declared.release, declared.releaseFrom]);
    alike.set(key, { declared, environments: [...(alike.get(key)?.environments ?? []), environment] });
  }
  return [...alike.values()];
}

/**
 * Pure: check's rule (describeV2Unserved) for the other environments that deploy a file (`deployers`), judged for a v2 form
 * of it (`file.apiVersion`) this run would write or advise (pull's rewrite, the plan's "keep Grafana's"): the sentences of
 * those that cannot take it (the API first: "legacy" takes no v2 file), and who they are; null when none is known to refuse
 * it. `what` says what that form is (describeV2Unserved's subject).
 */
export function describeV2UnservedElsewhere(
  file: { uid: string; apiVersion: string | null },
  deployers: readonly string[],
  declared: Readonly<Record<string, DeclaredGrafana>>,
  what?: string,
): { message: string; environments: string[] } | null {
  const groups = groupDeclaredAlike(deployers.flatMap((name): [string, DeclaredGrafana][] => (declared[name] ? [[name, declared[name]]] : [])));
  const refusedBy = groups.flatMap(({ declared: grafana, environments }) => {
    const unserved = describeV2Unserved(file, environments, grafana, what);
    return unserved?.severity === 'error' ? [{ message: unserved.message, environments }] : [];
  });
  if (refusedBy.length === 0) return null;
  return { message: refusedBy.map(({ message }) => message).join('; '), environments: refusedBy.flatMap(({ environments }) => environments) };
}

function refused(message: string): V2Unserved {
  return { severity: 'error', message };
}
