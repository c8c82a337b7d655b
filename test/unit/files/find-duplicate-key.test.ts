import { describe, expect, it } from 'vitest';
import { findDuplicateKey } from '../../../src/files/find-duplicate-key.js';
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
