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
        'fixed dashboards/legacy.json: removed spec.id',
        `fixed dashboards/shop/checkout.json: removed status, metadata.generation, metadata.resourceVersion, metadata.namespace, metadata.labels["grafana.app/deprecatedInternalID"], metadata.annotations["grafana.app/updatedBy"], metadata.annotations["grafana.app/folder"], added metadata.name "${name}"`,
        'check: 2 dashboards, 0 errors, 0 warnings, 2 fixed',
        '',
      ].join('\n'),
    );
    expect(result.stdout).toBe('');
    expect(result.code).toBe(0);

    const again = await runCli(['check', '--fix'], { cwd: tree.dir });
    expect(again.stderr).toBe('check: 2 dashboards, 0 errors, 0 warnings\n');
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
