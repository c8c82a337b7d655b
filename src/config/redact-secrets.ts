const REDACTED = '[redacted]';

/**
 * Outside text (a server's error body, a network failure) with every secret replaced, in each form
 * a server or proxy may echo it in: as written; percent-encoded (`%2B` or `%2b` for `+`, wholly or
 * in part); inside a JSON string with escapes (`\/`, `\"`, `\u00e9`, as PHP's json_encode or
 * Python's json.dumps write them); or any mix of these. The one redaction for text from outside.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  // Secret by secret, longest first, in every form: a shorter one inside a longer (base64 without its padding) never
  // leaves a piece of the longer one's escaped form behind.
  for (const secret of longestFirst(secrets)) {
    result = result.split(secret).join(REDACTED);
    if (/[%\\]/.test(result)) result = redactEscaped(result, Buffer.from(secret, 'utf8'));
  }
  return result;
}

function longestFirst(secrets: readonly string[]): string[] {
  return [...new Set(secrets)].filter((secret) => secret !== '').sort((a, b) => b.length - a.length);
}

/** A `%XX` escape, a JSON escape (a surrogate pair as one), or one character. */
const UNIT = /%[0-9a-fA-F]{2}|\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\["\\/bfnrt]|[\s\S]/gu;

const JSON_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The bytes a unit stands for. */
function bytesOf(unit: string): Buffer {
  if (unit.length === 3 && unit[0] === '%') return Buffer.from([parseInt(unit.slice(1), 16)]);
  if (unit.length > 1 && unit[0] === '\\') {
    const char = unit[1] === 'u' ? (JSON.parse(`"${unit}"`) as string) : (JSON_ESCAPES[unit[1]!] ?? unit[1]!);
    return Buffer.from(char, 'utf8');
  }
  return Buffer.from(unit, 'utf8');
}

/** Replaces each run of units whose bytes are the secret's, unit by unit. */
function redactEscaped(text: string, secret: Buffer): string {
  const units = [...text.matchAll(UNIT)].map((match) => match[0]);
  const bytes = units.map(bytesOf);
  let shown = '';
  let index = 0;
  while (index < units.length) {
    const end = matchEnd(bytes, index, secret);
    if (end === undefined) {
      shown += units[index];
      index += 1;
    } else {
      shown += REDACTED;
      index = end;
    }
  }
  return shown;
}

/** The index after the units from `start` whose bytes are exactly `secret`, or undefined. */
function matchEnd(bytes: readonly Buffer[], start: number, secret: Buffer): number | undefined {
  let offset = 0;
  for (let index = start; index < bytes.length; index += 1) {
    const unit = bytes[index]!;
    if (offset + unit.length > secret.length || !unit.equals(secret.subarray(offset, offset + unit.length))) return undefined;
    offset += unit.length;
    if (offset === secret.length) return index + 1;
  }
  return undefined;
}
