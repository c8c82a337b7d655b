import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { generateDashboards } from '../../../scripts/lib/generate-dashboards.mjs';
import { canonicalModelText } from '../../../src/apply/canonical-model-text.js';
import { compactJsonObject } from '../../../src/files/compact-json-object.js';
import { hashText } from '../../../src/files/hash-text.js';
import { desiredFromText } from '../../../src/plan/read-desired.js';

const SETTINGS = { inputs: { DS_PROMETHEUS: 'prometheus' }, minRefreshInterval: '5s' };
const EXAMPLE_TREE = join(import.meta.dirname, '../../../dashboards');

/** canonicalModelText of a file's text, for the uid the plan gives it (the desired content's). */
function textOf(text: string, uid: string) {
  return canonicalModelText(compactJsonObject(Buffer.from(text)), { uid, minRefreshInterval: SETTINGS.minRefreshInterval });
}

/** What a save would send as the model: readDesired's canonical content, parsed from the same text. */
function desiredOf(text: string) {
  return desiredFromText(text, hashText(text), 'd.json', SETTINGS);
}

const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const BASE = generateDashboards({ count: 1, seed: 9 })[0]!.dashboard as Record<string, unknown>;

describe('canonicalModelText: a file sent as it is must be exactly the model its parse gives', () => {
  it('is the parsed, normalized model member for member, wherever it says yes (generated dashboards, the example tree, hand-written layouts)', async () => {
    const texts = generateDashboards({ count: 60, seed: 5 }).map(({ dashboard }) => pretty(dashboard));
    for (const file of await fg('**/*.json', { cwd: EXAMPLE_TREE, ignore: ['**/_folder.json'] })) texts.push(await readFile(join(EXAMPLE_TREE, file), 'utf8'));
    texts.push(JSON.stringify(BASE), JSON.stringify(BASE, null, '\t'), `{"uid":${JSON.stringify(BASE.uid)},"title":"T","refresh":false,"n":1.50,"s":"\\/\\n"}`);
    // Grafana 10+'s "__auto" legend, DS_ in ordinary text, `__` keys below the top level: no input, nothing dropped.
    texts.push(pretty({ ...BASE, description: 'from the DS_PROMETHEUS export, $service', panels: [{ id: 1, type: 'stat', datasource: { uid: 'DS_main' }, options: { __x: 1 }, targets: [{ legendFormat: '__auto', refId: 'A' }] }] }));
    let sent = 0;
    for (const text of texts) {
      const desired = desiredOf(text);
      const canonical = textOf(text, desired.uid);
      if (canonical === null) continue;
      sent++;
      expect([desired.schema, desired.apiVersion, desired.metadata]).toEqual(['v1', null, { labels: {}, annotations: {} }]);
      expect(JSON.parse(canonical.text.toString())).toStrictEqual(desired.spec);
      expect(canonical.shown).toEqual({ uid: desired.spec.uid, title: desired.spec.title });
      // Where each shown member sits, which a write through /apis cuts the uid at: the key and the value, nothing else.
      for (const key of ['uid', 'title'] as const) {
        const { start, end } = canonical.spans[key];
        expect(JSON.parse(`{${canonical.text.toString('utf8', start, end)}}`)).toStrictEqual({ [key]: desired.spec[key] });
      }
    }
    expect(sent).toBeGreaterThanOrEqual(64);
  });

  it('says no where the parse or normalizing changes something, or the text alone cannot tell', () => {
    const uid = String(BASE.uid);
    const variants: Record<string, string> = {
      'an id': pretty({ ...BASE, id: 12 }),
      'a version': pretty({ ...BASE, version: 3 }),
      'the {dashboard, meta} wrapper': pretty({ dashboard: BASE, meta: { folderUid: 'x' } }),
      'a v1 resource': pretty({ apiVersion: 'dashboard.grafana.app/v1beta1', kind: 'Dashboard', metadata: { name: uid }, spec: BASE }),
      'an export with __inputs': pretty({ __inputs: [{ name: 'DS_PROMETHEUS', type: 'datasource' }], ...BASE }),
      'a DS_ placeholder': pretty({ ...BASE, panels: [{ id: 1, type: 'stat', datasource: { uid: '${DS_PROMETHEUS}' } }] }),
      'a DS_ placeholder without braces': pretty({ ...BASE, panels: [{ id: 1, type: 'stat', datasource: '$DS_PROMETHEUS' }] }),
      'an export with __requires only': pretty({ __requires: [{ type: 'grafana', id: 'grafana' }], ...BASE }),
      'a library panel reference': pretty({ ...BASE, panels: [{ id: 1, libraryPanel: { uid: 'lp', name: 'LP', model: {} } }] }),
      'a title with spaces around it': pretty({ ...BASE, title: ' Spaced ' }),
      'a refresh below the minimum': pretty({ ...BASE, refresh: '1s' }),
      'a \\u escape': pretty(BASE).replace('"title"', '"\\u0074itle"'),
      'another uid than the plan\'s': pretty({ ...BASE, uid: 'other' }),
    };
    const said = Object.fromEntries(Object.entries(variants).map(([name, text]) => [name, textOf(text, uid)]));
    expect(said).toEqual(Object.fromEntries(Object.keys(variants).map((name) => [name, null])));
    expect(textOf(pretty({ ...BASE, refresh: '1m' }), uid)).not.toBeNull();
    expect(textOf(pretty({ ...BASE, description: 'from the DS_PROMETHEUS export', panels: [{ id: 1, targets: [{ legendFormat: '__auto' }] }] }), uid)).not.toBeNull();
  });
});
