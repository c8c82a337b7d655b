import type { Settings } from '../config/types.js';
import { hashText } from '../files/hash-text.js';
import { compactStableJson } from '../normalize/compact-stable-json.js';

/**
 * `sha256:` of the settings that shape what is pushed besides the files themselves: the
 * `inputs` map and the minimum refresh interval. A saved plan records it, so apply refuses
 * when they changed since the plan was reviewed.
 */
export function hashContentSettings(settings: Pick<Settings, 'inputs' | 'minRefreshInterval'>): string {
  return hashText(compactStableJson({ inputs: settings.inputs, minRefreshInterval: settings.minRefreshInterval }));
}
