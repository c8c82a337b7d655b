import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import { describeRefusingDirectory, findRefusingDirectory } from './find-refusing-directory.js';
import { describeReadReason } from './file-error-reasons.js';
import type { Diagnostic } from '../errors.js';
import { decodeUtf8 } from './decode-utf8.js';
import { hashBytes } from './hash-text.js';
import { FileTooLargeError, MAX_READ_BYTES, useFileBytes } from './read-file-bytes.js';

type Unread = { text?: undefined; diagnostic: Diagnostic };

/** A file's text, or the one diagnostic that says why there is none (unreadable, not UTF-8). */
export type Utf8File = { text: string; diagnostic?: undefined } | Unread;

/** The same, with the `sha256:` of the file's bytes (hashText of the text). */
export type DigestedUtf8File = { text: string; digest: string; diagnostic?: undefined } | Unread;

/** Reads a file of the tree as UTF-8 (see decodeUtf8); `displayPath` names it in the diagnostic. */
export async function readUtf8File(absPath: string, displayPath: string): Promise<Utf8File> {
  try {
    const bytes = await readFile(absPath);
    if (bytes.length > MAX_READ_BYTES) return unreadable(new FileTooLargeError(bytes.length, MAX_READ_BYTES), displayPath);
    const result = decodeUtf8(bytes);
    return result.ok ? { text: result.text } : notUtf8(result, displayPath);
  } catch (error) {
    // Node reads no file of 2 GiB or more at once (ERR_FS_FILE_TOO_LARGE): refused as one over MAX_READ_BYTES, with its size.
    if ((error as NodeJS.ErrnoException).code === 'ERR_FS_FILE_TOO_LARGE') return unreadable(new FileTooLargeError(await sizeOf(absPath), MAX_READ_BYTES), displayPath);
    return unreadable(error, displayPath);
  }
}

/** A file's size in bytes, for the words of one too large to read (NaN when it cannot be read either). */
async function sizeOf(absPath: string): Promise<number> {
  return stat(absPath).then(({ size }) => size, () => Number.NaN);
}

/**
 * The same, synchronously, with the digest of the bytes: for a dashboard-sized file it costs a
 * fraction of the CPU of fs/promises' open/stat/read/close round trips through the thread pool.
 */
export function readUtf8FileSync(absPath: string, displayPath: string, maxBytes?: number): DigestedUtf8File {
  return useUtf8FileSync<DigestedUtf8File>(absPath, displayPath, ({ text, digest }) => ({ text, digest }), (diagnostic) => ({ diagnostic }), maxBytes);
}

/**
 * readUtf8File synchronously, without a digest: for a caller that reads many files one after another and needs only their
 * text (check's inspection of every file the tree pass read). A sync read costs a fraction of fs/promises' CPU per file.
 */
export function readUtf8TextSync(absPath: string, displayPath: string): Utf8File {
  try {
    return useFileBytes(absPath, (bytes) => {
      const result = decodeUtf8(bytes);
      return result.ok ? { text: result.text } : notUtf8(result, displayPath);
    });
  } catch (error) {
    return unreadable(error, displayPath);
  }
}

/** A file's text, the digest and the bytes they came from: the bytes are valid only during the call (see useFileBytes). */
export interface Utf8FileBytes {
  text: string;
  digest: string;
  bytes: Uint8Array;
}

/**
 * readUtf8FileSync that hands the file to `use` with its bytes, which are valid only during the call
 * (useFileBytes), and returns what `use` returns; or what `unread` makes of the diagnostic that says
 * why there is no text. What `use` throws is thrown, not taken for a file that cannot be read.
 */
export function useUtf8FileSync<T>(absPath: string, displayPath: string, use: (file: Utf8FileBytes) => T, unread: (diagnostic: Diagnostic) => T, maxBytes?: number): T {
  let used = false;
  try {
    return useFileBytes(absPath, (bytes) => {
      const result = decodeUtf8(bytes);
      if (!result.ok) return unread(notUtf8(result, displayPath).diagnostic);
      used = true;
      return use({ text: result.text, digest: hashBytes(bytes), bytes });
    }, maxBytes);
  } catch (error) {
    if (used) throw error;
    return unread(unreadable(error, displayPath).diagnostic);
  }
}

function notUtf8(result: { line: number; col: number; message: string }, file: string): Unread {
  return { diagnostic: { file, line: result.line, col: result.col, severity: 'error', rule: 'not-utf8', message: result.message } };
}

function unreadable(error: unknown, file: string): Unread {
  if (error instanceof FileTooLargeError) return { diagnostic: { file, line: 1, col: 1, severity: 'error', rule: 'file-too-large', message: describeTooLarge(error) } };
  const { code, path } = error as NodeJS.ErrnoException;
  const reason = code ?? (error as Error).message;
  // A name that is not UTF-8 is read with U+FFFD in place of its bytes, and by that name the file is not there (tree-56).
  if (code === 'ENOENT' && path?.includes('\ufffd') === true) {
    return { diagnostic: { file, severity: 'error', rule: 'file-unreadable', message: 'cannot read the file: its name is not valid UTF-8 (\ufffd stands for the bytes that are not), so dashsync cannot open it by name; rename it' } };
  }
  const refusedWay = code === 'EACCES' && path !== undefined ? describeRefusedWay(path, file) : undefined;
  const advice = refusedWay ?? (code === 'ENOENT' ? VANISHED : describeReadReason(code));
  return { diagnostic: { file, severity: 'error', rule: 'file-unreadable', message: `cannot read the file (${reason})${advice ? `: ${advice}` : ''}` } };
}

/**
 * `the file is 3.0 GB, more than dashsync reads of a file (512.0 MB; no dashboard is that large), so it was not read: remove
 * it, or move it out of the root`; a read for a uid alone (a file behind a link: `maxBytes`) says so, and its caller what to do.
 */
function describeTooLarge(error: FileTooLargeError): string {
  const size = Number.isNaN(error.size) ? 'over 2 GB' : shownSize(error.size);
  if (error.maxBytes < MAX_READ_BYTES) return `the file is ${size}, more than dashsync reads of a file for its uid (${shownSize(error.maxBytes)}; no dashboard is that large), so it was not read`;
  return `the file is ${size}, more than dashsync reads of a file (${shownSize(error.maxBytes)}; no dashboard is that large), so it was not read: remove it, or move it out of the root`;
}

const GIB = 1024 * 1024 * 1024;

/** `80.0 MB`, `3.0 GB`. */
function shownSize(bytes: number): string {
  return bytes < GIB ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${(bytes / GIB).toFixed(1)} GB`;
}

/**
 * A file its user may read refused all the same, by a directory above it that user may not enter (r without x): that one is to
 * be opened, named as `file` (shown) names its part of the way; undefined when no such directory is found.
 */
function describeRefusedWay(absPath: string, file: string): string | undefined {
  const refusedBy = findRefusingDirectory(absPath);
  if (refusedBy === undefined) return undefined;
  const below = relative(refusedBy, absPath);
  const parts = file.split('/');
  const depth = below.split(sep).length;
  const shown = below.startsWith('..') || isAbsolute(below) || parts.length <= depth ? refusedBy : parts.slice(0, parts.length - depth).join('/');
  return describeRefusingDirectory(shown);
}

/** A file of the tree not there when read, though the walk listed it. */
const VANISHED = 'it was removed or renamed while the tree was read; run again';

