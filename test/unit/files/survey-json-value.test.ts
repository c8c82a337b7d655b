import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mayHoldInexactNumber } from '../../../src/files/find-inexact-number.js';
import { inexactNumberDiagnostic } from '../../../src/files/inexact-number-diagnostic.js';
import { parseDashboardText } from '../../../src/files/parse-dashboard-text.js';
import { readDashboardFile } from '../../../src/files/read-dashboard-file.js';
import { surveyJsonValue } from '../../../src/files/survey-json-value.js';
import { makeTempTree, type TempTree } from './make-tree.js';

/** Number literals at the edges of what a 64-bit float holds, and ordinary ones. */
const LITERALS = [
  '0', '-0', '1', '-1', '0.1', '-0.1', '1.10', '1.5e3', '1E2', '1e-7', '1.5e-7', '5e-324', '1e-400', '1e400', '-1e400',
  '1e308', '1.7976931348623157e308', '1.7976931348623159e308', '9007199254740991', '9007199254740992', '9007199254740993',
  '-9007199254740993', '12345678901234567890', '100000000000000000000', '0.30000000000000004', '0.30000000000000001',
  '3.14159265358979323846', '123456789012345.6', '1234567890123456.7', '0.000001234567890123', '80', '2.5', '65.5',
];

describe('surveyJsonValue: the walk that counts keys also tells mayHoldInexactNumber', () => {
  it('agrees with mayHoldInexactNumber on each edge literal, alone and nested, and ignores numbers inside strings', () => {
    for (const literal of LITERALS) {
      for (const text of [literal, `[${literal}]`, `{"a": {"b": [1, {"c": ${literal}}]}}`, `{"__proto__": ${literal}}`]) {
        const value = JSON.parse(text);
        expect([text, surveyJsonValue(value).mayHoldInexactNumber]).toEqual([text, mayHoldInexactNumber(value)]);
      }
    }
    const strings = '{"s": "12345678901234567890", "e": "1e400", "q": "a\\"12345678901234567890\\"", "k": {"9007199254740993": "x"}}';
    expect(surveyJsonValue(JSON.parse(strings))).toEqual({ keys: 5, mayHoldInexactNumber: false, tooDeep: false });
    expect(surveyJsonValue(JSON.parse('{"a": 1e400}')).mayHoldInexactNumber).toBe(true);
    expect(surveyJsonValue(JSON.parse('{"a": -0, "b": 0.1, "c": 1.5e3}')).mayHoldInexactNumber).toBe(false);
    expect(surveyJsonValue(JSON.parse('{"a": 12345678901234567890}')).mayHoldInexactNumber).toBe(true);
  });

  it('counts every key of every object, at any depth, and none of an array', () => {
    expect(surveyJsonValue(JSON.parse('{"a": 1, "b": {"a": [1, {"a": 2, "b": null}], "c": {}}, "d": []}')).keys).toBe(7);
    expect(surveyJsonValue(JSON.parse('[1, "x", {"a": 1}, [{"a": 2}]]')).keys).toBe(2);
    expect(surveyJsonValue(JSON.parse('42')).keys).toBe(0);
  });

  it('agrees with mayHoldInexactNumber and a plain key count on generated documents', () => {
    const random = seeded(7);
    const keyCount = (value: unknown): number => {
      if (typeof value !== 'object' || value === null) return 0;
      if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + keyCount(item), 0);
      return Object.values(value).reduce((sum: number, item) => sum + 1 + keyCount(item), 0);
    };
    const outcomes = new Set<boolean>();
    for (let n = 0; n < 300; n += 1) {
      const value = JSON.parse(generatedText(random, 4));
      expect(surveyJsonValue(value)).toEqual({ tooDeep: false, keys: keyCount(value), mayHoldInexactNumber: mayHoldInexactNumber(value) });
      outcomes.add(mayHoldInexactNumber(value));
    }
    expect(outcomes).toEqual(new Set([true, false]));
  });
});

describe('readDashboardFile: number-inexact as before, its walk folded into the parse', () => {
  let tree: TempTree;
  beforeEach(async () => {
    tree = await makeTempTree();
  });
  afterEach(async () => {
    await tree.cleanup();
  });

  /** What readDashboardFile reported before the fold: the parse's diagnostics, then inexactNumberDiagnostic of the model or spec as written. */
  function before(text: string) {
    const parsed = parseDashboardText(text, 'dashboards/d.json', {});
    const inexact = parsed.written ? inexactNumberDiagnostic(text, 'dashboards/d.json', parsed.written) : undefined;
    return inexact ? [...parsed.diagnostics, inexact] : parsed.diagnostics;
  }

  async function after(text: string) {
    await tree.write({ 'd.json': text });
    return readDashboardFile(join(tree.dir, 'd.json'), 'dashboards/d.json', { inputs: {} }).diagnostics;
  }

  it('reports the same line:col and message for each edge literal in a bare model, a wrapper and a resource (spec and metadata)', async () => {
    for (const literal of LITERALS) {
      const texts = [
        `{\n  "uid": "d",\n  "title": "D",\n  "panels": [{"id": 1, "max": ${literal}}]\n}\n`,
        `{"dashboard": {"uid": "d", "title": "D", "max": ${literal}}, "meta": {"version": 2}}`,
        `{"dashboard": {"uid": "d", "title": "D"}, "meta": {"version": ${literal}}}`,
        `{"apiVersion": "dashboard.grafana.app/v1", "kind": "Dashboard", "metadata": {"name": "d"}, "spec": {"title": "D", "max": ${literal}}}`,
        `{"apiVersion": "dashboard.grafana.app/v1", "kind": "Dashboard", "metadata": {"name": "d", "generation": ${literal}}, "spec": {"title": "D", "big": 12345678901234567890}}`,
        `{"apiVersion": "dashboard.grafana.app/v1", "kind": "Dashboard", "metadata": {"name": "d", "generation": ${literal}}, "spec": {"title": "D"}}`,
        `\uFEFF{"uid": "d", "title": "say \\"${literal}\\"", "n": ${literal}}`,
      ];
      for (const text of texts) expect([text, await after(text)]).toEqual([text, before(text)]);
    }
  });

  it('still names 12345678901234567890 and 1e400, and passes -0, 0.1 and 1.5e3', async () => {
    const rules = async (text: string) => (await after(text)).map((d) => `${d.line}:${d.col} ${d.rule}`);
    expect(await rules('{"uid": "d", "title": "D",\n "threshold": 12345678901234567890}')).toEqual(['2:15 number-inexact']);
    expect(await rules('{"uid": "d", "title": "D", "max": 1e400}')).toEqual(['1:35 number-inexact']);
    expect(await rules('{"uid": "d", "title": "D", "a": -0, "b": 0.1, "c": 1.5e3, "s": "1e400"}')).toEqual([]);
  });
});

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** A random JSON text of numbers (LITERALS and random digits), strings with digits and escaped quotes, objects and arrays. */
function generatedText(random: () => number, depth: number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const roll = random();
  if (depth === 0 || roll < 0.35) {
    const kind = random();
    if (kind < 0.4) return pick(LITERALS);
    if (kind < 0.7) {
      const digits = Array.from({ length: 1 + Math.floor(random() * 20) }, () => Math.floor(random() * 10)).join('');
      return `${random() < 0.3 ? '-' : ''}${digits.replace(/^0+(?=\d)/, '')}${random() < 0.5 ? `.${Math.floor(random() * 1e6)}` : ''}${random() < 0.2 ? `e${Math.floor(random() * 40) - 20}` : ''}`;
    }
    if (kind < 0.9) return JSON.stringify(`x"${pick(LITERALS)}\\ ${pick(LITERALS)}`);
    return pick(['true', 'false', 'null']);
  }
  const size = Math.floor(random() * 5);
  const items = Array.from({ length: size }, () => generatedText(random, depth - 1));
  if (roll < 0.6) return `[${items.join(', ')}]`;
  return `{${items.map((item, i) => `${JSON.stringify(`k${i}${pick(LITERALS)}`)}: ${item}`).join(', ')}}`;
}
