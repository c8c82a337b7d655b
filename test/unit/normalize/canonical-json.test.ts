import { describe, expect, it } from 'vitest';
import { canonicalJson, compactStableJson } from '../../../src/normalize/canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth, indents by 2, keeps empties on one line, ends with a newline', () => {
    const text = canonicalJson({ title: 'T', b: [], a: { z: 1, y: [{ d: 1, c: {} }] } });
    expect(text).toBe(
      [
        '{',
        '  "a": {',
        '    "y": [',
        '      {',
        '        "c": {},',
        '        "d": 1',
        '      }',
        '    ],',
        '    "z": 1',
        '  },',
        '  "b": [],',
        '  "title": "T"',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('does not depend on key insertion order', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it('is stable through a parse round trip, including integer-like keys', () => {
    const value = { mappings: { '10': 'ten', '2': 'two', x: 'x' }, s: 'line\nbreak [\n]' };
    const once = canonicalJson(value);
    expect(canonicalJson(JSON.parse(once))).toBe(once);
    expect(once.indexOf('"10"')).toBeLessThan(once.indexOf('"2"'));
  });

  it('keeps string contents that look like empty brackets intact', () => {
    expect(JSON.parse(canonicalJson({ s: '[\n  ]' }))).toEqual({ s: '[\n  ]' });
  });
});

describe('compactStableJson', () => {
  it('writes exactly what json-stable-stringify writes', async () => {
    const { default: stableStringify } = await import('json-stable-stringify');
    const { readdir, readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const samples: unknown[] = [
      { b: [1, { d: null, c: 'x"y\u2028' }], a: true, '10': 1, '2': [], 'é': {}, e: undefined, f: [undefined] },
      { s: ['tab\there', 'bell\u0007', 'back\\slash', 'lone\ud800', 'pair 😀', 'ü', '</script>', ''], 'a"b': 1, 'B': 2, '_': 3 },
      { n: [-0, 0.1, 1e21, 1e-7, -5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53], at: new Date(0), no: false },
      { sorted: { a: 1, b: { c: 2, d: 3 } }, reverse: { z: { y: 1, x: 2 }, a: 0 } },
      [],
      'text',
      3.5,
      null,
    ];
    const root = join(import.meta.dirname, '../../../dashboards');
    for (const entry of await readdir(root, { recursive: true })) {
      if (String(entry).endsWith('.json')) samples.push(JSON.parse(await readFile(join(root, String(entry)), 'utf8')));
    }
    expect(samples.length).toBeGreaterThan(5);
    // The same with keys in sorted order already (as Grafana answers and pull writes): JSON.stringify's path.
    const sorted = samples.map((sample) => JSON.parse(stableStringify(sample) ?? 'null') as unknown);
    // Sorted keys around a toJSON whose result is not, and integer-like keys enumerated out of string order.
    const unsortedJson = { toJSON: () => ({ z: 1, y: [{ b: 1, a: 2 }] }) };
    const tricky = [{ a: unsortedJson, b: [unsortedJson] }, { '10': 1, '9': 2 }, { '1': { '0': [], '01': 'x' }, b: 'c' }, { a: undefined, b: [undefined, () => 1] }];
    for (const sample of [...samples, ...sorted, ...tricky]) expect(compactStableJson(sample)).toBe(stableStringify(sample));
  });
});
