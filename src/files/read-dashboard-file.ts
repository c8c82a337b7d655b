import type { InputsHome } from './describe-unmapped-input.js';
import { parseDashboardText, type ParsedDashboard } from './parse-dashboard-text.js';
import { useUtf8FileSync } from './read-utf8-file.js';

export interface ReadDashboard extends ParsedDashboard {
  /** `sha256:<hex>` of the file's bytes (null when unreadable): detects an edit between two reads. */
  textHash: string | null;
}

/**
 * Reads and validates one dashboard file (see parseDashboardText). `displayPath` is the
 * path shown in diagnostics. An unreadable file, or one that is not UTF-8, is a diagnostic,
 * not an exception.
 *
 * The read is synchronous on purpose: for a dashboard-sized file it costs a fraction of the
 * CPU of fs/promises' open/stat/read/close round trips through the thread pool (measured:
 * 20-40 µs against 100-160 µs of process CPU per 21 KB file), and plan reads many files twice.
 * `checkDuplicateKeys: false` is for a second read whose digest the caller compares with a
 * first, fully checked one (it also skips the scan for numbers a 64-bit float cannot hold).
 */
export function readDashboardFile(
  absPath: string,
  displayPath: string,
  options: { inputs: Record<string, string>; inputsHome?: InputsHome; checkDuplicateKeys?: boolean },
): ReadDashboard {
  return useUtf8FileSync<ReadDashboard>(
    absPath,
    displayPath,
    ({ text, digest }) => {
      const fullCheck = options.checkDuplicateKeys ?? true;
      const parsed = parseDashboardText(text, displayPath, options.inputs, { duplicateKeys: fullCheck, inputsHome: options.inputsHome, checkNumbers: fullCheck });
      return { ...parsed, textHash: digest };
    },
    (diagnostic) => ({ content: null, form: null, textHash: null, diagnostics: [diagnostic] }),
  );
}
