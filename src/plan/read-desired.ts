import { resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import { InputError } from '../errors.js';
import { inputsHomeOf } from '../files/describe-unmapped-input.js';
import { readDashboardFile } from '../files/read-dashboard-file.js';
import type { DesiredContent } from '../files/types.js';
import { normalizeContent } from '../normalize/normalize-content.js';

/**
 * A file's content in canonical form (inputs resolved, normalized: a v1 `spec` is the classic
 * model with its uid, a v2 `spec` the resource's spec) and the digest of its bytes.
 */
export interface DesiredDashboard extends DesiredContent {
  /** `sha256:` of the file's bytes (see readDashboardFile). */
  hash: string;
}

/**
 * Reads one dashboard file again (the tree index keeps only metadata, so memory stays
 * bounded) and returns its canonical content and the digest of its bytes.
 */
export async function readDesired(
  file: string,
  settings: Pick<Settings, 'cwd' | 'inputs' | 'minRefreshInterval'> & Partial<Pick<Settings, 'configFile' | 'environment'>>,
): Promise<DesiredDashboard> {
  const { content, diagnostics, textHash } = readDashboardFile(resolve(settings.cwd, file), file, {
    inputs: settings.inputs,
    inputsHome: inputsHomeOf(settings),
    // readTree checked this content for repeated keys; a changed file fails the digest check below.
    checkDuplicateKeys: false,
  });
  if (!content || !textHash || diagnostics.some((d) => d.severity === 'error')) throw new InputError(diagnostics);
  return { ...normalizeContent(content, { minRefreshInterval: settings.minRefreshInterval }), hash: textHash };
}
