import { afterEach, describe, expect, it } from 'vitest';
import { ParsedFileCache } from '../../../src/files/parsed-file-cache.js';
import type { ReadDashboard } from '../../../src/files/read-dashboard-file.js';
import { readTree } from '../../../src/files/read-tree.js';
import { takeUnchanged } from '../../../src/plan/kept-reads.js';
import { readDesired } from '../../../src/plan/read-desired.js';
import { readFileSync } from 'node:fs';
import { dashboard, makeTempTree, type TempTree } from '../files/make-tree.js';

let tree: TempTree | undefined;
afterEach(async () => {
  await tree?.cleanup();
  tree = undefined;
});

async function readWithKeep(budget: number) {
  tree = await makeTempTree({
    'dashboards/a.json': dashboard('a', 'A', { refresh: '1s' }),
    'dashboards/team/b.json': dashboard('b', 'B'),
    'dashboards/bad.json': '{"uid": "bad", "title": ',
  });
  const settings = { root: 'dashboards', cwd: tree.dir, include: [], exclude: [], inputs: {}, minRefreshInterval: '5s' };
  const keep = new ParsedFileCache<ReadDashboard>(budget);
  const result = await readTree({ ...settings, keep });
  return { settings, keep, result };
}

describe('readTree keeps the reads of valid files for readDesired', () => {
  it('a kept file is not read again: readDesired returns what the tree read validated, once', async () => {
    const { settings, keep, result } = await readWithKeep(1024 * 1024);
    const entry = result.tree.dashboards.find((d) => d.uid === 'a')!;
    await tree!.write({ 'dashboards/a.json': dashboard('a', 'Edited since') });

    const kept = await readDesired(entry.file, settings, keep.take(entry.file));
    expect([kept.spec.title, kept.spec.refresh, kept.hash]).toEqual(['A', '5s', entry.contentHash]);
    const again = await readDesired(entry.file, settings, keep.take(entry.file));
    expect(again.spec.title).toBe('Edited since');
    expect(again.hash).not.toBe(entry.contentHash);
  });

  it('a kept v2 resource file gives the comparison the same content (spec, metadata, apiVersion) as reading it again', async () => {
    const v2 = readFileSync(new URL('../../../dashboards/platform/kubernetes/workloads.json', import.meta.url), 'utf8');
    tree = await makeTempTree({ 'dashboards/workloads.json': v2 });
    const settings = { root: 'dashboards', cwd: tree.dir, include: [], exclude: [], inputs: {}, minRefreshInterval: '5s' };
    const keep = new ParsedFileCache<ReadDashboard>(1024 * 1024);
    const { tree: read, diagnostics } = await readTree({ ...settings, keep });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const entry = read.dashboards[0]!;
    expect(entry.schema).toBe('v2');

    const held = keep.take(entry.file);
    expect(held?.content?.schema).toBe('v2');
    const kept = await readDesired(entry.file, settings, held);
    const again = await readDesired(entry.file, settings);
    expect(kept).toEqual(again);
  });

  it('keeps nothing of a file with errors, and nothing past its budget', async () => {
    const { keep, result } = await readWithKeep(1024 * 1024);
    expect(result.diagnostics.map((d) => d.file)).toEqual(['dashboards/bad.json']);
    expect(keep.take('dashboards/bad.json')).toBeUndefined();
    expect(keep.take('dashboards/team/b.json')?.content?.uid).toBe('b');

    const none = await readWithKeep(10);
    expect(none.keep.used).toBe(0);
    const entry = none.result.tree.dashboards.find((d) => d.uid === 'b')!;
    expect(none.keep.take(entry.file)).toBeUndefined();
    expect((await readDesired(entry.file, none.settings)).hash).toBe(entry.contentHash);
  });

  it('takeUnchanged hands a kept read out only while the file holds the same bytes', async () => {
    const { settings, keep } = await readWithKeep(1024 * 1024);
    expect(takeUnchanged(keep, 'dashboards/a.json', settings.cwd)?.content?.spec.title).toBe('A');
    expect(takeUnchanged(keep, 'dashboards/a.json', settings.cwd)).toBeUndefined();
    // same length, one byte different
    await tree!.write({ 'dashboards/team/b.json': JSON.stringify(dashboard('b', 'C'), null, 2) });
    expect(takeUnchanged(keep, 'dashboards/team/b.json', settings.cwd)).toBeUndefined();
    expect(takeUnchanged(undefined, 'dashboards/team/b.json', settings.cwd)).toBeUndefined();
  });
});
