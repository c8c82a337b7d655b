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

describe('check: the classic model structure the frontend needs (model-invalid)', () => {
  it('refuses panels as an object, non-object panels, a string gridPos, a string gridPos.w, templating.list as a string and a string schemaVersion, each at its line:col', async () => {
    const files = {
      'dashboards/obj.json': '{\n  "panels": {"a": 1},\n  "title": "Obj",\n  "uid": "obj"\n}\n',
      'dashboards/items.json': '{\n  "panels": [{"gridPos": "big", "id": 1}, 17, {"gridPos": {"h": 8, "w": "wide", "x": 0, "y": 0}}],\n  "title": "Items",\n  "uid": "items"\n}\n',
      'dashboards/vars.json': '{\n  "schemaVersion": "forty",\n  "templating": {"list": "x"},\n  "title": "Vars",\n  "uid": "vars"\n}\n',
      'dashboards/fine.json': '{\n  "panels": [{"gridPos": {"h": 8, "w": 12, "x": 0, "y": 0}, "id": 1, "type": "row", "panels": []}],\n  "schemaVersion": 39,\n  "templating": {"list": []},\n  "title": "Fine",\n  "uid": "fine"\n}\n',
    };
    const result = await check(files);
    const why = 'Grafana stores it, and the dashboard fails to load (model-invalid)';
    expect(result.stdout).toEqual([
      `dashboards/items.json:2:26: error: panels[0].gridPos must be an object {"x", "y", "w", "h"} of numbers, found the string "big": ${why}`,
      `dashboards/items.json:2:43: error: panels[1] must be a panel object, found number 17: ${why}`,
      `dashboards/items.json:2:73: error: panels[2].gridPos.w must be a number, found the string "wide": ${why}`,
      `dashboards/obj.json:2:13: error: "panels" must be an array of panel objects, found an object: ${why}`,
      `dashboards/vars.json:2:20: error: "schemaVersion" must be a number (Grafana's migrations compare it), found the string "forty": ${why}`,
      `dashboards/vars.json:3:26: error: "templating.list" must be an array of variables, found the string "x": ${why}`,
    ]);
    expect(result.code).toBe(1);
  });
});

describe('check: lows of the walk-through', () => {
  it('a {"dashboard": null, "meta": {}} wrapper is one line naming "dashboard"; --fix leaves it alone', async () => {
    const text = '{\n  "dashboard": null,\n  "meta": {}\n}\n';
    const result = await check({ 'dashboards/null.json': text }, ['--fix']);
    expect(result.stdout).toEqual(['dashboards/null.json:2:16: error: "dashboard" must be an object (the dashboard model of the {"dashboard", "meta"} wrapper), found null (not-an-object)']);
    expect(result.code).toBe(1);
  });

  it('a v2 spec with a stray "panels" beside elements/layout: remove "panels", not "use v1"', async () => {
    const spec = { ...v2Spec(), panels: [] };
    const result = await check({ 'dashboards/stray.json': `${JSON.stringify(resource('v2beta1', 'stray', spec), null, 2)}\n` });
    expect(result.stdout.map((line) => line.replace(/^[^ ]+ /, ''))).toEqual([
      'error: spec holds "panels" (a classic dashboard\'s) beside "elements"/"layout" (a v2 dashboard\'s): remove "panels" (resource-schema-mismatch)',
    ]);
  });
});

describe('check: a file a proxy may refuse (file-large)', () => {
  it('warns above 5 MB, naming the file and its size', async () => {
    const description = 'x'.repeat(6 * 1024 * 1024);
    const result = await check({ 'dashboards/huge.json': `{\n  "description": "${description}",\n  "title": "Huge",\n  "uid": "huge"\n}\n`, 'dashboards/small.json': '{\n  "title": "Small",\n  "uid": "small"\n}\n' });
    expect(result.stdout).toEqual([
      "dashboards/huge.json:1:1: warning: the file is 6.0 MB: a proxy in front of Grafana may refuse a request body that large (nginx allows 1 MB unless told otherwise); split the dashboard or raise the proxy's limit (file-large)",
    ]);
    expect(result.code).toBe(0);
  });
});

describe('check: the summary counts only what the tree holds', () => {
  it('a misplaced _library/ file is not counted as a library panel', async () => {
    const panel = (uid: string) => ({ uid, name: uid, kind: 1, model: { type: 'stat', title: uid } });
    const result = await check({ 'dashboards/_library/cpu.json': panel('cpu'), 'dashboards/_library/sub/mem.json': panel('mem') });
    expect(result.stderr).toBe('check: 0 dashboards, 1 library panel, 1 error, 2 warnings\n');
  });
});
