import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeModelText } from '../../../src/files/model-text.js';
import { readTree } from '../../../src/files/read-tree.js';
import { fileModelsOnDemand } from '../../../src/plan/file-models-on-demand.js';
import { makeTempTree, type TempTree, type TreeSpec } from '../files/make-tree.js';

let tree: TempTree | undefined;
afterEach(async () => {
  await tree?.cleanup();
  tree = undefined;
});

async function readSpec(spec: TreeSpec) {
  tree = await makeTempTree(spec);
  const { tree: read, diagnostics } = await readTree({ root: 'dashboards', cwd: tree.dir, include: [], exclude: [], inputs: {}, minRefreshInterval: '5s' });
  expect(diagnostics).toEqual([]);
  return read.dashboards;
}

const bytesOf = (file: string) => readFileSync(join(tree!.dir, 'dashboards', file));

describe('fileModelsOnDemand: each file\'s model as /api would answer with it, described when its answer arrives', () => {
  it('describes a file still as the tree pass read it, in its folder; none for a file the answer cannot hold as written', async () => {
    const dashboards = await readSpec({
      'dashboards/ops/a.json': { title: 'A & B', uid: 'a' },
      'dashboards/b.json': { id: 4, title: 'B', uid: 'b' },
      'dashboards/c.json': { dashboard: { title: 'C', uid: 'c' }, meta: {} },
    });
    const { models } = fileModelsOnDemand(dashboards);
    const a = dashboards.find((entry) => entry.uid === 'a')!;
    expect(models.get('a')).toEqual({ text: describeModelText(bytesOf('ops/a.json')), folderUid: a.folderUid });
    expect(models.get('a')!.text).not.toBeNull();
    expect([models.get('b'), models.get('c'), models.get('not-in-the-tree')]).toEqual([undefined, undefined, undefined]);
  });

  it('gives none for a file edited or removed since the tree pass: its answer is then parsed and decided as any other', async () => {
    const dashboards = await readSpec({ 'dashboards/a.json': { title: 'A', uid: 'a' }, 'dashboards/b.json': { title: 'B', uid: 'b' } });
    // The same model with other whitespace: the answer would still hold it, but it is not the file the tree pass validated.
    await tree!.write({ 'dashboards/a.json': JSON.stringify({ title: 'A', uid: 'a' }) });
    await rm(join(tree!.dir, 'dashboards/b.json'));
    const { models } = fileModelsOnDemand(dashboards);
    expect([models.get('a'), models.get('b')]).toEqual([undefined, undefined]);
  });

  it('stops describing while the answers do not hold the files\' models, and takes it up again when they do', async () => {
    const spec: TreeSpec = {};
    for (let i = 0; i < 40; i += 1) spec[`dashboards/d${i}.json`] = { title: `D${i}`, uid: `d${String(i).padStart(2, '0')}` };
    const dashboards = await readSpec(spec);
    const onDemand = fileModelsOnDemand(dashboards);
    const asked = (uid: string, matched: boolean) => {
      const model = onDemand.models.get(uid);
      onDemand.settle(uid, matched);
      return model !== undefined;
    };
    const uids = dashboards.map((entry) => entry.uid);
    // Every answer differs from its file: after a few misses, one in 16 is still tried.
    const missed = uids.map((uid) => asked(uid, false));
    expect(missed.slice(0, 7)).toEqual(Array(7).fill(true));
    expect(missed.filter(Boolean).length).toBeLessThan(12);
    // Answers matching again raise the odds back.
    const again = Array.from({ length: 64 }, (_, i) => asked(uids[i % uids.length]!, true));
    expect(again.slice(-8)).toEqual(Array(8).fill(true));
  });
});
