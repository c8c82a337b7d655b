import type { ParsedDashboard } from './parse-dashboard-text.js';
import type { DesiredContent } from './types.js';

/**
 * The file bytes whose parses the tree reader's worker keeps for the decisions it serves afterwards (KeptParses): a parse
 * holds ~0.7 of its file's size in heap, so ~45 MB at most, whatever the tree's size; the files past it are read and
 * parsed again at their answer, as every file was before.
 */
export const KEPT_PARSE_BYTES = 64 * 1024 * 1024;

/** What a decision needs of a file's parse: its content as parsed (not normalized) and, where the parse looked for inputs, the model as written. */
export interface KeptParse {
  content: DesiredContent;
  written?: Record<string, unknown>;
  inputsLooked?: true;
  /** `sha256:` of the bytes parsed. */
  hash: string;
}

/**
 * The parses a thread's tree pass made, kept by the file's absolute path until that thread decides the file's answer: it
 * then compares from the parse the tree pass validated, not from a second parse of the same bytes. Each is handed out once.
 */
export interface KeptParses {
  /** Keeps a file's parse, error-free, made from `size` bytes of digest `hash`, while the budget lasts: true when kept. */
  keep(absPath: string, parsed: ParsedDashboard, hash: string, size: number): boolean;
  /** The file's parse, given up by the holder; undefined when none was kept (or it was taken). */
  take(absPath: string): KeptParse | undefined;
}

export function keepParses(budgetBytes: number = KEPT_PARSE_BYTES): KeptParses {
  const kept = new Map<string, KeptParse>();
  let left = budgetBytes;
  return {
    keep(absPath, parsed, hash, size) {
      const { content, written, inputsLooked } = parsed;
      if (content === null || size > left) return false;
      left -= size;
      kept.set(absPath, { content, hash, ...(written && inputsLooked && { written, inputsLooked }) });
      return true;
    },
    take(absPath) {
      const parse = kept.get(absPath);
      if (parse !== undefined) kept.delete(absPath);
      return parse;
    },
  };
}
