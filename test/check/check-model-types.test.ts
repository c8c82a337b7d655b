import { afterEach, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/run-cli.js';
import { makeTempTree, type TempTree } from '../unit/files/make-tree.js';
import { grid, gridItem, panel, resource, v2Spec } from '../unit/v2-builders.js';

let tree: TempTree | undefined;
afterEach(async () => {
  await tree?.cleanup();
  tree = undefined;
});

async function check(files: Record<string, string | object>, args: string[] = []): Promise<{ code: number | null; stdout: string[]; stderr: string }> {
  tree = await makeTempTree(files);
  const result = await runCliInProcess(['check', ...args], { cwd: tree.dir });
  return { code: result.code, stdout: result.stdout.split('\n').filter(Boolean).filter((line) => !line.includes('(not-canonical)')), stderr: result.stderr };
}

describe('check: values a walk cannot hold', () => {
  it('names the file and the bracket of a JSON value nested 5000 deep, one line, no crash', async () => {
    const n = 5000;
    const result = await check({ 'dashboards/deep.json': `{"uid":"deep","title":"d","x":${'['.repeat(n)}${']'.repeat(n)}}`, 'dashboards/ok.json': '{\n  "title": "Ok",\n  "uid": "ok"\n}\n' });
    expect(result.stdout).toEqual(['dashboards/deep.json:1:1030: error: JSON nested deeper than 1000 levels; no dashboard needs that many: flatten it (json-syntax)']);
    expect(result.code).toBe(1);
  });
});

describe('check: v2 fields Grafana decodes into typed Go fields (v2-field-type)', () => {
  it('refuses a string height, a fractional x, a numeric vizConfig.group and a string row title, each at its line:col; a negative x and width 30 pass (Grafana types them int64 and sets no range)', async () => {
    const item = { kind: 'GridLayoutItem', spec: { x: 1.5, y: 0, width: 30, height: 'six', element: { kind: 'ElementReference', name: 'panel-1' } } };
    const spec = v2Spec({
      elements: { 'panel-1': panel(1, 'CPU', [], { vizConfig: { kind: 'VizConfig', group: 5, version: '', spec: { options: {}, fieldConfig: { defaults: {}, overrides: [] } } } }), 'panel-2': panel(2, 'Mem') },
      layout: { kind: 'RowsLayout', spec: { rows: [{ kind: 'RowsLayoutRow', spec: { title: 7, collapse: false, layout: grid(item) } }, { kind: 'RowsLayoutRow', spec: { title: 'ok', collapse: false, layout: grid(gridItem('panel-2', -4, 0, 30, 8)) } }] } },
    });
    const text = `${JSON.stringify(resource('v2beta1', 'typed', spec), null, 2)}\n`;
    const result = await check({ 'dashboards/typed.json': text });
    const at = (needle: string) => {
      const offset = text.indexOf(needle);
      const before = text.slice(0, offset).split('\n');
      return `${before.length}:${before[before.length - 1]!.length + 1}`;
    };
    const why = 'Grafana decodes it into a typed field and refuses the dashboard (HTTP 400) (v2-field-type)';
    expect(result.stdout).toEqual([
      `dashboards/typed.json:${at('"group": 5') .replace(/:(\d+)$/, (_m, c) => `:${Number(c) + 9}`)}: error: elements["panel-1"].spec.vizConfig.group must be a string, found number 5: ${why}`,
      `dashboards/typed.json:${at('"title": 7').replace(/:(\d+)$/, (_m, c) => `:${Number(c) + 9}`)}: error: layout.spec.rows[0].spec.title must be a string, found number 7: ${why}`,
      `dashboards/typed.json:${at('"x": 1.5').replace(/:(\d+)$/, (_m, c) => `:${Number(c) + 5}`)}: error: layout.spec.rows[0].spec.layout.spec.items[0].spec.x must be an integer, found number 1.5: ${why}`,
      `dashboards/typed.json:${at('"height": "six"').replace(/:(\d+)$/, (_m, c) => `:${Number(c) + 10}`)}: error: layout.spec.rows[0].spec.layout.spec.items[0].spec.height must be an integer, found the string "six": ${why}`,
    ]);
    expect(result.code).toBe(1);
  });
});
