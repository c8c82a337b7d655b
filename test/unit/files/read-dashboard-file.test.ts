import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashText } from '../../../src/files/hash-text.js';
import { describeModelText } from '../../../src/files/model-text.js';
import { readDashboardFile } from '../../../src/files/read-dashboard-file.js';
import { makeTempTree, type TempTree } from './make-tree.js';

let tree: TempTree;
beforeEach(async () => {
  tree = await makeTempTree();
});
afterEach(async () => {
  await tree.cleanup();
});

async function read(text: string, inputs: Record<string, string> = {}) {
  await tree.write({ 'd.json': text });
  return readDashboardFile(join(tree.dir, 'd.json'), 'dashboards/d.json', { inputs });
}

describe('readDashboardFile', () => {
  it('returns the bare model of a bare file', async () => {
    const text = '{"uid": "a", "title": "A", "panels": []}';
    expect(await read(text)).toEqual({
      content: { uid: 'a', schema: 'v1', apiVersion: null, spec: { uid: 'a', title: 'A', panels: [] }, metadata: { labels: {}, annotations: {} } },
      form: 'model',
      written: { uid: 'a', title: 'A', panels: [] },
      asWritten: 'bare',
      diagnostics: [],
      textHash: hashText(text),
    });
    expect(hashText(text)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(hashText(`${text} `)).not.toBe(hashText(text));
  });

  it('digests the bytes as the text decoded from them, a byte-order mark and non-ASCII characters included', async () => {
    const text = '\uFEFF{"uid": "a", "title": "Température 📈 ключ"}\n';
    const bytes = Buffer.from(text, 'utf8');
    const result = await read(text);
    expect(result.textHash).toBe(hashText(text));
    expect(result.textHash).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
  });

  it('unwraps the {dashboard, meta} API wrapper', async () => {
    const text = JSON.stringify({ dashboard: { uid: 'a', title: 'A', id: 3 }, meta: { version: 3 } });
    expect(await read(text)).toMatchObject({ content: { spec: { uid: 'a', title: 'A', id: 3 } }, form: 'model', written: { uid: 'a', title: 'A', id: 3 }, diagnostics: [], textHash: hashText(text) });
  });

  it('resolves inputs and drops the export-only keys', async () => {
    const text = JSON.stringify({
      __inputs: [{ name: 'DS_PROM', type: 'datasource' }],
      __requires: [{ type: 'grafana' }],
      __elements: {},
      uid: 'a',
      title: 'A',
      panels: [{ datasource: { uid: '${DS_PROM}' } }],
    });
    expect((await read(text, { DS_PROM: 'prom-1' })).content?.spec).toEqual({
      uid: 'a',
      title: 'A',
      panels: [{ datasource: { uid: 'prom-1' } }],
    });
  });

  it('reports an unmapped input at its first use, naming the input', async () => {
    const text = '{\n  "uid": "a",\n  "title": "A",\n  "panels": [{"datasource": "${DS_PROM}"}]\n}';
    expect((await read(text)).diagnostics).toEqual([
      {
        file: 'dashboards/d.json',
        line: 4,
        col: 29,
        severity: 'error',
        rule: 'input-unmapped',
        message: 'input DS_PROM is not mapped: add "inputs": { "DS_PROM": "<datasource uid>" } to dashsync.config.json',
      },
    ]);
  });

  it.each([
    ['[1]', 1, 1, 'not-an-object', 'a dashboard file must hold a JSON object, found an array'],
    ['"x"', 1, 1, 'not-an-object', 'a dashboard file must hold a JSON object, found a string'],
    ['{"uid": "a"}', 1, 1, 'title-missing', 'dashboard needs a non-empty string "title"; there is none'],
    ['{"uid": "a", "title": ""}', 1, 23, 'title-missing', 'dashboard needs a non-empty string "title"; found an empty string'],
    [
      '{"uid": "a", "title": " \\t "}',
      1,
      23,
      'title-missing',
      'dashboard needs a non-empty string "title"; found only whitespace: write a title (Grafana\'s /api up to 13.0 refuses a blank title; its /apis, and the newer /api, store it blank)',
    ],
    ['{"uid": "a", "title": 7}', 1, 23, 'title-missing', 'dashboard needs a non-empty string "title"; found a number'],
    ['{"title": "A"}', 1, 1, 'uid-missing', 'dashboard has no "uid": if it already exists in Grafana (a file exported or written by another tool, such as Terraform), `dashsync pull` writes it with its uid (a new uid would make a second copy); else run `dashsync check --fix` to add a stable one'],
    ['{"title": "A", "uid": ""}', 1, 23, 'uid-missing', 'dashboard has no "uid": if it already exists in Grafana (a file exported or written by another tool, such as Terraform), `dashsync pull` writes it with its uid (a new uid would make a second copy); else run `dashsync check --fix` to add a stable one'],
    ['{"title": "A", "uid": 12}', 1, 23, 'uid-invalid', 'uid must be a string, found a number: write it as one of letters, digits, "-" and "_"'],
    [
      `{"title": "A", "uid": "${'a'.repeat(41)}"}`,
      1,
      23,
      'uid-too-long',
      `uid "${'a'.repeat(41)}" is 41 characters; Grafana allows at most 40: shorten it, or remove it and run \`dashsync check --fix\` to add a stable one`,
    ],
    ['{"title": "A", "uid": "a b"}', 1, 23, 'uid-invalid', 'uid "a b" may only contain letters, digits, "-" and "_": write one that does, or remove it and run `dashsync check --fix` to add a stable one'],
    ['{"title": "A",\n "uid": "ü"}', 2, 9, 'uid-invalid', 'uid "ü" may only contain letters, digits, "-" and "_": write one that does, or remove it and run `dashsync check --fix` to add a stable one'],
  ])('%s → %s', async (text, line, col, rule, message) => {
    const result = await read(text);
    expect(result.diagnostics).toEqual([{ file: 'dashboards/d.json', line, col, severity: 'error', rule, message }]);
  });

  it('accepts a uid of exactly 40 characters and a uid with surrounding spaces', async () => {
    expect((await read(`{"title": "A", "uid": "${'a'.repeat(40)}"}`)).diagnostics).toEqual([]);
    expect((await read('{"title": "A", "uid": " abc "}')).diagnostics).toEqual([]);
  });

  it('points inside the wrapper for a wrapped file', async () => {
    const result = await read('{\n  "dashboard": {\n    "title": "A",\n    "uid": "bad uid"\n  },\n  "meta": {}\n}');
    expect(result.diagnostics[0]).toMatchObject({ rule: 'uid-invalid', line: 4, col: 12 });
  });

  it('reports every problem of a file at once', async () => {
    const rules = (await read('{"uid": "x y", "panels": [{"datasource": "${DS_A}"}]}')).diagnostics.map((d) => d.rule);
    expect(rules).toEqual(['title-missing', 'uid-invalid', 'input-unmapped']);
  });

  it('turns a JSON syntax error into a diagnostic with no model', async () => {
    const result = await read('{"uid": "a",}');
    expect(result.content).toBeNull();
    expect(result.diagnostics).toMatchObject([{ rule: 'json-syntax', line: 1, col: 12 }]);
  });

  it('reports an unreadable file', async () => {
    const result = await readDashboardFile(join(tree.dir, 'missing.json'), 'dashboards/missing.json', { inputs: {} });
    expect(result).toEqual({
      content: null,
      form: null,
      textHash: null,
      diagnostics: [
        { file: 'dashboards/missing.json', severity: 'error', rule: 'file-unreadable', message: 'cannot read the file (ENOENT): it was removed or renamed while the tree was read; run again' },
      ],
    });
  });

  it('describes the model from the bytes it read (describeModel), also when the next read reuses the buffer; none for a file with an error or whose content is not its text', async () => {
    const panels = (count: number) => Array.from({ length: count }, (_, id) => ({ datasource: { uid: 'DS_main' }, id, targets: [{ legendFormat: '__auto' }], title: `Panel ${id} – ü & <b>` }));
    const files = {
      'small.json': `${JSON.stringify({ panels: panels(2), title: 'Small', uid: 'small' }, null, 2)}\n`,
      // Larger than the reused read buffer (64 KB) and than the compaction's: both grow.
      'large.json': `${JSON.stringify({ panels: panels(2000), title: 'Large', uid: 'large' }, null, 2)}\n`,
      'error.json': `${JSON.stringify({ panels: [{ datasource: '${DS_MISSING}' }], title: 'E', uid: 'e' }, null, 2)}\n`,
      'resolved.json': `${JSON.stringify({ panels: [{ datasource: '${DS_PROM}' }], title: 'R', uid: 'r' }, null, 2)}\n`,
    };
    await tree.write(files);
    expect(Buffer.byteLength(files['large.json'])).toBeGreaterThan(128 * 1024);
    const describe = (name: keyof typeof files) => readDashboardFile(join(tree.dir, name), `dashboards/${name}`, { inputs: { DS_PROM: 'p' }, describeModel: true }).modelText;
    for (const name of ['small.json', 'large.json', 'small.json'] as const) {
      expect(describe(name)).toEqual(describeModelText(Buffer.from(files[name])));
      expect(describe(name)).not.toBeNull();
    }
    expect([describe('error.json'), describe('resolved.json')]).toEqual([null, null]);
    expect(readDashboardFile(join(tree.dir, 'small.json'), 'dashboards/small.json', { inputs: {} })).not.toHaveProperty('modelText');
  });

  it('describes a model as Go writes its text: the digest, the length and the id and version places of the compacted text with &, <, >, U+2028 and U+2029 escaped, before, between and after other characters, in texts of every size', () => {
    // Go's text built another way: JSON.stringify of the parse (integers only, so the numbers are written the same), escaped.
    const goBytes = (model: object) => Buffer.from(JSON.stringify(model).replace(/[&<>\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
    const expected = (text: string) => {
      const model = JSON.parse(text) as Record<string, unknown>;
      const go = goBytes(model);
      // Grafana's id goes before the first key after it: where that member starts, after the members before it.
      const before = Object.fromEntries(Object.entries(model).filter(([key]) => key < 'id'));
      const idAt = Object.keys(before).length === 0 ? 1 : goBytes(before).length;
      // Every key here sorts before "version": it goes before the closing brace.
      return { sha256: createHash('sha256').update(go).digest('base64'), bytes: go.length, idAt, versionAt: go.length - 1 };
    };
    const texts = [
      // No character to escape: the compacted text is Go's.
      { panels: [{ id: 1, title: 'plain' }], title: 'T', uid: 'u' },
      { a: '&', panels: [{ id: 1, title: '&&<>東京\u2028\u2029' }], title: '<b>Latency & errors</b> – 東京', uid: 'u>' },
      { a: '\u2029x\u2028', title: 'x&', uid: '>' },
      // Larger than the read's and the compaction's reused buffers (64 KB), then a small one again in the buffers they grew.
      { a: Array.from({ length: 4000 }, (_, i) => ({ id: i, title: `p${i} & <q> \u2028 東` })), title: 'L & <l>', uid: 'l' },
      { a: 'small & again', title: 'S', uid: 's' },
    ].map((model) => `${JSON.stringify(model, null, 2)}\n`);
    expect(Buffer.byteLength(texts[3]!)).toBeGreaterThan(256 * 1024);
    for (const text of texts) expect(describeModelText(Buffer.from(text)), text.slice(0, 60)).toEqual(expected(text));
  });

  it('describes no model whose top-level keys Go could order otherwise: one at or above U+D800 beside others (JavaScript compares UTF-16 units, Go UTF-8 bytes); a lone one is compared with none', () => {
    const describe = (text: string) => describeModelText(Buffer.from(text));
    expect(describe('{"title": "T", "uid": "u", "ｚ": 1}')).toBeNull();
    expect(describe('{"a😀": 1, "title": "T"}')).toBeNull();
    expect(describe('{"title": "T", "uid": "u", "z": 1}')).not.toBeNull();
    expect(describe('{"ｚ": 1}')).not.toBeNull();
  });

  it('reads a file whose keys repeat the same with describeModel as without: the repeated-key error, wherever the key repeats and however it is written', async () => {
    const model = (inner: string) => `{\n  "panels": [{"id": 1, "title": "P"${inner}}],\n  "title": "T",\n  "uid": "u"\n}\n`;
    const texts = {
      // At the top level, in a panel, written as an escape, `__proto__` twice, after a spaced colon, in a byte-order-marked file.
      'top.json': '{"uid": "u", "title": "T", "uid": "v"}',
      'nested.json': model(', "title": "Q"'),
      'escaped.json': model(', "\\u0074itle": "Q"'),
      'proto.json': model(', "__proto__": 1, "__proto__": 2'),
      'spaced.json': model(', "type" : "a", "type"  :"b"'),
      'bom.json': `\uFEFF${model(', "title": "Q"')}`,
      // Forms whose content is not their text (a wrapper, export keys): checked by the scan of the text.
      'wrapped.json': `{"dashboard": ${model(', "title": "Q"')}, "meta": {}}`,
      'exported.json': `{"__inputs": [], "panels": [], "title": "T", "uid": "u", "title": "U"}`,
      // Keys that only look repeated (in strings, in other objects), and a file that does not parse.
      'strings.json': model(', "description": "\\"title\\": 1, \\"title\\":"'),
      'siblings.json': model('}, {"id": 2, "title": "P"'),
      'broken.json': '{"uid": "u", "title": "T", "uid": }',
    };
    await tree.write(texts);
    for (const name of Object.keys(texts)) {
      const at = (options: { describeModel?: boolean }) => readDashboardFile(join(tree.dir, name), `dashboards/${name}`, { inputs: {}, ...options });
      const { modelText, ...described } = at({ describeModel: true });
      expect(described, name).toEqual(at({}));
      const repeated = described.diagnostics.some((d) => d.rule === 'json-duplicate-key');
      expect(repeated, name).toBe(!['strings.json', 'siblings.json', 'broken.json'].includes(name));
      expect(modelText === null, name).toBe(repeated || name === 'broken.json');
    }
  });
});
