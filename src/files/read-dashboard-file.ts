import type { Diagnostic } from '../errors.js';
import type { InputsHome } from './describe-unmapped-input.js';
import { holdsKeysInGoLayout, isModelAsWritten } from './model-text.js';
import { parseDashboardText, type ParsedDashboard } from './parse-dashboard-text.js';
import { useUtf8FileSync } from './read-utf8-file.js';

/** Above this a dashboard is far beyond a real one, and near the request body limits of proxies in front of Grafana. */
const LARGE_FILE_BYTES = 5 * 1024 * 1024;

export interface ReadDashboard extends ParsedDashboard {
  /** `sha256:<hex>` of the file's bytes (null when unreadable): detects an edit between two reads. */
  textHash: string | null;
  /**
   * With `describeModel`: whether its bytes stand for its model (isModelAsWritten) and its top-level keys leave room for
   * Grafana's id and version (holdsKeysInGoLayout), so /api's answer may be told from them (compareWithFileModel, which
   * settles it); false when the file has an error.
   */
  modelAsWritten?: boolean;
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
 * first, fully checked one (it also skips the scan for numbers a 64-bit float cannot hold). `describeModel` only says
 * whether the file's bytes stand for its model: the text /api would answer with is worked out from a read made when that
 * answer comes (compareWithFileModel), so the compaction it takes is not done before the first request.
 */
export function readDashboardFile(
  absPath: string,
  displayPath: string,
  options: { inputs: Record<string, string>; inputsHome?: InputsHome; checkDuplicateKeys?: boolean; describeModel?: boolean; environmentInputs?: Record<string, Record<string, string>>; forPull?: boolean },
): ReadDashboard {
  return useUtf8FileSync<ReadDashboard>(
    absPath,
    displayPath,
    ({ text, digest, bytes }) => {
      const fullCheck = options.checkDuplicateKeys ?? true;
      const parsed = parseDashboardText(text, displayPath, options.inputs, { inputsHome: options.inputsHome, checkNumbers: fullCheck, environmentInputs: options.environmentInputs, forPull: options.forPull, duplicateKeys: fullCheck });
      const read: ReadDashboard = { ...parsed, textHash: digest };
      if (fullCheck && bytes.length > LARGE_FILE_BYTES) read.diagnostics = [...parsed.diagnostics, largeFileWarning(displayPath, bytes.length)];
      if (options.describeModel === true) read.modelAsWritten = !hasError(parsed) && isModelAsWritten(parsed) && holdsKeysInGoLayout(Object.keys(parsed.content!.spec));
      return read;
    },
    (diagnostic) => ({ content: null, form: null, textHash: null, diagnostics: [diagnostic] }),
  );
}

const hasError = (parsed: ParsedDashboard) => parsed.diagnostics.some((d) => d.severity === 'error');

function largeFileWarning(file: string, size: number): Diagnostic {
  const megabytes = (size / (1024 * 1024)).toFixed(1);
  return {
    file, line: 1, col: 1, severity: 'warning', rule: 'file-large',
    message: `the file is ${megabytes} MB: a proxy in front of Grafana may refuse a request body that large (nginx allows 1 MB unless told otherwise); split the dashboard or raise the proxy's limit`,
  };
}
