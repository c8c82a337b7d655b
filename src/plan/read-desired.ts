import { resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import { InputError } from '../errors.js';
import { inputsHomeOf } from '../files/describe-unmapped-input.js';
import { inputDatasourceCurrents } from '../files/input-datasource-currents.js';
import { parseDashboardText } from '../files/parse-dashboard-text.js';
import { readUtf8FileSync } from '../files/read-utf8-file.js';
import type { DesiredContent } from '../files/types.js';
import { normalizeContent } from '../normalize/normalize-content.js';

/**
 * A file's content in canonical form (inputs resolved, normalized: a v1 `spec` is the classic
 * model with its uid, a v2 `spec` the resource's spec) and the digest of its bytes.
 */
export interface DesiredDashboard extends DesiredContent {
  /** `sha256:` of the file's bytes (see readUtf8FileSync). */
  hash: string;
  /** The datasource variables whose `current.value` the file writes with an input's placeholder (inputDatasourceCurrents): a save names their `current.text` for its instance. */
  inputCurrents?: string[];
}

/** What reading a file again needs of the settings (plain data: the decision worker gets it too). */
export type DesiredSettings = Pick<Settings, 'cwd' | 'inputs' | 'minRefreshInterval'> & Partial<Pick<Settings, 'configFile' | 'environment'>>;

/**
 * Reads one dashboard file again (the tree index keeps only metadata, so memory stays
 * bounded) and returns its canonical content and the digest of its bytes. `checkedHash`: the
 * digest of the bytes readTree checked; bytes with that digest are not scanned for depth again.
 */
export async function readDesired(file: string, settings: DesiredSettings, checkedHash?: string | null): Promise<DesiredDashboard> {
  return readDesiredNow(file, settings, checkedHash);
}

/** readDesired, synchronously (the decision worker's compare, and the plan's). */
export function readDesiredNow(file: string, settings: DesiredSettings, checkedHash?: string | null): DesiredDashboard {
  const read = readUtf8FileSync(resolve(settings.cwd, file), file);
  if (read.diagnostic) throw new InputError([read.diagnostic]);
  return desiredFromText(read.text, read.digest, file, settings, read.digest === checkedHash);
}

/**
 * The same from a file's text already read and its digest (`hash`). Repeated keys are not looked
 * for: readTree checked the file, and a caller compares `hash` with that read's. `depthChecked`:
 * `hash` is the digest of the bytes readTree checked (parseJsonDocument's depth scan is not repeated).
 */
export function desiredFromText(text: string, hash: string, file: string, settings: Omit<DesiredSettings, 'cwd'>, depthChecked = false): DesiredDashboard {
  const { content, diagnostics, written, inputsLooked } = parseDashboardText(text, file, settings.inputs, { duplicateKeys: false, depthChecked, inputsHome: inputsHomeOf(settings) });
  if (!content || diagnostics.some((d) => d.severity === 'error')) throw new InputError(diagnostics);
  // Only a file with inputs to resolve has one there: the parse looked for them (its text is not scanned again here).
  const inputCurrents = written && inputsLooked ? inputDatasourceCurrents(written, settings.inputs) : [];
  return { ...normalizeContent(content, { minRefreshInterval: settings.minRefreshInterval }), hash, ...(inputCurrents.length > 0 && { inputCurrents }) };
}
