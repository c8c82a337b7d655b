import { describe, expect, it } from 'vitest';
import { findDuplicateKey, hasNoDuplicateKey } from '../../../src/files/find-duplicate-key.js';
import { surveyJsonValue } from '../../../src/files/survey-json-value.js';
import { parseJsonDocument } from '../../../src/files/parse-json.js';

describe('findDuplicateKey', () => {
  it('finds a key repeated in one object, with both offsets', () => {
    const text = '{"title": "A", "uid": "x", "title": "B"}';
    expect(findDuplicateKey(text)).toEqual({ key: 'title', first: 1, offset: 27 });
  });

  it('allows the same key in different objects, nested or side by side in arrays', () => {
    expect(findDuplicateKey('{"panels": [{"id": 1, "title": "a"}, {"id": 2, "title": "b", "x": {"id": 3}}], "id": 9}')).toBeUndefined();
  });

  it('is not fooled by keys inside strings, escaped quotes or backslashes at the end of a string', () => {
    expect(findDuplicateKey('{"expr": "{\\"a\\": 1, \\"a\\": 2}", "b": "c:\\\\", "a": 1}')).toBeUndefined();
    expect(findDuplicateKey('{"a\\\\": 1, "b": [1, {"a": 2}], "a\\\\": 3}')).toEqual({ key: 'a\\', first: 1, offset: 31 });
  });

  it('handles empty objects and arrays, blanks everywhere, and values of every kind', () => {
    expect(findDuplicateKey('{ "a" : {}, "b": [ ], "c": [{ }, { "a": 1 }, "s", 1.5e3, true, null], "d" : { "e" : "a" } }')).toBeUndefined();
    expect(findDuplicateKey('{\n\t"a": {},\r\n  "a" : []\n}')).toMatchObject({ key: 'a' });
  });

  it('compares keys after unescaping', () => {
    expect(findDuplicateKey('{"title": 1, "\\u0074itle": 2}')?.key).toBe('title');
  });

  it('finds a repeat deep inside, after many objects', () => {
    const panels = Array.from({ length: 50 }, (_, id) => `{"id": ${id}, "title": "p${id}"}`);
    panels[42] = '{"id": 42, "gridPos": {"x": 0, "x": 1}}';
    const text = `{"panels": [${panels.join(', ')}]}`;
    expect(findDuplicateKey(text)).toMatchObject({ key: 'x', offset: text.indexOf('"x": 1') });
  });
});

describe('hasNoDuplicateKey: the count that spares the scan', () => {
  const clear = (text: string): boolean => hasNoDuplicateKey(text, surveyJsonValue(JSON.parse(text)).keys);

  it('is true for a document without a repeated key, whatever the blanks around the colons', () => {
    const documents = [
      '{"a": 1, "b": {"a": [1, {"a": 2, "b": null}], "c": {}}, "d": []}',
      '{ "a" \r\n\t: 1 , "b"\n:"x"}',
      '{"ключ": "значение", "é": "ü", "emoji 📈": {"🚀": 1}}',
      '{"a\\"b": 1, "a\\\\": 2}',
      '[1, "x", {"a": 1}, [{"a": 2}]]',
      '"a:b"',
      '42',
    ];
    expect(documents.filter((text) => !clear(text))).toEqual([]);
  });

  it('is false for a key repeated at any depth, or once escaped and once not', () => {
    const documents = [
      '{"a": 1, "a": 2}',
      '{"p": [{"x": {"y": 1, "z": {"q": 1, "q" : 2}}}]}',
      '{"title": 1, "\\u0074itle": 2}',
      '{"é": 1, "\\u00e9": 2}',
      '{"a\\"": 1, "a\\"": 2}',
      '{"__proto__": 1, "__proto__": 2}',
    ];
    expect(documents.filter((text) => clear(text))).toEqual([]);
    expect(documents.filter((text) => findDuplicateKey(text) === undefined)).toEqual([]);
  });

  it('is false (the scan then answers) when a string holds a quote before a colon, never true for a repeat it hides', () => {
    expect(clear('{"expr": "{\\"a\\": 1}"}')).toBe(false);
    expect(findDuplicateKey('{"expr": "{\\"a\\": 1}"}')).toBeUndefined();
    expect(clear('{"a": ": x"}')).toBe(false);
    // A repeat and an extra colon cannot cancel out: one lowers the key count, the other raises the colon count.
    expect(clear('{"a": 1, "a": "\\":"}')).toBe(false);
  });

  it('never says "clear" where the scan finds a repeat (generated documents)', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const keys = ['a', 'b', 'id', '\\u0061', 'x\\"y', '\\":', 'ü', ' : '];
    const blank = (): string => [' ', '', '\n', '\t ', '\r\n'][random(5)]!;
    const value = (depth: number): string => {
      const kind = depth === 0 ? 4 : depth > 3 ? random(3) : random(5);
      if (kind === 0) return String(random(100));
      if (kind === 1) return JSON.stringify(['s', '"a":', 'b\\":', ': x', 'é'][random(5)]);
      if (kind === 2) return 'null';
      if (kind === 3) return `[${Array.from({ length: random(3) }, () => value(depth + 1)).join(',')}]`;
      const members = Array.from({ length: random(5) }, () => `"${keys[random(keys.length)]}"${blank()}:${blank()}${value(depth + 1)}`);
      return `{${blank()}${members.join(`,${blank()}`)}${blank()}}`;
    };
    let repeats = 0;
    for (let n = 0; n < 2000; n += 1) {
      const text = value(0);
      const repeat = findDuplicateKey(text);
      if (repeat) repeats += 1;
      if (clear(text)) expect(repeat).toBeUndefined();
    }
    expect(repeats).toBeGreaterThan(100);
  });
});

describe('parseJsonDocument: a key twice in one object is an error at the second one', () => {
  it('names the key, the position of the second and of the first', () => {
    const parsed = parseJsonDocument('\uFEFF{\n  "uid": "a",\n  "panels": [],\n  "uid": "b"\n}\n', 'dashboards/a.json');
    expect(parsed.diagnostics).toEqual([
      {
        file: 'dashboards/a.json',
        line: 4,
        col: 3,
        severity: 'error',
        rule: 'json-duplicate-key',
        message: 'key "uid" appears twice in one object (first at line 2, col 3); JSON keeps only the last value silently: remove one',
      },
    ]);
  });
});
