import { positionOf } from '../files/parse-json.js';

const NOT_CANONICAL = 'file is not in canonical format (sorted keys, 2-space indent, final newline); run `dashsync check --fix` to rewrite it';
/** Git for Windows checks files out with CRLF (core.autocrlf=true) and turns them back to LF on commit. */
const CRLF_ONLY =
  'file has CRLF line endings and is otherwise canonical (git\'s core.autocrlf?); add `*.json text eol=lf` to .gitattributes so checkouts keep LF, or run `dashsync check --fix`';

/**
 * Pure: where and why a file's text differs from its canonical text (`text !== canonical`): the line:col of the
 * first difference, and a message that names CRLF line endings when they are the only difference.
 */
export function describeNotCanonical(text: string, canonical: string): { line: number; col: number; message: string } {
  const crlfOnly = text.includes('\r\n') && text.replaceAll('\r\n', '\n') === canonical;
  return { ...positionOf(text, firstDifference(text, canonical)), message: crlfOnly ? CRLF_ONLY : NOT_CANONICAL };
}

function firstDifference(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) if (a[i] !== b[i]) return i;
  return length;
}
