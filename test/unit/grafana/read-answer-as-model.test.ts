import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeFileModel, describeModelText as describeFileBytes } from '../../../src/files/model-text.js';
import { parseDashboardText } from '../../../src/files/parse-dashboard-text.js';
import { readAnswerAsModel } from '../../../src/grafana/legacy/read-answer-as-model.js';
import { canonicalJson } from '../../../src/normalize/canonical-json.js';
import { generateDashboards } from '../../../scripts/lib/generate-dashboards.mjs';

type Json = Record<string, unknown>;

/**
 * An independent writer of what Grafana's Go code writes: keys sorted by their UTF-8 bytes at
 * every depth, no spaces, and (`htmlEscape`) encoding/json's `\u003c`-style escapes.
 */
function goJson(value: unknown, htmlEscape: boolean): string {
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(write).join(',')}]`;
    if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      return `{${keys.map((k) => `${JSON.stringify(k)}:${write((v as Json)[k])}`).join(',')}}`;
    }
    return JSON.stringify(v);
  };
  const text = write(value);
  return htmlEscape ? text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}

const META = { folderUid: 'f1', folderTitle: 'Ops {"x"} \\ }', version: 7, updated: '2026-12-01T10:00:00Z', updatedBy: 'admin', provisioned: false };

/** GET /api/dashboards/uid's answer for this file model: Grafana adds id and version; meta first unless `dashboardFirst` (the sandbox's older layout). */
function answerFor(model: Json, options: { id?: number | null; version?: number; htmlEscape?: boolean; dashboardFirst?: boolean; meta?: Json } = {}): Uint8Array {
  const live: Json = { ...model, version: options.version ?? 7 };
  if (options.id !== undefined) live.id = options.id;
  const dashboard = goJson(live, options.htmlEscape ?? true);
  const meta = goJson(options.meta ?? META, options.htmlEscape ?? true);
  const text = options.dashboardFirst ? `{"dashboard":${dashboard},"meta":${meta}}` : `{"meta":${meta},"dashboard":${dashboard}}`;
  return new TextEncoder().encode(text);
}

/** The answer with its dashboard part (after meta) changed. */
function inDashboard(answer: string, change: (dashboard: string) => string): string {
  const at = answer.indexOf(',"dashboard":');
  return answer.slice(0, at) + change(answer.slice(at));
}

/** describeModelText of a file holding this model as JSON.stringify indents it (keys in the model's order). */
const describeModelText = (model: Json) => describeFileText(`${JSON.stringify(model, null, 2)}\n`);
const describeFileText = (text: string) => describeFileBytes(Buffer.from(text));

/** The model as the tree pass has it for a file in canonical form (what pull writes). */
const asFileHolds = (model: Json): Json => JSON.parse(canonicalJson(model)) as Json;

const generated: Json[] = generateDashboards({ count: 12, seed: 3 }).map(({ dashboard }: { dashboard: Json }) => asFileHolds(dashboard));

describe('readAnswerAsModel: an answer that holds exactly the file model is known without parsing the model', () => {
  it('matches Grafana\'s answer for generated dashboards, meta first as Grafana writes it or after the dashboard', () => {
    for (const model of generated) {
      const text = describeModelText(model)!;
      expect(text).not.toBeNull();
      for (const dashboardFirst of [false, true]) {
        expect(readAnswerAsModel(answerFor(model, { id: 12, version: 9, dashboardFirst }), text)).toEqual({ id: 12, version: 9, meta: META });
      }
    }
  });

  it('takes titles with & < > and text beyond ASCII (Go escapes them; byte offsets differ from characters), not an answer without Go\'s escapes', () => {
    const model = asFileHolds({ ...generated[0], title: 'Latency & errors <p99> – 東京 🚀', description: 'a\u2028b' });
    const text = describeModelText(model)!;
    expect(readAnswerAsModel(answerFor(model, { id: 3 }), text)).toMatchObject({ id: 3 });
    // Such an answer is only read in full: correct, and not what Grafana writes.
    expect(readAnswerAsModel(answerFor(model, { id: 3, htmlEscape: false }), text)).toBeNull();
  });

  it('finds version at the end of the model and takes an answer without id', () => {
    const model = asFileHolds({ title: 'Short', uid: 'short-1', panels: [{ id: 1, type: 'text' }] });
    const text = describeModelText(model)!;
    expect(readAnswerAsModel(answerFor(model, { id: 5 }), text)).toEqual({ id: 5, version: 7, meta: META });
    expect(readAnswerAsModel(answerFor(model), text)).toEqual({ id: undefined, version: 7, meta: META });
  });

  it('refuses any answer whose model differs from the file by one character, one key or one number form', () => {
    const model = generated[1]!;
    const text = describeModelText(model)!;
    const answer = new TextDecoder().decode(answerFor(model, { id: 1 }));
    const variants = [
      answer.replace(`"title":${JSON.stringify(model.title)}`, `"title":${JSON.stringify(`${String(model.title)} `)}`),
      answer.replace('"panels":[', '"panels":[{"id":99},'),
      answer.replace(`"uid":${JSON.stringify(model.uid)}`, `"uid":${JSON.stringify(model.uid)},"weekStart2":""`),
      answer.replace('"schemaVersion":39', '"schemaVersion":39.0'),
      answer.replace('"dashboard":{', '"dashboard":{"__inputs":[],'),
      answer.replace(/\}$/, ',"extra":1}'),
      answer.slice(0, -1),
      inDashboard(answer, (dashboard) => dashboard.replace('"version":7', '"version":"7"')),
      inDashboard(answer, (dashboard) => dashboard.replace('"id":1,', '"id":1.5,')),
    ];
    for (const changed of variants) {
      expect(changed).not.toBe(answer);
      expect(readAnswerAsModel(new TextEncoder().encode(changed), text)).toBeNull();
    }
  });

  it('refuses an answer where a nested object keeps another key order than Go\'s', () => {
    const model = asFileHolds({ title: 'Nested', uid: 'nested-1', time: { from: 'now-6h', to: 'now' } });
    const text = describeModelText(model)!;
    const answer = new TextDecoder().decode(answerFor(model, { id: 2 })).replace('{"from":"now-6h","to":"now"}', '{"to":"now","from":"now-6h"}');
    expect(readAnswerAsModel(new TextEncoder().encode(answer), text)).toBeNull();
  });

  it('refuses a model that differs by one byte anywhere in its text', () => {
    const model = generated[2]!;
    const text = describeModelText(model)!;
    const answer = answerFor(model, { id: 1 });
    const dashboardAt = new TextDecoder().decode(answer).indexOf('"dashboard":') + '"dashboard":'.length;
    for (let at = dashboardAt; at < answer.length - 1; at += 97) {
      const changed = answer.slice();
      changed[at] = changed[at] === 0x41 ? 0x42 : 0x41;
      const read = readAnswerAsModel(changed, text);
      // Only a byte inside the id's digits may still match: then the id read is another one.
      if (read !== null) expect(read.id).not.toBe(1);
    }
  });
});

describe('describeModelText', () => {
  it('gives none for a file with a \\u escape (keys may not be what they read) or that is not an object', () => {
    expect(describeFileText('{\n  "title": "a \\u0026 b",\n  "uid": "u"\n}\n')).toBeNull();
    expect(describeFileText('[1, 2]')).toBeNull();
  });

  it('gives none for a model with its own id or version, or with top-level keys out of Go\'s order', () => {
    expect(describeModelText({ id: 4, title: 'x', uid: 'u' })).toBeNull();
    expect(describeModelText({ title: 'x', uid: 'u', version: 3 })).toBeNull();
    expect(describeModelText({ uid: 'u', title: 'x' })).toBeNull();
    expect(describeModelText({})).toBeNull();
  });

  it('describes the text as Go writes it: escapes included, offsets in bytes', () => {
    const text = '{"title":"a \\u0026 é","uid":"u"}';
    expect(describeModelText({ title: 'a & é', uid: 'u' })).toEqual({
      sha256: createHash('sha256').update(text).digest('base64'),
      bytes: Buffer.byteLength(text),
      idAt: 1,
      versionAt: Buffer.byteLength(text) - 1,
    });
  });
});

/** describeFileModel of a file with this text, parsed as the tree pass parses it (`inputs`: the config's map). */
function describeParsed(text: string, inputs: Record<string, string> = {}) {
  return describeFileModel(parseDashboardText(text, 'dashboards/d.json', inputs), Buffer.from(text));
}

describe('describeFileModel: a file is described when its parse left its content as written, whatever its text holds', () => {
  /** A generated dashboard as Grafana 10+ writes Prometheus queries, with `DS_` and `__` in ordinary text. */
  const real = (() => {
    const model = structuredClone(generated[0]!) as Json & { panels: Json[] };
    for (const panel of model.panels) for (const target of (panel.targets as Json[] | undefined) ?? []) target.legendFormat = '__auto';
    model.description = 'Migrated from the DS_PROMETHEUS export; "__inputs" were dropped then';
    model.panels.push({ datasource: { type: 'prometheus', uid: 'DS_main_prom' }, id: 99, options: { __systemRef: 'x' }, title: 'Main', type: 'timeseries' });
    return asFileHolds(model);
  })();

  it('describes a dashboard with "__auto" legends, DS_ in a description and a datasource uid, and `__` keys below the top level; its answer is known', () => {
    const text = canonicalJson(real);
    expect(text).toContain('"legendFormat": "__auto"');
    const described = describeParsed(text);
    expect(described).toEqual(describeFileText(text));
    expect(described).not.toBeNull();
    expect(readAnswerAsModel(answerFor(real, { id: 3, version: 2 }), described!)).toEqual({ id: 3, version: 2, meta: META });
    // A `$` before a name that is not an input's is a dashboard variable: left as it is.
    expect(describeParsed(canonicalJson({ ...real, description: 'by $DSX and ${__DS_x} and $service' }))).not.toBeNull();
  });

  it('gives none for a file whose content is not its text: an input resolved (either form), an export key dropped, a wrapper, a resource', () => {
    const inputs = { DS_PROM: 'prom-uid' };
    expect(describeParsed(canonicalJson({ ...real, panels: [{ datasource: { uid: '${DS_PROM}' }, id: 1 }] }), inputs)).toBeNull();
    expect(describeParsed(canonicalJson({ ...real, panels: [{ datasource: '$DS_PROM', id: 1 }] }), inputs)).toBeNull();
    for (const key of ['__inputs', '__requires', '__elements']) expect(describeParsed(canonicalJson({ ...real, [key]: [] }))).toBeNull();
    expect(describeParsed(canonicalJson({ dashboard: real, meta: {} }))).toBeNull();
    expect(describeParsed(canonicalJson({ apiVersion: 'dashboard.grafana.app/v1', kind: 'Dashboard', metadata: { name: 'u' }, spec: real }))).toBeNull();
    // A placeholder written with a \\u escape is one too (and a \\u escape is never described anyway).
    expect(describeParsed('{"panels":[{"datasource":"\\u0024{DS_PROM}"}],"title":"x","uid":"u"}', inputs)).toBeNull();
  });

  it('says why the parse did not leave the content as written', () => {
    const reason = (text: string, inputs: Record<string, string> = {}) => parseDashboardText(text, 'd.json', inputs).asWritten;
    expect(reason('{"title":"x","uid":"u","panels":[{"legendFormat":"__auto","datasource":"DS_x"}]}')).toBe('bare');
    expect(reason('{"title":"x","uid":"u","panels":[{"datasource":"${DS_PROM}"}]}', { DS_PROM: 'p' })).toBe('inputs-resolved');
    expect(reason('{"__requires":[],"title":"x","uid":"u"}')).toBe('export-keys-dropped');
    expect(reason('{"__inputs":[{"name":"DS_PROM","type":"datasource"}],"title":"x","uid":"u","panels":[{"datasource":"${DS_PROM}"}]}', { DS_PROM: 'p' })).toBe('export-keys-dropped');
    expect(reason('{"dashboard":{"title":"x","uid":"u"},"meta":{}}')).toBe('wrapped');
    expect(reason('{"apiVersion":"dashboard.grafana.app/v1","kind":"Dashboard","metadata":{"name":"u"},"spec":{"title":"x"}}')).toBe('resource');
  });
});
