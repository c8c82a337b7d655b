import { describe, expect, it } from 'vitest';
import { locateJsonPath, parseJsonDocument } from '../../../src/files/parse-json.js';

describe('parseJsonDocument', () => {
  it('parses a valid document without diagnostics', () => {
    expect(parseJsonDocument('{"uid": "a", "panels": [1, 2]}', 'd.json')).toEqual({
      value: { uid: 'a', panels: [1, 2] },
      diagnostics: [],
      mayHoldInexactNumber: false,
    });
  });

  it('tells from the walk that counts keys whether a number may be one a 64-bit float cannot hold (not without that walk)', () => {
    expect(parseJsonDocument('{"uid": "a", "n": 12345678901234567890}', 'd.json').mayHoldInexactNumber).toBe(true);
    expect(parseJsonDocument('{"uid": "a", "n": "12345678901234567890"}', 'd.json').mayHoldInexactNumber).toBe(false);
    expect(parseJsonDocument('{"uid": "a", "n": 12345678901234567890}', 'd.json', { duplicateKeys: false })).not.toHaveProperty('mayHoldInexactNumber');
  });

  it('accepts a leading UTF-8 BOM', () => {
    expect(parseJsonDocument('\uFEFF{"a": 1}', 'd.json').value).toEqual({ a: 1 });
  });

  it('keeps __proto__ as an ordinary key', () => {
    const { value } = parseJsonDocument('{"__proto__": {"polluted": true}}', 'd.json');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value as object)).toEqual(['__proto__']);
  });

  it.each([
    ['empty file', '', 1, 1, 'the file is empty; a dashboard file holds one JSON object'],
    ['whitespace only', '  \n ', 1, 1, 'the file is empty; a dashboard file holds one JSON object'],
    ['truncated object', '{\n  "a": 1', 2, 9, 'unexpected end of file (missing closing brace for the "{" at line 1, col 1)'],
    ['truncated array', '[1,\n2', 2, 2, 'unexpected end of file (missing closing bracket for the "[" at line 1, col 1)'],
    ['array left open in an object', '{"dashboards": [', 1, 17, 'unexpected end of file (missing closing bracket for the "[" at line 1, col 16)'],
    ['object left open in an array', '{"a": [\n  {"b": 1', 2, 10, 'unexpected end of file (missing closing brace for the "{" at line 2, col 3)'],
    ['value missing at the end', '{"a": [1],\n "b": {"c":', 2, 12, 'unexpected end of file (missing closing brace for the "{" at line 2, col 7)'],
    ['missing comma', '{\n  "a": 1\n  "b": 2\n}', 3, 3, 'expected a comma or closing brace'],
    ['missing comma in array', '[1 2]', 1, 4, 'expected a comma or closing bracket'],
    [
      'trailing comma in object',
      '{\n  "a": 1,\n}',
      2,
      9,
      'trailing comma: JSON does not allow a comma before a closing brace or bracket',
    ],
    ['trailing comma in array', '[1, 2, ]', 1, 6, 'trailing comma: JSON does not allow a comma before a closing brace or bracket'],
    ['line comment', '{\n  // note\n  "a": 1\n}', 2, 3, 'comments are not allowed in JSON'],
    ['block comment', '{ /* x */ "a": 1 }', 1, 3, 'comments are not allowed in JSON'],
    ['single quotes', "{'a': 1}", 1, 2, 'unexpected "\'a\'": JSON needs double quotes'],
    ['unquoted key', '{a: 1}', 1, 2, 'unexpected "a"'],
    ['missing colon', '{"a" 1}', 1, 6, 'expected a colon after the property name, found "1": add ":" between the name and its value'],
    // walk-through 16 L-6: the string found was quoted twice (found "\"Panel 0\"").
    ['missing colon before a string', '{\n  "title" "Panel 0"\n}', 2, 11, 'expected a colon after the property name, found the string "Panel 0": add ":" between the name and its value'],
    ['missing colon before a long string', '{"title" "Panel with a long title"}', 1, 10, 'expected a colon after the property name, found the string "Panel with a long t…: add ":" between the name and its value'],
    ['unterminated string', '{"a": "abc', 1, 7, 'unterminated string'],
    ['content after value', '{}\n{}', 2, 1, 'unexpected content after the end of the JSON value'],
    ['raw tab in string', '{"a": "x\ty"}', 1, 7, 'control character in string (escape it, e.g. \\n or \\t)'],
  ])('%s → exact line:col and message', (_name, text, line, col, message) => {
    const result = parseJsonDocument(text, 'dashboards/x.json');
    expect(result.value).toBeUndefined();
    expect(result.diagnostics).toEqual([
      { file: 'dashboards/x.json', line, col, severity: 'error', rule: 'json-syntax', message },
    ]);
  });

  it('refuses JSON nested deeper than 1000 levels with the position of the bracket that goes too deep, with or without the key walk', () => {
    const deep = (n: number) => `{"uid": "deep", "x": ${'['.repeat(n)}${']'.repeat(n)}}`;
    for (const options of [{}, { duplicateKeys: false }]) {
      expect(parseJsonDocument(deep(5000), 'dashboards/deep.json', options).diagnostics).toEqual([
        { file: 'dashboards/deep.json', line: 1, col: 1021, severity: 'error', rule: 'json-syntax', message: 'JSON nested deeper than 1000 levels; no dashboard needs that many: flatten it' },
      ]);
      expect(parseJsonDocument(deep(999), 'dashboards/deep.json', options).diagnostics).toEqual([]);
    }
    expect(parseJsonDocument(`{"s": "${'['.repeat(3000)}"}`, 'd.json').diagnostics).toEqual([]);
  });

  it('with topLevelOnly (a uid read: nothing walks the value) skips the depth scan, and still names a syntax error', () => {
    const deep = `{"uid": "deep", "x": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    expect(parseJsonDocument(deep, 'dashboards/deep.json', { duplicateKeys: false, topLevelOnly: true })).toMatchObject({ diagnostics: [], value: { uid: 'deep' } });
    expect(parseJsonDocument('{"uid": "a",}', 'd.json', { duplicateKeys: false, topLevelOnly: true }).diagnostics[0]).toMatchObject({ line: 1, col: 12 });
  });

  it('counts columns after a BOM as an editor does', () => {
    expect(parseJsonDocument('\uFEFF{"a" 1}', 'd.json').diagnostics[0]).toMatchObject({ line: 1, col: 6 });
  });
});

describe('locateJsonPath', () => {
  const text = '{\n  "title": "CPU",\n  "uid": "abc",\n  "panels": [\n    {"id": 4}\n  ]\n}\n';

  it.each([
    [['uid'], { line: 3, col: 10 }],
    [['title'], { line: 2, col: 12 }],
    [['panels', 0, 'id'], { line: 5, col: 12 }],
  ] as const)('finds %j', (path, position) => {
    expect(locateJsonPath(text, [...path])).toEqual(position);
  });

  it('returns undefined for a missing key', () => {
    expect(locateJsonPath(text, ['nope'])).toBeUndefined();
  });
});
