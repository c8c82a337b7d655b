import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keepParses } from '../../../src/files/kept-parses.js';
import { readDashboardFileResult, type DashboardReadSettings } from '../../../src/files/read-claimed-dashboard-files.js';
import { desiredOfKept, readDesired } from '../../../src/plan/read-desired.js';
import { makeTempTree, type TempTree } from './make-tree.js';

let tree: TempTree | undefined;
afterEach(async () => {
  await tree?.cleanup();
  tree = undefined;
});

const panel = { datasource: { type: 'prometheus', uid: '${DS_PROM}' }, gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, targets: [{ expr: 'up', refId: 'A' }], title: 'Up', type: 'timeseries' };
const FILES = {
  'model.json': { panels: [panel], refresh: '1s', schemaVersion: 39, title: 'Model', uid: 'model' },
  'resource.json': { apiVersion: 'dashboard.grafana.app/v1beta1', kind: 'Dashboard', metadata: { name: 'resource', labels: { team: 'a' } }, spec: { panels: [], schemaVersion: 39, title: 'Resource' } },
  // An exported dashboard: its data source is an input, and so is its variable's current value (inputCurrents).
  'exported.json': {
    __inputs: [{ name: 'DS_PROM', type: 'datasource', pluginId: 'prometheus' }],
    panels: [panel],
    schemaVersion: 39,
    templating: { list: [{ name: 'ds', type: 'datasource', query: 'prometheus', current: { text: 'Prometheus', value: '${DS_PROM}' } }] },
    title: 'Exported',
    uid: 'exported',
  },
  // Older than 36: the worker never compares it (decideAnswerAlone), so its parse is not kept.
  'old.json': { panels: [], schemaVersion: 27, title: 'Old', uid: 'old' },
};
const read: DashboardReadSettings = { inputs: { DS_PROM: 'prom-uid' }, describeModels: true };

async function treeRead(budget?: number) {
  tree = await makeTempTree(FILES);
  const kept = keepParses(budget);
  for (const name of Object.keys(FILES)) readDashboardFileResult({ absPath: join(tree.dir, name), file: name }, read, kept);
  return { dir: tree.dir, kept };
}

describe('the tree pass\'s parses kept for the decisions (keepParses, desiredOfKept)', () => {
  it('compares a file from its kept parse exactly as from a second read, each parse handed out once', async () => {
    const { dir, kept } = await treeRead();
    const settings = { cwd: dir, inputs: read.inputs, minRefreshInterval: '5s' };
    for (const name of ['model.json', 'resource.json', 'exported.json']) {
      const parse = kept.take(join(dir, name));
      expect(parse, name).toBeDefined();
      const again = await readDesired(name, settings);
      expect(desiredOfKept(parse!, name, settings)).toEqual(again);
      expect(kept.take(join(dir, name))).toBeUndefined();
    }
    expect(kept.take(join(dir, 'old.json'))).toBeUndefined();
  });

  it('an edit since the tree pass, even one that keeps the size and mtime, is not compared from the kept parse', async () => {
    const { dir, kept } = await treeRead();
    const file = join(dir, 'model.json');
    const before = await stat(file);
    await writeFile(file, (await readFile(file, 'utf8')).replace('"up"', '"UP"'));
    await utimes(file, before.atime, before.mtime);
    const settings = { cwd: dir, inputs: read.inputs, minRefreshInterval: '5s' };

    expect((await stat(file)).size).toBe(before.size);
    expect(desiredOfKept(kept.take(file)!, 'model.json', settings)).toBeUndefined();
  });

  it('keeps parses only while their files\' bytes fit the budget', async () => {
    tree = await makeTempTree(FILES);
    const size = (await stat(join(tree.dir, 'model.json'))).size;
    await tree.cleanup();
    const { dir, kept } = await treeRead(size);

    expect(kept.take(join(dir, 'model.json'))).toBeDefined();
    expect(kept.take(join(dir, 'resource.json'))).toBeUndefined();
    expect(kept.take(join(dir, 'exported.json'))).toBeUndefined();
  });
});
