import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fg from 'fast-glob';
import stableStringify from 'json-stable-stringify';
import { afterAll, describe, expect, it } from 'vitest';
import {
  MAX_BYTES,
  MIN_BYTES,
  canonicalJson,
  generateDashboards,
  mutateDashboards,
  writeDashboardTree,
  type GeneratedDashboard,
} from '../../scripts/lib/generate-dashboards.mjs';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dashsync-gen-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function readTree(dir: string): Map<string, string> {
  const files = fg.sync('**/*.json', { cwd: dir }).sort();
  return new Map(files.map((file) => [file, readFileSync(join(dir, file), 'utf8')]));
}

/** Paths of the leaves that differ between two JSON values, e.g. `panels.3.targets.0.expr`. */
function changedLeaves(a: unknown, b: unknown, path = ''): string[] {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) =>
      changedLeaves((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key),
    );
  }
  return a === b ? [] : [path];
}

const sample = generateDashboards({ count: 600, seed: 11 });
const sizes = sample.map((entry) => Buffer.byteLength(canonicalJson(entry.dashboard)));

function allPanels(entry: GeneratedDashboard): Array<Record<string, any>> {
  const top: Array<Record<string, any>> = entry.dashboard.panels;
  return [...top, ...top.flatMap((panel) => panel.panels ?? [])];
}

describe('generateDashboards', () => {
  it('is deterministic: the same seed gives byte-identical dashboards, another seed does not', () => {
    const again = generateDashboards({ count: 600, seed: 11 });
    expect(again.map((e) => e.path + canonicalJson(e.dashboard))).toEqual(sample.map((e) => e.path + canonicalJson(e.dashboard)));
    const other = generateDashboards({ count: 20, seed: 12 });
    expect(other.map((e) => canonicalJson(e.dashboard))).not.toEqual(sample.slice(0, 20).map((e) => canonicalJson(e.dashboard)));
  });

  it('sizes every dashboard between 5 and 60 KB with a realistic spread around 20 KB', () => {
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(MIN_BYTES);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_BYTES);
    const mean = sizes.reduce((sum, size) => sum + size, 0) / sizes.length;
    expect(mean).toBeGreaterThan(15 * 1024);
    expect(mean).toBeLessThan(25 * 1024);
    const sorted = [...sizes].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length * 0.1)]).toBeLessThan(13 * 1024);
    expect(sorted[Math.floor(sorted.length * 0.9)]).toBeGreaterThan(30 * 1024);
  });

  it('gives every dashboard a valid, unique uid of at most 40 characters and a unique trimmed title', () => {
    const big = generateDashboards({ count: 3000, seed: 5 });
    const uids = big.map((e) => e.dashboard.uid as string);
    for (const uid of uids) expect(uid).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
    expect(new Set(uids).size).toBe(uids.length);
    const titles = big.map((e) => e.dashboard.title as string);
    for (const title of titles) expect(title).toBe(title.trim());
    expect(new Set(titles).size).toBe(titles.length);
    expect(new Set(big.map((e) => e.path)).size).toBe(big.length);
  });

  it('shapes dashboards like real ones: 5–40 panels, 2–8 variables, queries with refId, folders up to 3 levels deep', () => {
    for (const entry of sample) {
      const panels = allPanels(entry);
      expect(panels.length).toBeGreaterThanOrEqual(5);
      expect(panels.length).toBeLessThanOrEqual(40);
      const variables = entry.dashboard.templating.list.length;
      expect(variables).toBeGreaterThanOrEqual(2);
      expect(variables).toBeLessThanOrEqual(8);
      expect(entry.dashboard.id).toBeUndefined();
      expect(entry.dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
      for (const panel of panels) for (const target of panel.targets ?? []) expect(target.refId).toMatch(/^[A-Z]$/);
    }
    const depths = new Set(sample.map((e) => e.path.split('/').length - 1));
    expect([...depths].sort()).toEqual([0, 1, 2, 3]);
    const types = new Set(sample.flatMap((e) => allPanels(e).map((p) => p.type)));
    for (const type of ['timeseries', 'stat', 'gauge', 'bargauge', 'table', 'text', 'row']) expect(types).toContain(type);
  });
});

describe('mutateDashboards', () => {
  it('changes one query or threshold in exactly the given fraction and leaves the input untouched', () => {
    const input = sample.slice(0, 40);
    const before = input.map((e) => canonicalJson(e.dashboard));
    const mutated = mutateDashboards(input, { fraction: 0.25, seed: 9 });
    expect(input.map((e) => canonicalJson(e.dashboard))).toEqual(before);
    const changes = mutated.map((e, i) => changedLeaves(input[i]!.dashboard, e.dashboard));
    expect(changes.filter((leaves) => leaves.length > 0)).toHaveLength(10);
    for (const leaves of changes.filter((l) => l.length > 0)) {
      expect(leaves).toHaveLength(1);
      expect(leaves[0]).toMatch(/\.(targets\.\d+\.expr|fieldConfig\.defaults\.thresholds\.steps\.\d+\.value)$/);
    }
    expect(mutateDashboards(input, { fraction: 1, seed: 9 }).every((e, i) => changedLeaves(input[i]!.dashboard, e.dashboard).length === 1)).toBe(true);
  });
});

describe('writeDashboardTree', () => {
  it('writes the same bytes on every run, in canonical form, and the mutated variant of the same tree', () => {
    const first = tempDir();
    const second = tempDir();
    const changed = tempDir();
    const summary = writeDashboardTree(first, { count: 60, seed: 4 });
    writeDashboardTree(second, { count: 60, seed: 4 });
    writeDashboardTree(changed, { count: 60, seed: 4, mutate: { fraction: 1, seed: 2 } });

    const a = readTree(first);
    expect(a.size).toBe(60);
    expect(readTree(second)).toEqual(a);
    expect(summary.bytes).toBe([...a.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0));
    for (const text of a.values()) expect(text).toBe(`${stableStringify(JSON.parse(text), { space: 2, collapseEmpty: true })}\n`);

    const expected = mutateDashboards(generateDashboards({ count: 60, seed: 4 }), { fraction: 1, seed: 2 });
    const b = readTree(changed);
    for (const entry of expected) expect(b.get(entry.path)).toBe(canonicalJson(entry.dashboard));
    expect([...b.keys()]).toEqual([...a.keys()]);
  });
});
