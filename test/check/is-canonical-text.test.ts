import { describe, expect, it } from 'vitest';
import { isCanonicalText } from '../../src/check/is-canonical-text.js';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { generateDashboards } from '../../scripts/lib/generate-dashboards.mjs';

/** The fast path must answer exactly as `text === canonicalJson(value)` would. */
function agrees(text: string): void {
  const value: unknown = JSON.parse(text);
  expect(isCanonicalText(text, value)).toBe(text === canonicalJson(value));
}

describe('isCanonicalText', () => {
  it('agrees with canonicalJson on realistic dashboards, canonical or not', () => {
    for (const { dashboard } of generateDashboards({ count: 40, seed: 3 })) {
      const canonical = canonicalJson(dashboard);
      expect(isCanonicalText(canonical, JSON.parse(canonical))).toBe(true);
      agrees(JSON.stringify(dashboard, null, 2));
      agrees(JSON.stringify(dashboard));
      agrees(`${JSON.stringify(dashboard, null, 4)}\n`);
    }
  });

  it('agrees on the corners: integer-like keys, escapes, empty containers, unsorted nesting, no final newline', () => {
    const samples = [
      '{\n  "10": 1,\n  "2": 2\n}\n',
      '{\n  "2": 2,\n  "10": 1\n}\n',
      '{\n  "a": "line\\nbreak \\u2028 \\"q\\" é",\n  "b": []\n}\n',
      '{\n  "a": {},\n  "b": [\n    {},\n    []\n  ]\n}\n',
      '{\n  "a": {\n    "z": 1,\n    "y": 2\n  }\n}\n',
      '{\n  "a": 1\n}',
      '{\n  "a": 1e21,\n  "b": -0,\n  "c": 1.50\n}\n',
      '{\n  "B": 1,\n  "a": 2,\n  "_": 3\n}\n',
      '{\n  "__proto__": {\n    "x": 1\n  },\n  "a": null\n}\n',
    ];
    for (const text of samples) agrees(text);
  });
});
