import { hashText } from '../files/read-dashboard-file.js';
import type { WriteTarget } from '../grafana/port.js';
import { compactStableJson } from '../normalize/compact-stable-json.js';
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
  return hashText(compactStableJson({ file: contentHash, settings: settingsHash, write: write.apiVersion, dashsync: release }));
}
