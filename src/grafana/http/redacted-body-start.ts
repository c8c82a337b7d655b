import { GRAPHEMES } from '../../report/cut-text.js';
import { redactSecrets } from '../../config/redact-secrets.js';

/**
 * How much of a body that is not the answer (an error, a sign-in page) is redacted and described: a message quotes at
 * most a few hundred characters of it (a JSON body's whole `message` only when the body is whole), and a proxy's
 * multi-megabyte page costs no more than this.
 */
export const BODY_START_BYTES = 64 * 1024;

/**
 * The most bytes one character of a secret takes in any form redactSecrets knows, per UTF-16 unit: `%E2%82%AC` for a
 * character of three UTF-8 bytes; `\uXXXX` and a four-byte character's `%XX` take fewer.
 */
const FORM_BYTES_PER_UNIT = 9;

/**
 * The start of a body as text, every secret redacted, and whether it is the whole body. Pure.
 * Redacted before it is cut: the text read runs on past BODY_START_BYTES by the longest form of the longest secret,
 * so an echo of a secret that starts before the cut is whole for the redaction, and what is kept ends before any
 * secret the end of what was read cut in two.
 */
export function redactedBodyStart(bytes: Uint8Array, secrets: readonly string[]): { text: string; cut: boolean } {
  const margin = FORM_BYTES_PER_UNIT * Math.max(0, ...secrets.map((secret) => secret.length));
  const read = bytes.subarray(0, BODY_START_BYTES + margin);
  const text = redactSecrets(decodeBody(read), secrets);
  if (read.length === bytes.length) return { text, cut: false };
  // A secret cut in two by the end of what was read fits in its last `margin` units (each form is ASCII: one unit a byte).
  return { text: startWithin(text, Math.min(BODY_START_BYTES, text.length - margin)), cut: true };
}

/** The body as text, as undici's `text()` gives it: UTF-8, a byte order mark dropped. */
export function decodeBody(bytes: Uint8Array): string {
  const start = bytes.length > 2 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', start);
}

/** The longest start of `text` of whole graphemes that is at most `maxUnits` UTF-16 units long. */
function startWithin(text: string, maxUnits: number): string {
  if (maxUnits <= 0) return '';
  if (maxUnits >= text.length) return text;
  // The grapheme holding unit `maxUnits` is the first one left out.
  return text.slice(0, GRAPHEMES.segment(text).containing(maxUnits)!.index);
}
