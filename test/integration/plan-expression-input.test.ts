import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestSandbox } from '../helpers/sandbox.js';
import { libraryWorkspace } from './library-panels/library-tree.js';

// pull-check-53: check warned at a mapping of DS_EXPRESSION to another data source (input-expression-mapped), plan said
// nothing: a plan in CI showed the expression queries unchanged, and a library panel's expression query pointed at "prom".
const expressionInputs = [
  { name: 'DS_PROMETHEUS', label: 'Prometheus', description: '', type: 'datasource', pluginId: 'prometheus', pluginName: 'Prometheus' },
  { name: 'DS_EXPRESSION', label: 'Expression', description: '', type: 'datasource', pluginId: '__expr__' },
];
const targets = [
  { refId: 'A', expr: 'up', datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' } },
  { refId: 'B', type: 'math', expression: '$A * 2', datasource: { type: '__expr__', uid: '${DS_EXPRESSION}' } },
];
const exported = (uid: string) => ({
  __inputs: expressionInputs,
  uid,
  title: `Math ${uid}`,
  schemaVersion: 39,
  panels: [{ id: 1, type: 'timeseries', title: 'Doubled', gridPos: { x: 0, y: 0, w: 12, h: 8 }, datasource: { type: 'prometheus', uid: '${DS_PROMETHEUS}' }, targets }],
});

describe('plan with an input the files use as server-side expressions mapped to another data source', () => {
  it("says check's warning once, at the mapping, naming the dashboards and the library panel", async () => {
    const sandbox = await startTestSandbox();
    const ws = await libraryWorkspace(sandbox, {
      'dashsync.config.json': { root: 'dashboards', inputs: { DS_PROMETHEUS: 'prom', DS_EXPRESSION: 'prom' } },
      'dashboards/math-a.json': exported('math-a'),
      'dashboards/math-b.json': exported('math-b'),
      'dashboards/_library/doubled.json': { uid: 'lp-doubled', name: 'Doubled', kind: 1, model: { type: 'timeseries', title: 'Doubled', targets } },
    });

    const planned = await ws.cli(['plan']);

    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout.split('\n').filter((line) => line.includes('input-expression-mapped'))).toEqual([
      '  ! dashsync.config.json:5:22: input DS_EXPRESSION is mapped to "prom", but dashboards/math-a.json, dashboards/math-b.json declare it as Grafana\'s server-side expressions ' +
        '("pluginId": "__expr__" in "__inputs"), which Grafana\'s import sets to "__expr__" whatever it is mapped to, and so does dashsync: this mapping is not used there; ' +
        'and dashboards/_library/doubled.json writes ${DS_EXPRESSION} as the uid of a server-side expression query ("type": "__expr__") with no "__inputs" entry that says so ' +
        '(a library panel file has none), so dashsync writes "prom" there, where Grafana\'s import of the export writes "__expr__". ' +
        'Map DS_EXPRESSION to "__expr__" in "inputs" in dashsync.config.json (a query that means another data source needs an input of its own) (input-expression-mapped)',
    ]);
    const json = JSON.parse((await ws.cli(['plan', '--format', 'json'])).stdout);
    expect(json.warnings.filter((warning: { rule?: string }) => warning.rule === 'input-expression-mapped')).toEqual([
      expect.objectContaining({ kind: 'other', file: 'dashsync.config.json', line: 5, col: 22 }),
    ]);

    // Mapped to the expression datasource's uid: nothing to say.
    await writeFile(join(ws.dir, 'dashsync.config.json'), `${JSON.stringify({ root: 'dashboards', inputs: { DS_PROMETHEUS: 'prom', DS_EXPRESSION: '__expr__' } }, null, 2)}\n`);
    expect((await ws.cli(['plan'])).stdout).not.toContain('input-expression-mapped');
  });
});
