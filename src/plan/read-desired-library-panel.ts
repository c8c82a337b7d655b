import { resolve } from 'node:path';
import type { Settings } from '../config/types.js';
import { InputError } from '../errors.js';
import { inputsHomeOf } from '../files/describe-unmapped-input.js';
import { readLibraryPanelFile } from '../files/read-library-panels.js';
import type { LibraryPanelContent } from '../normalize/normalize-library-panel.js';

/**
 * Reads one library panel file again (the tree index keeps no models): its canonical content,
 * inputs resolved, the digest of its bytes, which plan and apply compare with the index, and its text (apply records what it pushed).
 */
export function readDesiredLibraryPanel(file: string, settings: Pick<Settings, 'cwd' | 'inputs'> & Partial<Pick<Settings, 'configFile' | 'environment'>>): { content: LibraryPanelContent; hash: string; text: string } {
  // readTree checked this content for repeated keys; a changed file fails the digest check.
  const { parsed, textHash, text } = readLibraryPanelFile(resolve(settings.cwd, file), file, settings.inputs, { duplicateKeys: false, inputsHome: inputsHomeOf(settings) });
  if (!parsed.content || textHash === null || text === null || parsed.diagnostics.some((d) => d.severity === 'error')) throw new InputError(parsed.diagnostics);
  return { content: parsed.content, hash: textHash, text };
}
