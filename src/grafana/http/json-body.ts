import { COMMA } from '../../files/json-char-codes.js';

/**
 * An object whose members are already written as JSON text (the verified bytes of a file),
 * so a request sends that text instead of parsing it and stringifying the result. It survives
 * object spread (`{ ...model, id }`: a symbol-keyed member is copied), so the layers that add
 * members to a body (`id`, `version`) or take a shown one out (`/apis` sends the spec without
 * `uid`) need not know about it; what they add is sent beside the text, what they take out is
 * cut from it.
 */
const JSON_TEXT = Symbol('members written as JSON text');

interface JsonText {
  /** The object's JSON text, `{…}`, without whitespace. */
  text: Buffer;
  /** Members of the text that readers of the object may look at (uid, title); the text has them already. */
  shown: Record<string, unknown>;
  /** Where shown members sit in the text, from the key's opening quote to the end of the value: those a body may leave out. */
  spans: Readonly<Record<string, MemberSpan>>;
}

/** A top-level member's bytes in a compact JSON object's text: [start, end). */
export interface MemberSpan {
  start: number;
  end: number;
}

/**
 * An object that is `text` (a compact JSON object) when sent, and shows `shown` (members of that text) to code that reads it.
 * `spans`: where shown members sit in the text, for those a body may take out.
 */
export function withJsonText(text: Buffer, shown: Record<string, unknown>, spans: Readonly<Record<string, MemberSpan>> = {}): Record<string, unknown> {
  return { ...shown, [JSON_TEXT]: { text, shown, spans } satisfies JsonText };
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

/**
 * `{added…, text's members…}`: the members not in the text first; one of the text's own may not have been changed, and
 * only one whose span is known may have been removed (it is cut from the text).
 */
function textWithAdded(value: Record<string, unknown> & { [JSON_TEXT]: JsonText }): (string | Buffer)[] {
  const { shown, spans } = value[JSON_TEXT];
  let { text } = value[JSON_TEXT];
  const added: string[] = [];
  for (const [key, member] of Object.entries(value)) {
    if (key in shown) {
      if (!Object.is(member, shown[key])) throw new Error(`a request body changed "${key}" of a dashboard sent as its file's text`);
      continue;
    }
    if (member !== undefined && typeof member !== 'function') added.push(`${JSON.stringify(key)}:${JSON.stringify(member)}`);
  }
  const removed: MemberSpan[] = [];
  for (const key of Object.keys(shown)) {
    if (key in value) continue;
    const span = spans[key];
    if (span === undefined) throw new Error(`a request body removed "${key}" of a dashboard sent as its file's text`);
    removed.push(span);
  }
  // From the last one back: a cut leaves the bytes before it where they were.
  for (const span of removed.sort((a, b) => b.start - a.start)) text = withoutMember(text, span);
  const inner = text.subarray(1, text.length - 1);
  if (added.length === 0) return [text];
  return inner.length === 0 ? [`{${added.join(',')}}`] : [`{${added.join(',')},`, inner, '}'];
}

/** The compact object `text` without the member at `span`, and the comma that joined it to a neighbour. */
function withoutMember(text: Buffer, { start, end }: MemberSpan): Buffer {
  if (text[end] === COMMA) return Buffer.concat([text.subarray(0, start), text.subarray(end + 1)]);
  const from = text[start - 1] === COMMA ? start - 1 : start;
  return Buffer.concat([text.subarray(0, from), text.subarray(end)]);
}
