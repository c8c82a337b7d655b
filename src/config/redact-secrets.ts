const REDACTED = '[redacted]';

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
    result = result.split(secret).join(REDACTED);
    if (/[%\\]/.test(result)) result = result.replace(escapedForms(secret), REDACTED);
  }
  return result;
}

function longestFirst(secrets: readonly string[]): string[] {
  return [...new Set(secrets)].filter((secret) => secret !== '').sort((a, b) => b.length - a.length);
}

/** A pattern matching the secret with each of its characters as written, percent-encoded or JSON-escaped. */
function escapedForms(secret: string): RegExp {
  const characters = [...secret].map((character) => `(?:${characterForms(character).join('|')})`);
  return new RegExp(characters.join(''), 'gu');
}

const JSON_SHORT_ESCAPES: Record<string, string> = { '\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '"': '"', '\\': '\\\\', '/': '/' };

/** The patterns of one character's forms: itself, its UTF-8 bytes as `%XX`, `\uXXXX` (a surrogate pair beyond the basic plane), a short JSON escape. */
function characterForms(character: string): string[] {
  const codePoint = character.codePointAt(0)!;
  const percent = [...Buffer.from(character, 'utf8')].map((byte) => `%${hexPattern(byte, 2)}`).join('');
  const units = Array.from({ length: character.length }, (_, index) => character.charCodeAt(index));
  const unicode = units.map((unit) => `\\\\u${hexPattern(unit, 4)}`).join('');
  const short = JSON_SHORT_ESCAPES[character];
  return [`\\u{${codePoint.toString(16)}}`, percent, unicode, ...(short === undefined ? [] : [`\\\\${short}`])];
}

/** A number's hex digits, either case. */
function hexPattern(value: number, width: number): string {
  return [...value.toString(16).padStart(width, '0')].map((digit) => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit)).join('');
}
