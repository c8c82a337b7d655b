import stableStringify from 'json-stable-stringify';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/normalize/canonical-json.js';
import { escapeInvisibleInJson } from '../../../src/report/escape-untrusted.js';
import { generateDashboards } from '../../../scripts/lib/generate-dashboards.mjs';

/** canonicalJson writes with the built-in stringify when keys are sorted: it must write what json-stable-stringify writes (invisible characters escaped alike). */
function agrees(text: string): void {
  const value: unknown = JSON.parse(text);
  expect(canonicalJson(value)).toBe(`${escapeInvisibleInJson(stableStringify(value, { space: 2, collapseEmpty: true })!)}\n`);
}

describe('canonicalJson, the sorted-keys fast path', () => {
  it('writes what json-stable-stringify writes for realistic dashboards, canonical or not', () => {
    for (const { dashboard } of generateDashboards({ count: 40, seed: 3 })) {
      const canonical = `${stableStringify(dashboard, { space: 2, collapseEmpty: true })}\n`;
      expect(canonicalJson(JSON.parse(canonical))).toBe(canonical);
      agrees(JSON.stringify(dashboard, null, 2));
      agrees(JSON.stringify(dashboard));
      agrees(`${JSON.stringify(dashboard, null, 4)}\n`);
    }
  });

  it('agrees on the corners: integer-like keys, escapes, empty containers, unsorted nesting', () => {
    const samples = [
      '{\n  "10": 1,\n  "2": 2\n}\n',
      '{\n  "2": 2,\n  "10": 1\n}\n',
      '{\n  "a": "line\\nbreak \\u2028 \\"q\\" é",\n  "b": []\n}\n',
      '{\n  "a": {},\n  "b": [\n    {},\n    []\n  ]\n}\n',
      '{\n  "a": {\n    "z": 1,\n    "y": 2\n  }\n}\n',
      '{\n  "a": 1e21,\n  "b": -0,\n  "c": 1.50\n}\n',
      '{\n  "B": 1,\n  "a": 2,\n  "_": 3\n}\n',
      '{\n  "__proto__": {\n    "x": 1\n  },\n  "a": null\n}\n',
      '[\n  1,\n  "x",\n  null\n]\n',
      '"text"',
    ];
    for (const text of samples) agrees(text);
  });
});
