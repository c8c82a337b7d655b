import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readTree } from '../../../src/files/read-tree.js';
import type { DashboardEntry } from '../../../src/files/types.js';
import { canonicalJson } from '../../../src/normalize/canonical-json.js';
import { desiredFromLive } from '../../../src/plan/desired-from-live.js';
import { normalizeLive } from '../../../src/plan/normalize-live.js';
import { readDesired } from '../../../src/plan/read-desired.js';
import { generateDashboards } from '../../../scripts/lib/generate-dashboards.mjs';

const SETTINGS = { inputs: { DS_PROMETHEUS: 'prometheus' }, minRefreshInterval: '5s' };
const EXAMPLE_TREE = join(import.meta.dirname, '../../../dashboards');

/** A tree of the given files (name → text) read as plan reads it: the entries, by uid. */
async function entriesOf(files: Record<string, string>): Promise<{ cwd: string; entries: Map<string, DashboardEntry> }> {
  const cwd = await mkdtemp(join(tmpdir(), 'dashsync-desired-'));
  onTestFinished(() => rm(cwd, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(cwd, 'tree', name, '..'), { recursive: true });
    await writeFile(join(cwd, 'tree', name), text);
  }
  const { tree, diagnostics } = await readTree({ ...SETTINGS, cwd, root: 'tree', include: [], exclude: [] });
  expect(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}: ${d.message}`)).toEqual([]);
  return { cwd, entries: new Map(tree.dashboards.map((entry) => [entry.uid, entry])) };
}

/**
 * What Grafana's /api answers for a model dashsync pushed, normalized as plan does: the model with
 * its id and version, keys sorted at every depth (encoding/json writes a map so).
 */
function liveModelOf(model: Record<string, unknown>): Record<string, unknown> {
  const answered = JSON.parse(canonicalJson({ ...model, id: 42, version: 7 })) as Record<string, unknown>;
  return normalizeLive({ uid: String(model.uid), schema: 'v1', apiVersion: null, model: answered, metadata: { labels: {}, annotations: {} } }, SETTINGS.minRefreshInterval);
}

describe('desiredFromLive: a file that holds the live model in canonical form is not read again', () => {
  it('gives exactly what reading and parsing the file gives, for generated dashboards and the example tree', async () => {
    const models: Record<string, unknown>[] = generateDashboards({ count: 25, seed: 5 }).map(({ dashboard }: { dashboard: Record<string, unknown> }) => dashboard);
    for (const path of fg.sync('**/*.json', { cwd: EXAMPLE_TREE, ignore: ['**/_folder.json', '**/_library/**'] })) {
      const model = JSON.parse(await readFile(join(EXAMPLE_TREE, path), 'utf8')) as Record<string, unknown>;
      if (typeof model.uid === 'string' && !('spec' in model) && !('dashboard' in model)) models.push(model);
    }
    // As pull writes them: the live model, normalized, in canonical form.
    const files = Object.fromEntries(models.map((model, i) => [`d${i}.json`, canonicalJson(liveModelOf(model))]));
    const { cwd, entries } = await entriesOf(files);
    let taken = 0;
    for (const model of models) {
      const entry = entries.get(String(model.uid))!;
      const fast = desiredFromLive(entry, { schema: 'v1', model: liveModelOf(model) });
      if (fast === null) {
        // Only a model with inputs is read again.
        expect(files[entry.file.replace('tree/', '')]).toContain('DS_');
        continue;
      }
      taken += 1;
      expect(fast).toEqual(await readDesired(entry.file, { ...SETTINGS, cwd }));
    }
    expect(taken).toBeGreaterThanOrEqual(25);
  });

  it('reads the file again when its bytes are not the live model as canonical JSON', async () => {
    const [first, second] = generateDashboards({ count: 2, seed: 9 }).map(({ dashboard }: { dashboard: Record<string, unknown> }) => dashboard) as Record<string, unknown>[];
    const live = liveModelOf(first!);
    const changed = { ...live, title: `${String(live.title)} (edited)` };
    const withInput: Record<string, unknown> = { ...liveModelOf(second!), description: '${DS_PROMETHEUS}' };
    for (const text of [`${JSON.stringify(live, null, 4)}\n`, JSON.stringify(live, null, 2), JSON.stringify(live)]) {
      const { entries } = await entriesOf({ 'other-bytes.json': text });
      expect(desiredFromLive(entries.get(String(live.uid))!, { schema: 'v1', model: live })).toBeNull();
    }
    const canonical = await entriesOf({ 'a.json': canonicalJson(live), 'b.json': canonicalJson(withInput) });
    const entry = canonical.entries.get(String(live.uid))!;
    expect(desiredFromLive(entry, { schema: 'v1', model: live })).not.toBeNull();
    // Changed in Grafana, or stored in the other schema, or the same text in another form.
    expect(desiredFromLive(entry, { schema: 'v1', model: changed })).toBeNull();
    expect(desiredFromLive(entry, { schema: 'v2', model: live })).toBeNull();
    expect(desiredFromLive({ ...entry, form: 'resource' }, { schema: 'v1', model: live })).toBeNull();
    // A `${DS_…}` text would be resolved by the read: never taken from the digest.
    expect(desiredFromLive(canonical.entries.get(String(withInput.uid))!, { schema: 'v1', model: withInput })).toBeNull();
  });
});
