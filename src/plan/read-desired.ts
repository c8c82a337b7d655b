import { resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import { InputError } from '../errors.js';
import { readDashboardFile, type ReadDashboard } from '../files/read-dashboard-file.js';
import { normalizeDashboard } from '../normalize/normalize-dashboard.js';

export interface DesiredDashboard {
  /** Normalized (canonical) model, inputs resolved. */
  model: Record<string, unknown>;
  /** `sha256:` of the file's bytes (see readDashboardFile). */
  hash: string;
}

/**
 * Reads one dashboard file again (the tree index keeps only metadata, so memory stays
 * bounded) and returns its canonical form and the digest of its bytes. `kept`: the file's read
 * that readTree kept, used instead of the file.
 */
export async function readDesired(
  file: string,
  settings: Pick<Settings, 'cwd' | 'inputs' | 'minRefreshInterval'>,
  kept?: ReadDashboard,
): Promise<DesiredDashboard> {
  const { model, diagnostics, textHash } = kept ?? await readDashboardFile(resolve(settings.cwd, file), file, {
    inputs: settings.inputs,
    // readTree checked this content for repeated keys; a changed file fails the digest check below.
    checkDuplicateKeys: false,
  });
  if (!model || !textHash || diagnostics.some((d) => d.severity === 'error')) throw new InputError(diagnostics);
  return { model: normalizeDashboard(model, { minRefreshInterval: settings.minRefreshInterval }), hash: textHash };
}
