export const REDACTED = '[redacted]';

/**
 * Outside text (a server's error body, a network failure) with every secret replaced, in each form
 * a server or proxy may echo it in: as written; percent-encoded (`%2B` or `%2b` for `+`, wholly or
 * in part); inside a JSON string with escapes (`\/`, `\"`, `\u00e9`, as PHP's json_encode or
 * Python's json.dumps write them); or any mix of these. The one redaction for text from outside.
 * Linear in the text's length: one precompiled pattern per secret, no per-position decoding.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  // Secret by secret, longest first, in every form: a shorter one inside a longer (base64 without its padding) never
  // leaves a piece of the longer one's escaped form behind.
  for (const secret of longestFirst(secrets)) {
    if (isWordLike(secret)) {
      result = result.replace(wholeWordForms(secret), REDACTED);
      continue;
    }
    result = result.split(secret).join(REDACTED);
    if (/[%\\&]/.test(result)) result = result.replace(escapedForms(secret), REDACTED);
  }
  return result;
}

function longestFirst(secrets: readonly string[]): string[] {
  return [...new Set(secrets)].filter((secret) => secret !== '').sort((a, b) => b.length - a.length);
}

/** A pattern matching the secret with each of its characters as written, percent-encoded or JSON-escaped. */
function escapedForms(secret: string): RegExp {
  return new RegExp(formsPattern(secret), 'gu');
}

function formsPattern(secret: string): string {
  return [...secret].map((character) => `(?:${characterForms(character).join('|')})`).join('');
}

/**
 * A secret that ordinary text holds as part of its words: one of letters only (`admin`, Grafana's default password,
 * is in "admins"), or a short one (fewer than 8 units). Replaced as a whole word only, else every message would be garbled;
 * a credential echoed back stands apart from the words around it (`admin:admin`, `"admin"`, `password=admin&`).
 */
export function isWordLike(secret: string): boolean {
  return /^\p{L}+$/u.test(secret) || secret.length < 8;
}

const WORD_CHARACTER = /^[\p{L}\p{N}]$/u;
/**
 * Before a word: the start, a character that is no letter or digit, or an escape that ends in one (`%20admin`,
 * `\nadmin`, `\u0020admin`): a letter or digit there is the escape's, not the word's.
 */
const WORD_START = String.raw`(?<=^|[^\p{L}\p{N}]|%[0-9A-Fa-f]{2}|\\[bfnrt]|\\u[0-9A-Fa-f]{4})`;
const WORD_END = String.raw`(?![\p{L}\p{N}])`;

/** The secret in every form, where it is a whole word: no letter or digit right before it (but an escape's) or after it. */
function wholeWordForms(secret: string): RegExp {
  const characters = [...secret];
  const before = WORD_CHARACTER.test(characters[0]!) ? WORD_START : '';
  const after = WORD_CHARACTER.test(characters.at(-1)!) ? WORD_END : '';
  return new RegExp(`${before}${formsPattern(secret)}${after}`, 'gu');
}

const JSON_SHORT_ESCAPES: Record<string, string> = { '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '"': '"', '\\': '\\\\', '/': '/' };

const HTML_NAMED: Record<string, string> = { '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' };

/** The patterns of one character's forms: itself, its UTF-8 bytes as `%XX`, `\uXXXX` (a surrogate pair beyond the basic plane), a short JSON escape, an HTML entity. */
function characterForms(character: string): string[] {
  const codePoint = character.codePointAt(0)!;
  const percent = [...Buffer.from(character, 'utf8')].map((byte) => `%${hexPattern(byte, 2)}`).join('');
  const units = Array.from({ length: character.length }, (_, index) => character.charCodeAt(index));
  const unicode = units.map((unit) => `\\\\u${hexPattern(unit, 4)}`).join('');
  const short = JSON_SHORT_ESCAPES[character];
  // An HTML page (a gateway's error page, a WAF's block page) shows a decoded password with `&`, `<`, `"` as entities.
  const entity = [`&#0*${codePoint};`, `&#[xX]0*${hexPattern(codePoint, 1)};`, ...(HTML_NAMED[character] === undefined ? [] : [`&${HTML_NAMED[character]};`])];
  return [`\\u{${codePoint.toString(16)}}`, percent, unicode, ...(short === undefined ? [] : [`\\\\${short}`]), ...entity];
}

/** A number's hex digits, either case. */
function hexPattern(value: number, width: number): string {
  return [...value.toString(16).padStart(width, '0')].map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit)).join('');
}
