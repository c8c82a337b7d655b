import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { runCliInProcess as runCli } from '../helpers/run-cli.js';
import { makeTempTree, type TempTree } from '../unit/files/make-tree.js';
import { resource, v2Spec } from '../unit/v2-builders.js';

/** Same data, keys in reverse order at every level. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).reverse().map((key) => [key, reverseKeys((value as Record<string, unknown>)[key])]));
}

describe('dashsync check --fix on resource files', () => {
  let tree: TempTree | undefined;
  afterEach(async () => tree?.cleanup());

  it('adds metadata.name, drops what Grafana owns, writes canonically, and keeps the form', async () => {
    const spec = v2Spec({ title: 'Checkout' });
    const fromKubectl = {
      ...resource('v2beta1', undefined, spec, {
        namespace: 'default',
        resourceVersion: '1712',
        generation: 4,
        labels: { team: 'payments', 'grafana.app/deprecatedInternalID': '12' },
        annotations: { 'grafana.app/folder': 'abc', 'grafana.app/updatedBy': 'user:1', 'example.com/owner': 'ops' },
      }),
      status: {},
    };
    const v1 = resource('v1', 'legacy-one', { id: 7, title: 'Legacy', panels: [] });
    tree = await makeTempTree({
      'dashboards/shop/checkout.json': reverseKeys(fromKubectl) as object,
      'dashboards/legacy.json': v1,
    });

    const result = await runCli(['check', '--fix'], { cwd: tree.dir });

    const fixed = JSON.parse(await readFile(join(tree.dir, 'dashboards/shop/checkout.json'), 'utf8')) as Record<string, unknown>;
    const name = (fixed.metadata as { name: string }).name;
    expect(name).toMatch(/^checkout-[0-9a-f]{10}$/);
    expect(fixed).toEqual({
      apiVersion: 'dashboard.grafana.app/v2beta1',
      kind: 'Dashboard',
      metadata: { name, labels: { team: 'payments' }, annotations: { 'example.com/owner': 'ops' } },
      spec,
    });
    expect(await readFile(join(tree.dir, 'dashboards/shop/checkout.json'), 'utf8')).toBe(canonicalJson(fixed));
    expect(JSON.parse(await readFile(join(tree.dir, 'dashboards/legacy.json'), 'utf8'))).toEqual(resource('v1', 'legacy-one', { title: 'Legacy', panels: [] }));
    expect(result.stderr).toBe(
      [
        'fixed dashboards/legacy.json: reformatted, removed spec.id',
        `fixed dashboards/shop/checkout.json: reformatted, removed status, metadata.generation, metadata.resourceVersion, metadata.namespace, metadata.labels["grafana.app/deprecatedInternalID"], metadata.annotations["grafana.app/updatedBy"], metadata.annotations["grafana.app/folder"], added metadata.name "${name}" (if this dashboard already exists in Grafana, dashsync pull writes it with its uid: this new one would make a second copy)`,
        'check: 2 dashboards, 1 folder, 0 errors, 0 warnings, 2 fixed',
        '',
      ].join('\n'),
    );
    expect(result.stdout).toBe('');
    expect(result.code).toBe(0);

    const again = await runCli(['check', '--fix'], { cwd: tree.dir });
    expect(again.stderr).toBe('check: 2 dashboards, 1 folder, 0 errors, 0 warnings\n');
  });

  it("takes a resource's own spec.uid as its metadata.name: the dashboard it names keeps its identity (v1 and v2)", async () => {
    tree = await makeTempTree({
      // A dashboard live in Grafana as "d", converted to a resource file by hand.
      'dashboards/d.json': resource('v1', undefined, { title: 'D', uid: 'd' }),
      'dashboards/e.json': resource('v2beta1', undefined, v2Spec({ title: 'E', uid: ' e-2 ' })),
      // No usable uid in the spec: one is invented, and the spec's stays an error to settle by hand.
      'dashboards/f.json': resource('v1', undefined, { title: 'F', uid: 'not a uid' }),
    });

    const result = await runCli(['check', '--fix'], { cwd: tree.dir });

    expect(JSON.parse(await readFile(join(tree.dir, 'dashboards/d.json'), 'utf8'))).toEqual(resource('v1', 'd', { title: 'D', uid: 'd' }));
    expect(JSON.parse(await readFile(join(tree.dir, 'dashboards/e.json'), 'utf8'))).toEqual(resource('v2beta1', 'e-2', v2Spec({ title: 'E', uid: ' e-2 ' })));
    const invented = (JSON.parse(await readFile(join(tree.dir, 'dashboards/f.json'), 'utf8')) as { metadata: { name: string } }).metadata.name;
    expect(invented).toMatch(/^f-[0-9a-f]{10}$/);
    expect(result.stderr.split('\n').filter((line) => line.startsWith('fixed '))).toEqual([
      'fixed dashboards/d.json: reformatted, added metadata.name "d" (its spec.uid)',
      'fixed dashboards/e.json: reformatted, added metadata.name "e-2" (its spec.uid)',
      `fixed dashboards/f.json: reformatted, added metadata.name "${invented}" (spec.uid "not a uid" is not a uid: letters, digits, - and _ only, so not used; if this dashboard already exists in Grafana, dashsync pull writes it with its uid: this new one would make a second copy)`,
    ]);
    expect(result.stdout).toBe(`dashboards/f.json:9:12: error: spec.uid "not a uid" is not metadata.name "${invented}": the name is the dashboard's uid; remove spec.uid (uid-mismatch)\n`);
    expect(result.code).toBe(1);
  });

  it('leaves metadata.name and a different spec.uid alone: an error in v1 and v2 alike, never a silent choice', async () => {
    const v1 = resource('v1', 'kept', { title: 'K', uid: 'other' });
    const v2 = resource('v2beta1', 'kept-2', v2Spec({ title: 'K2', uid: 'other-2' }));
    tree = await makeTempTree({ 'dashboards/k.json': v1, 'dashboards/k2.json': v2 });

    const result = await runCli(['check', '--fix'], { cwd: tree.dir });

    expect(JSON.parse(await readFile(join(tree.dir, 'dashboards/k.json'), 'utf8'))).toEqual(v1);
    expect(JSON.parse(await readFile(join(tree.dir, 'dashboards/k2.json'), 'utf8'))).toEqual(v2);
    expect(result.stdout.split('\n').filter((line) => line.includes('(uid-mismatch)'))).toEqual([
      expect.stringMatching(/^dashboards\/k\.json:\d+:\d+: error: spec\.uid "other" is not metadata\.name "kept": the name is the dashboard's uid; remove spec\.uid \(uid-mismatch\)$/),
      expect.stringMatching(/^dashboards\/k2\.json:\d+:\d+: error: spec\.uid "other-2" is not metadata\.name "kept-2": the name is the dashboard's uid; remove spec\.uid \(uid-mismatch\)$/),
    ]);
    expect(result.code).toBe(1);
  });

  it('warns about a resource file that is not canonical, at the first difference', async () => {
    // Envelope keys in canonical order; inside the spec, the first panel's keys are not ("id" before "data").
    const text = JSON.stringify(resource('v2', 'svc', v2Spec()), null, 2);
    tree = await makeTempTree({ 'dashboards/svc.json': `${text}\n` });
    const result = await runCli(['check'], { cwd: tree.dir });
    expect(text.split('\n')[14]).toBe('          "id": 1,');
    expect(result.stdout).toBe('dashboards/svc.json:15:12: warning: file is not in canonical format (sorted keys, 2-space indent, final newline); run `dashsync check --fix` to rewrite it (not-canonical)\n');
  });
});
