import type { Diagnostic } from '../errors.js';
import type { ModelText } from '../grafana/port.js';
import type { InputsHome } from './describe-unmapped-input.js';
import { compactJsonObjectTransiently } from './compact-json-object.js';
import { hasNoDuplicateKey } from './find-duplicate-key.js';
import { describeCompactModel, describeFileModel, isModelAsWritten } from './model-text.js';
import { parseDashboardText, parseDashboardTextUnchecked, type ParsedDashboard } from './parse-dashboard-text.js';
import { useUtf8FileSync } from './read-utf8-file.js';

/** Above this a dashboard is far beyond a real one, and near the request body limits of proxies in front of Grafana. */
const LARGE_FILE_BYTES = 5 * 1024 * 1024;

export interface ReadDashboard extends ParsedDashboard {
  /** `sha256:<hex>` of the file's bytes (null when unreadable): detects an edit between two reads. */
  textHash: string | null;
  /** With `describeModel`: how /api would answer with the file's model (describeFileModel), null when it cannot tell or the file has an error. */
  modelText?: ModelText | null;
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
 * first, fully checked one (it also skips the scan for numbers a 64-bit float cannot hold). `describeModel` describes the model from the bytes just read, while
 * they are valid (they sit in a buffer the next read reuses), without encoding the text again.
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
      const parseOptions = { inputsHome: options.inputsHome, checkNumbers: fullCheck, environmentInputs: options.environmentInputs, forPull: options.forPull };
      const described = options.describeModel === true && fullCheck ? parseAndDescribe(text, bytes, displayPath, options.inputs, parseOptions) : undefined;
      const parsed = described?.parsed ?? parseDashboardText(text, displayPath, options.inputs, { ...parseOptions, duplicateKeys: fullCheck });
      // The parse is this call's own: the read is that object, completed (not a copy of it per file).
      const read = parsed as ReadDashboard;
      read.textHash = digest;
      if (fullCheck && bytes.length > LARGE_FILE_BYTES) read.diagnostics = [...parsed.diagnostics, largeFileWarning(displayPath, bytes.length)];
      if (options.describeModel === true) read.modelText = described?.modelText ?? (hasError(parsed) ? null : describeFileModel(parsed, bytes));
      return read;
    },
    (diagnostic) => ({ content: null, form: null, textHash: null, diagnostics: [diagnostic] }),
  );
}

type ParseOptions = NonNullable<Parameters<typeof parseDashboardTextUnchecked>[3]>;

/**
 * parseDashboardText with its repeated-key check, and the file's ModelText (describeFileModel), from one compaction: the
 * check compares the keys of the parse with those the text writes, which the compaction of a model as written counts on its
 * way (sparing hasNoDuplicateKey's scan of the text); any other file is checked by that scan. Where a key is written twice,
 * the text is parsed again with the check, so the result is parseDashboardText's in every case.
 */
function parseAndDescribe(text: string, bytes: Uint8Array, file: string, inputs: Record<string, string>, options: ParseOptions): { parsed: ParsedDashboard; modelText: ModelText | null } {
  const { parsed, uncheckedKeys } = parseDashboardTextUnchecked(text, file, inputs, options);
  // Not parsed (the check comes after the parse): nothing to check, and no model.
  if (uncheckedKeys === undefined) return { parsed, modelText: null };
  const compact = !hasError(parsed) && isModelAsWritten(parsed) ? compactJsonObjectTransiently(bytes) : null;
  const unique = compact !== null ? compact.keys === uncheckedKeys : hasNoDuplicateKey(text, uncheckedKeys);
  if (unique) return { parsed, modelText: describeCompactModel(compact) };
  const checked = parseDashboardText(text, file, inputs, { ...options, duplicateKeys: true });
  return { parsed: checked, modelText: hasError(checked) ? null : describeFileModel(checked, bytes) };
}

const hasError = (parsed: ParsedDashboard) => parsed.diagnostics.some((d) => d.severity === 'error');

function largeFileWarning(file: string, size: number): Diagnostic {
  const megabytes = (size / (1024 * 1024)).toFixed(1);
  return {
    file, line: 1, col: 1, severity: 'warning', rule: 'file-large',
    message: `the file is ${megabytes} MB: a proxy in front of Grafana may refuse a request body that large (nginx allows 1 MB unless told otherwise); split the dashboard or raise the proxy's limit`,
  };
}
