import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../errors.js';
import { decodeUtf8 } from './decode-utf8.js';

/** A file's text and the bytes it was decoded from, or the one diagnostic that says why there is none (unreadable, not UTF-8). */
export type Utf8File = { text: string; bytes: Uint8Array; diagnostic?: undefined } | { text?: undefined; bytes?: undefined; diagnostic: Diagnostic };

/** Reads a file of the tree as UTF-8 (see decodeUtf8); `displayPath` names it in the diagnostic. */
export async function readUtf8File(absPath: string, displayPath: string): Promise<Utf8File> {
  try {
    return decoded(await readFile(absPath), displayPath);
  } catch (error) {
    return unreadable(error, displayPath);
  }
}

/**
 * The same, synchronously: for a dashboard-sized file it costs a fraction of the CPU of
 * fs/promises' open/stat/read/close round trips through the thread pool.
 */
export function readUtf8FileSync(absPath: string, displayPath: string): Utf8File {
  try {
    return decoded(readFileSync(absPath), displayPath);
  } catch (error) {
    return unreadable(error, displayPath);
  }
}

function decoded(bytes: Uint8Array, file: string): Utf8File {
  const result = decodeUtf8(bytes);
  if (result.ok) return { text: result.text, bytes };
  return { diagnostic: { file, line: result.line, col: result.col, severity: 'error', rule: 'not-utf8', message: result.message } };
}

function unreadable(error: unknown, file: string): Utf8File {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return { diagnostic: { file, severity: 'error', rule: 'file-unreadable', message: `cannot read the file (${reason})` } };
}
