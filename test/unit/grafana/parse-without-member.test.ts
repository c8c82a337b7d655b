import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { jsonValueEnd } from '../../../src/grafana/http/json-value-end.js';
import { parseWithoutMember } from '../../../src/grafana/http/parse-without-member.js';
import { generateDashboards } from '../../../scripts/lib/generate-dashboards.mjs';

type Json = Record<string, unknown>;

const bytes = (text: string) => new TextEncoder().encode(text);

/** Every `data` member's value dropped: what the caller does not read. */
function dropData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropData);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, key === 'data' ? null : dropData(member)]));
}

/** What the caller read before: the whole answer parsed (a byte order mark dropped, as the requester decodes). */
const readWhole = (text: string) => dropData(JSON.parse(text.replace(/^\uFEFF/, '')));

/** The lean read as its caller uses it: the cut answer, or the whole one parsed when the reader gives up. */
function readLean(text: string): unknown {
  const lean = parseWithoutMember(bytes(text), 'data');
  return lean === null ? readWhole(text) : dropData(lean.value);
}

/** Go's json.Marshal escapes of < > & (Grafana writes every /api answer so). */
const goEscaped = (text: string) => text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const dashboards: Json[] = generateDashboards({ count: 3, seed: 5 }).map(({ dashboard }: { dashboard: Json }) => dashboard);

/** A version object in Grafana 12's member order (createdBy after data); `data` left out when undefined. */
function version(n: number, data: unknown, extra: Json = {}): Json {
  return {
    id: n, dashboardId: 7, uid: 'cpu', parentVersion: n - 1, restoredFrom: 0, version: n,
    created: '2026-12-01T10:00:00Z', message: n === 1 ? 'Initial save' : `dashsync: save ${n}`,
    ...(data === undefined ? {} : { data }), createdBy: 'admin', ...extra,
  };
}

const page = (versions: Json[], continueToken = '') => JSON.stringify({ continueToken, versions });
const withData = (n: number) => ({ ...dashboards[n % dashboards.length], uid: 'cpu', version: n });

describe('parseWithoutMember(…, \'data\'): a versions answer read without building each version\'s data', () => {
  const shapes: [string, string, boolean][] = [
    ['12/13: {continueToken, versions} with whole dashboards as data, createdBy after it', page([version(3, withData(3)), version(2, withData(2))], '2'), true],
    ['one version (limit=1), as the drift check asks', page([version(1, withData(1))]), true],
    ['members in another order (data first, continueToken last)', JSON.stringify({ versions: [{ data: withData(4), createdBy: 'jane', version: 4, parentVersion: 3, message: 'm', created: 'c' }], continueToken: '' }), true],
    ['one version without data beside one with it', page([version(5, undefined), version(4, withData(4))]), true],
    ['pretty-printed', JSON.stringify(JSON.parse(page([version(2, withData(2))])), null, 2), true],
    ['tabs and CRLF around the data member', page([version(2, withData(2))]).replace('"data":', '\r\n\t"data" \t:\r\n '), true],
    ['Go\'s \\u escapes in strings, inside data and out', goEscaped(page([version(2, { ...withData(2), title: 'a <b> & c' }, { message: 'tuned <thresholds> & more', createdBy: 'j\u00fcrgen' })])), true],
    ['a string holding "data": and braces, before and inside data', page([version(2, { ...withData(2), description: 'x "data": {"a": [1}' }, { message: '"data": {{{ [ \\" ' })]), true],
    ['a key spelled with an escape ("d\\u0061ta") is left to JSON.parse', page([version(2, withData(2))]).replace('"data":', '"d\\u0061ta":'), false],
    ['a byte order mark', `\uFEFF${page([version(2, withData(2))])}`, true],
    ['data holding every kind of JSON value', page([version(2, { ...withData(2), n: [0, -1, 1.5e-3, 2E+10, -0.0, 12], t: true, f: false, z: null, e: {}, a: [], s: 'é\\/\b\f\n\r\t\u0001' })]), true],
    ['11.2: a bare array whose data is null', JSON.stringify(Array.from({ length: 20 }, (_, i) => version(20 - i, null))), false],
    ['a short answer', page([version(1, { a: 1 })]), false],
  ];

  it.each(shapes)('%s: what the caller reads equals the whole answer parsed', (_name, text, cut) => {
    expect(parseWithoutMember(bytes(text), 'data') !== null).toBe(cut);
    expect(readLean(text)).toEqual(readWhole(text));
  });

  it('gives up (the caller parses the whole and reports its error) on answers JSON.parse refuses', () => {
    const good = page([version(2, withData(2))]);
    const refused = [
      '<!DOCTYPE html><html><title>Sign in</title>' + 'x'.repeat(2000) + '</html>',
      good.slice(0, good.length - 200),
      good.slice(0, good.indexOf('"createdBy"')),
      good.replace('"data":{', '"data":{"x":01,'),
      good.replace('"data":{', '"data":{"x":tru,'),
      good.replace('"data":{', '"data":{"x":1.,'),
      good.replace('"data":{', '"data":{"x":1e,'),
      good.replace('"data":{', '"data":{"x":-,'),
      good.replace('"data":{', '"data":{"x":NaN,'),
      good.replace('"data":{', '"data":{\'x\':1,'),
      good.replace('"data":{', '"data":{"x":"\\x",'),
      good.replace('"data":{', '"data":{"x":"\\u12g4",'),
      good.replace('"data":{', '"data":{"x":"a\tb",'),
      good.replace('"data":{', '"data":{"x":[1,],'),
      good.replace('"data":{', '"data":{"x" 1,'),
      good.replace('"data":{', '"data":{"x":[1 2],'),
      good.replace('"data":{', '"data":{1:2,'),
      good.replace('"data":{', '"data":{"x":{}}} "y":{'),
      `${good}x`,
      `${good},`,
      good.replace('"message":"', '"message":"\u0007'),
      `\uFEFF\uFEFF${good}`,
    ];
    for (const text of refused) {
      expect(() => JSON.parse(text.replace(/^\uFEFF/, '')), text.slice(0, 80)).toThrow();
      expect(parseWithoutMember(bytes(text), 'data'), text.slice(0, 80)).toBeNull();
    }
  });

  it('never reads an answer JSON.parse refuses, nor differs on one it accepts: every one-byte change of a real answer', () => {
    const data = (n: number) => ({ title: `CPU ${n}`, panels: [{ id: 1, targets: [{ expr: 'rate(x[5m]) > 0.5e-3', hide: false }], gridPos: { h: 8, w: 12 } }], tags: ['a', 'b'], refresh: null, editable: true, links: [], description: 'quote \\" and \\u003c, "data": {x}' });
    const good = page([version(3, data(3)), version(2, data(2)), version(1, data(1))]);
    const replacements = [...'{}[]":,\\ 0-.eE+tfnu1x\t'].map((c) => c.charCodeAt(0));
    const original = bytes(good);
    expect(original.length).toBeGreaterThan(1024);
    const wrong: string[] = [];
    let cut = 0;
    for (let at = 0; at < original.length; at += 1) {
      for (const replacement of [...replacements, -1]) {
        const changed = replacement === -1 ? Buffer.concat([original.subarray(0, at), original.subarray(at + 1)]) : original.slice();
        if (replacement !== -1) changed[at] = replacement;
        const text = new TextDecoder().decode(changed);
        const lean = parseWithoutMember(changed, 'data');
        let whole: unknown;
        try {
          whole = readWhole(text);
        } catch {
          if (lean !== null) wrong.push(`byte ${at} → ${replacement}: read, JSON.parse refuses it`);
          continue;
        }
        if (lean === null) continue;
        cut += 1;
        if (!isDeepStrictEqual(dropData(lean.value), whole)) wrong.push(`byte ${at} → ${replacement}: differs`);
      }
    }
    expect(wrong).toEqual([]);
    expect(cut).toBeGreaterThan(original.length);
  });
});

describe('jsonValueEnd: where a JSON value ends, refusing what JSON.parse refuses', () => {
  const accepted = ['0', '-0', '12', '-1.25e+3', '1E9', '"a\\"\\\\\\/\\b\\f\\n\\r\\t\\u00aF"', 'true', 'false', 'null', '[]', '{}', '[ 1 , [ ] , { } ]', '{ "a" : { "b" : [ null ] } }', '"\u00e9\u2028"'];
  const refused = ['', '01', '-', '1.', '.5', '1e', '+1', 'tru', 'nul', 'True', '"a', '"\\a"', '"\\u00g0"', '"a\nb"', '[1,]', '[,1]', '{"a"}', '{"a":}', '{a:1}', '{"a":1,}', '[1 2]', '{"a":1 "b":2}', '[', '{"a":[}'];

  it.each(accepted)('%s: ends after it, as JSON.parse reads it', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(jsonValueEnd(bytes(`${text},`), 0)).toBe(bytes(text).length);
  });

  it.each(refused)('%s: refused', (text) => {
    expect(() => JSON.parse(text)).toThrow();
    const end = jsonValueEnd(bytes(text), 0);
    // A value followed by more than whitespace is refused by the caller, which requires , } ] or the end after it.
    expect(end === -1 || (end < bytes(text).length && !' \t\r\n,}]'.includes(text[end]!))).toBe(true);
  });

  it('leaves very deep nesting to JSON.parse', () => {
    expect(jsonValueEnd(bytes(`${'['.repeat(600)}${']'.repeat(600)}`), 0)).toBe(-1);
    expect(jsonValueEnd(bytes(`${'['.repeat(500)}${']'.repeat(500)}`), 0)).toBe(1000);
  });
});

describe('parseWithoutMember(…, \'spec\', 3): a history LIST of /apis read without building each item\'s spec', () => {
  /** A DashboardList as the apiserver writes it; item members at depth 3. */
  function list(items: Json[]): string {
    return JSON.stringify({ kind: 'DashboardList', apiVersion: 'dashboard.grafana.app/v1beta1', metadata: { resourceVersion: '12', continue: '' }, items });
  }
  const item = (n: number, extra: Json = {}): Json => ({
    kind: 'Dashboard', apiVersion: 'dashboard.grafana.app/v1beta1',
    metadata: { name: 'cpu', generation: n, creationTimestamp: '2026-12-01T10:00:00Z', annotations: { 'grafana.app/message': `save ${n}`, 'grafana.app/updatedBy': 'user:jane' } },
    spec: dashboards[n % dashboards.length], status: {}, ...extra,
  });
  const longText = 'x'.repeat(200);

  it.each([
    ['one item, its spec cut', list([item(3)]), true],
    ['an annotation and a label named spec (deeper) are kept', list([item(3, { metadata: { name: 'cpu', annotations: { spec: longText }, labels: { spec: longText } } })]), true],
    ['a conversion\'s source keeps its spec (deeper); the item\'s own is cut', list([item(3, { status: { conversion: { failed: true, storedVersion: 'v2beta1', source: { metadata: { name: 'cpu' }, spec: { elements: { a: longText } } } } } })]), true],
    ['a spec member of the list itself (depth 1) is kept', JSON.stringify({ spec: { long: longText }, items: [{ metadata: { name: 'cpu' } }], pad: longText.repeat(6) }), false],
  ])('%s', (_name, text, cut) => {
    const lean = parseWithoutMember(bytes(text), 'spec', 3);
    expect(lean !== null).toBe(cut);
    const whole = JSON.parse(text) as { items: Json[] };
    const expected = { ...whole, items: whole.items.map((entry) => ('spec' in entry ? { ...entry, spec: null } : entry)) };
    expect(lean === null ? whole : lean.value).toEqual(lean === null ? whole : expected);
  });
});
