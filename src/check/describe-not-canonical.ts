import { positionOf } from '../files/parse-json.js';
import { escapeInvisibleInJson } from '../report/escape-untrusted.js';

const NOT_CANONICAL = 'file is not in canonical format (sorted keys, 2-space indent, final newline); run `dashsync check --fix` to rewrite it';
/** Git for Windows checks files out with CRLF (core.autocrlf=true) and turns them back to LF on commit. */
const CRLF_ONLY =
  'file has CRLF line endings and is otherwise canonical (git\'s core.autocrlf?); add `*.json text eol=lf` to .gitattributes so checkouts keep LF, or run `dashsync check --fix`';

/**
 * A file whose only difference is an invisible character written raw (a right-to-left mark in a Hebrew title, a zero
 * width space), which the canonical form escapes: named, as none of the usual reasons applies and pull leaves such a file
 * alone while its content is unchanged.
 */
function rawInvisibleOnly(text: string): string {
  const raw = [...new Set(text.match(/[^\x00-\x7e]/gu)?.filter((ch) => escapeInvisibleInJson(ch) !== ch) ?? [])];
  const names = raw.map((ch) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(', ');
  return (
    `file writes ${raw.length === 1 ? 'an invisible character' : 'invisible characters'} raw (${names}), which the canonical form writes as ${raw.length === 1 ? 'an escape' : 'escapes'} ` +
    `(${raw.map((ch) => escapeInvisibleInJson(ch)).join(', ')}: the same JSON value); run \`dashsync check --fix\` to rewrite it`
  );
}

/**
 * Pure: where and why a file's text differs from its canonical text (`text !== canonical`): the line:col of the
 * first difference, and a message that names CRLF line endings, or raw invisible characters, when they are the only difference.
 */
export function describeNotCanonical(text: string, canonical: string): { line: number; col: number; message: string } {
  const crlfOnly = text.includes('\r\n') && text.replaceAll('\r\n', '\n') === canonical;
  const message = crlfOnly ? CRLF_ONLY : escapeInvisibleInJson(text) === canonical ? rawInvisibleOnly(text) : NOT_CANONICAL;
  return { ...positionOf(text, firstDifference(text, canonical)), message };
}

function firstDifference(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) if (a[i] !== b[i]) return i;
  return length;
}
