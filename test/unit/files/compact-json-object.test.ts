import { describe, expect, it } from 'vitest';
import { generateDashboards } from '../../../scripts/lib/generate-dashboards.mjs';
import { compactJsonObject, compactJsonObjectTransiently } from '../../../src/files/compact-json-object.js';

const compact = (text: string) => compactJsonObject(Buffer.from(text));
const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

describe('compactJsonObject', () => {
  it('writes a pretty-printed dashboard as JSON.stringify writes its parse', () => {
    for (const { dashboard } of generateDashboards({ count: 40, seed: 3 })) {
      expect(compact(pretty(dashboard))!.bytes.toString()).toBe(JSON.stringify(dashboard));
    }
  });

  it('keeps every byte inside strings: spaces, escaped quotes and backslashes, non-ASCII text', () => {
    const value = { 'a key': ' spaced  value ', quote: 'say "hi" \\', tail: 'ends with a backslash \\', nested: [{ x: '{ "not": [a, key] }' }, []], 'é': 'ü — 日本', empty: {} };
    const text = `{\r\n\t${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)} :  ${JSON.stringify(v, null, 3)}`).join(' ,\n ')}\n}  \n`;
    const result = compact(text)!;
    expect(result.bytes.toString()).toBe(JSON.stringify(value));
    expect(JSON.parse(result.bytes.toString())).toEqual(value);
  });

  it('says where each top-level member\'s value sits, keys as written', () => {
    const result = compact('{ "uid": "a b", "panels": [ { "uid": "inner" } ], "refresh" : "1m", "n": -1.5e3 }')!;
    const member = (key: string) => {
      const span = result.members.get(key)!;
      return result.bytes.toString('utf8', span.start, span.end);
    };
    expect([...result.members.keys()]).toEqual(['uid', 'panels', 'refresh', 'n']);
    expect([member('uid'), member('panels'), member('refresh'), member('n')]).toEqual(['"a b"', '[{"uid":"inner"}]', '"1m"', '-1.5e3']);
    expect(compact('{}')).toEqual({ bytes: Buffer.from('{}'), members: new Map(), unicodeEscapes: false, keys: 0 });
  });

  it('counts the keys the text writes at every depth, a repeated one twice, none in strings', () => {
    expect(compact('{"a": {"b": [{"c": 1, "c": 2}], "d" :"e:f", "g\\": \\"h": {}}, "a": []}')!.keys).toBe(7);
    for (const { dashboard } of generateDashboards({ count: 10, seed: 5 })) {
      const keys = (value: unknown): number => (Array.isArray(value) ? value.reduce((sum: number, item) => sum + keys(item), 0) : typeof value === 'object' && value !== null ? Object.values(value).reduce((sum: number, item) => sum + 1 + keys(item), 0) : 0);
      expect(compact(pretty(dashboard))!.keys).toBe(keys(dashboard));
    }
  });

  it('tells a \\u escape anywhere, and refuses a top level that is not an object (a byte-order mark included)', () => {
    expect(compact('{"a": "\\u0041"}')!.unicodeEscapes).toBe(true);
    expect(compact('{"a": "\\\\u0041"}')!.unicodeEscapes).toBe(false);
    // An escaped backslash before a real escape; a string that ends in an escaped backslash; two escaped backslashes before a u.
    expect(compact('{"a": "\\\\\\u0041"}')!.unicodeEscapes).toBe(true);
    expect(compact('{"a": "\\\\", "b": "u"}')!.unicodeEscapes).toBe(false);
    expect(compact('{"a": [1, "x\\\\\\\\u"]}')!.unicodeEscapes).toBe(false);
    expect(compact('{"\\u0069d": 1}')!.members.has('\\u0069d')).toBe(true);
    for (const text of ['[{"a": 1}]', '"{}"', '1', '\uFEFF{"a": 1}']) expect(compact(text)).toBeNull();
  });

  it('ends on text that is not JSON (an unterminated string or object)', () => {
    for (const text of ['{"a": "open', '{"a": "ends in a backslash\\', '{"a": [1, {', '{   ']) expect(compact(text)).not.toBeNull();
  });

  it('compacts the same into its reused buffer: escapes, spaces and brackets in strings, deep nesting, multi-byte UTF-8, a trailing newline, files past the buffer\'s size', () => {
    const deep = Array.from({ length: 200 }).reduce<unknown>((inner) => ({ a: [inner, ' ] } [ { '] }), 'core');
    const values: unknown[] = [
      { 'k e y': ' a  b ', quotes: '\\"\\', slash: 'end\\', brackets: '{[ , : ]}', multi: 'é 東京 📈 \u2028', deep },
      { big: 'ü'.repeat(100_000), after: [1, { x: 'y' }] },
      { bigger: 'z'.repeat(2_000_000) },
      { small: true },
    ];
    for (const value of values) {
      for (const text of [`${JSON.stringify(value, null, 2)}\n`, `\t${JSON.stringify(value, null, '\t')}\r\n`, JSON.stringify(value)]) {
        const owned = compact(text)!;
        const reused = compactJsonObjectTransiently(Buffer.from(text))!;
        expect(reused.bytes.toString()).toBe(JSON.stringify(value));
        expect([reused.members, reused.unicodeEscapes]).toEqual([owned.members, owned.unicodeEscapes]);
      }
    }
    expect(compactJsonObjectTransiently(Buffer.from('[{}]'))).toBeNull();
  });

  it('takes strings and indentation four bytes at a time without changing a byte: quotes, escapes, multi-byte text and space runs at every offset, the text anywhere in its buffer', () => {
    // Each piece lands at every offset of a four-byte word: a backslash at a word's end before an escaped quote in the next, an escape split across words, a string ending in the text's last bytes.
    const pieces = ['\\"', '\\\\', '\\u00e9', 'é', '東', '📈', ' ', '  ', 'a', '\\n'];
    const texts: string[] = [];
    for (const piece of pieces) {
      for (let before = 0; before < 8; before += 1) {
        const inner = `${'x'.repeat(before)}${piece}${'y'.repeat(7 - before)}`;
        for (let indent = 0; indent < 9; indent += 1) {
          const pad = ' '.repeat(indent);
          texts.push(`{\n${pad}"k${'e'.repeat(before)}y": "${inner}",\n${pad}"list": [\n${pad}${pad}"${inner}", 1\n${pad}]\n}`);
          texts.push(`{"${inner}":"${inner}"}`);
        }
      }
    }
    for (const text of texts) {
      const value = JSON.parse(text) as Record<string, unknown>;
      for (const at of [0, 1, 2, 3]) {
        // The text at each offset of a larger buffer: a word is read wherever the text starts.
        const buffer = Buffer.alloc(at + Buffer.byteLength(text) + 5, 0x22);
        const bytes = buffer.subarray(at, at + buffer.write(text, at));
        for (const result of [compactJsonObject(bytes)!, compactJsonObjectTransiently(bytes)!]) {
          expect(result.bytes.toString()).toBe(compactByteByByte(text));
          // Keys as written: their escapes decoded, they are the parse's.
          expect([...result.members.keys()].map((key) => JSON.parse(`"${key}"`) as string)).toEqual(Object.keys(value));
          for (const [key, span] of result.members) expect(JSON.parse(result.bytes.toString('utf8', span.start, span.end))).toEqual(value[JSON.parse(`"${key}"`) as string]);
          expect(result.unicodeEscapes).toBe(text.includes('\\u00e9'));
        }
      }
    }
  });
});

/** The compaction by its definition, one character at a time: whitespace outside strings left out. */
function compactByteByByte(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (inString) {
      out += char;
      if (char === '\\') out += text[(i += 1)]!;
      else if (char === '"') inString = false;
    } else if (!/\s/.test(char)) {
      out += char;
      inString = char === '"';
    }
  }
  return out;
}
