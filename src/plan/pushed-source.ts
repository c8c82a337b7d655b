import { hashText } from '../files/hash-text.js';
import type { DashboardEntry } from '../files/types.js';
import type { ExpectedSource, GrafanaPort, WriteTarget } from '../grafana/port.js';
import { DASHSYNC_VERSION } from '../version.js';

/**
 * `sha256:` of everything a push through `/apis` is made from: the file's bytes (their digest,
 * the plan's `contentHash`), the settings that shape what is pushed (hashContentSettings: inputs,
 * minimum refresh interval, as the environment resolves them), where it is written (the version:
 * a Grafana upgrade that writes at another version is not trusted), and this release of dashsync
 * (another release may normalize or push differently, so it never trusts an older one's record).
 * Apply records it with each push (`dashsync/pushed-from`); plan compares it. Pure.
 */
export function pushedSource(contentHash: string, settingsHash: string, write: WriteTarget, release = DASHSYNC_VERSION): string {
  // One line each: none of them holds a line break (digests, an apiVersion, a release).
  return hashText(`dashsync ${release}\nfile ${contentHash}\nsettings ${settingsHash}\nwrite ${write.apiVersion ?? ''}\n`);
}

/**
 * uid → what a push through `/apis` of each file as it is now would record (dashsync/pushed-from),
 * for the dashboards this port writes there; the others (`/api` keeps no record) are read in full.
 * Each `source` is hashed when first read (as its dashboard's list page is taken), not here: the
 * plan asks for the first list page right after this (5,000 digests held it back 0.3–0.5 s at load 13).
 */
export function expectedSources(dashboards: DashboardEntry[], grafana: Pick<GrafanaPort, 'writeTargetFor'>, settingsHash: string): Map<string, ExpectedSource> {
  const expected = new Map<string, ExpectedSource>();
  for (const entry of dashboards) {
    const write = grafana.writeTargetFor(entry);
    if ('refused' in write || write.api !== 'k8s' || write.apiVersion === null) continue;
    let source: string | undefined;
    expected.set(entry.uid, {
      get source() {
        return (source ??= pushedSource(entry.contentHash, settingsHash, write));
      },
      title: entry.title,
      apiVersion: write.apiVersion,
    });
  }
  return expected;
}
