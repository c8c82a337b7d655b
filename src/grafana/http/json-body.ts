/**
 * An object whose members are already written as JSON text (the verified bytes of a file),
 * so a request sends that text instead of parsing it and stringifying the result. It survives
 * object spread (`{ ...model, id }`: a symbol-keyed member is copied), so the layers that add
 * members to a body (`id`, `version`) need not know about it; what they add is sent beside the
 * text.
 */
const JSON_TEXT = Symbol('members written as JSON text');

interface JsonText {
  /** The object's JSON text, `{…}`, without whitespace. */
  text: Buffer;
  /** Members of the text that readers of the object may look at (uid, title); the text has them already. */
  shown: Record<string, unknown>;
}

/** An object that is `text` (a compact JSON object) when sent, and shows `shown` (members of that text) to code that reads it. */
export function withJsonText(text: Buffer, shown: Record<string, unknown>): Record<string, unknown> {
  return { ...shown, [JSON_TEXT]: { text, shown } satisfies JsonText };
}

/**
 * A request body as sent: JSON.stringify of it, except that a member of the body made by
 * withJsonText is written as its text plus the members added to it since.
 */
export function serializeBody(body: unknown): string | Buffer {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !Object.values(body).some(carriesText)) return JSON.stringify(body);
  const parts: (string | Buffer)[] = ['{'];
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || typeof value === 'function') continue;
    if (parts.length > 1) parts.push(',');
    parts.push(`${JSON.stringify(key)}:`);
    if (carriesText(value)) parts.push(...textWithAdded(value));
    else parts.push(JSON.stringify(value));
  }
  parts.push('}');
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)));
}

function carriesText(value: unknown): value is Record<string | symbol, unknown> & { [JSON_TEXT]: JsonText } {
  return typeof value === 'object' && value !== null && JSON_TEXT in value;
}

/** `{added…, text's members…}`: the members not in the text first; one of the text's own may not have been changed. */
function textWithAdded(value: Record<string, unknown> & { [JSON_TEXT]: JsonText }): (string | Buffer)[] {
  const { text, shown } = value[JSON_TEXT];
  const added: string[] = [];
  for (const [key, member] of Object.entries(value)) {
    if (key in shown) {
      if (!Object.is(member, shown[key])) throw new Error(`a request body changed "${key}" of a dashboard sent as its file's text`);
      continue;
    }
    if (member !== undefined && typeof member !== 'function') added.push(`${JSON.stringify(key)}:${JSON.stringify(member)}`);
  }
  for (const key of Object.keys(shown)) {
    if (!(key in value)) throw new Error(`a request body removed "${key}" of a dashboard sent as its file's text`);
  }
  const inner = text.subarray(1, text.length - 1);
  if (added.length === 0) return [text];
  return inner.length === 0 ? [`{${added.join(',')}}`] : [`{${added.join(',')},`, inner, '}'];
}
