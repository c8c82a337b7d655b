import type { DeclaredGrafana } from '../config/types.js';
import { parseRelease } from '../grafana/parse-release.js';
import type { PlanWarning } from './types.js';

/**
 * Pure: a warning when the config's `grafanaVersion` for this run names another release than the one Grafana reports
 * (compared as far as the config writes it: "12" holds for any 12.x), since `check` judges the v2 files by the config's;
 * null when they agree, the config names none, or Grafana hides its version.
 */
export function describeDeclaredRelease(declared: DeclaredGrafana | undefined, environment: string | undefined, version: string | null): Extract<PlanWarning, { kind: 'other' }> | null {
  if (declared?.release === undefined) return null;
  const running = parseRelease(version);
  if (running === null) return null;
  const parts = declared.release.split('.').map(Number);
  const actual = [running.major, running.minor, running.patch];
  if (parts.every((part, index) => part === actual[index])) return null;
  const whose = environment === undefined ? 'the v2 files' : `the v2 files environment ${environment} deploys`;
  const written = actual.slice(0, parts.length).join('.');
  return {
    kind: 'other',
    uid: null,
    message: `${declared.releaseFrom} says Grafana ${declared.release}, but this Grafana runs ${version}: dashsync check judges ${whose} by that release; set it to "${written}"`,
  };
}
