import { describe, expect, it } from 'vitest';
import { fixDashboardDocument } from '../../src/check/fix-dashboard-document.js';
import { parseDashboardDocument } from '../../src/check/inspect-dashboard-document.js';
import { canonicalJson } from '../../src/normalize/canonical-json.js';
import { generateDashboards } from '../../scripts/lib/generate-dashboards.mjs';

/** Same data, keys in reverse order at every level: what a hand edit or another tool leaves. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).reverse().map((key) => [key, reverseKeys((value as Record<string, unknown>)[key])]));
}

const noUid = (): string => {
  throw new Error('a dashboard with a uid must not get a new one');
};

describe('fixDashboardDocument', () => {
  it('changes only the format, the wrapper and the id: the data is otherwise the same', () => {
    for (const { dashboard } of generateDashboards({ count: 20, seed: 11 })) {
      const messy = { meta: { slug: 'x', version: 4 }, dashboard: reverseKeys({ ...dashboard, id: 99 }) };
      const document = parseDashboardDocument(JSON.stringify(messy, null, 4), 'x.json')!;

      const fixed = fixDashboardDocument(document, noUid)!;

      expect(JSON.parse(fixed.text)).toEqual(dashboard);
      expect(fixed.text).toBe(canonicalJson(dashboard));
      expect(fixed.changes).toEqual(['reformatted', 'unwrapped the API wrapper', 'removed id']);
      expect(fixDashboardDocument(parseDashboardDocument(fixed.text, 'x.json')!, noUid)).toBeUndefined();
    }
  });

  it('adds a uid only where there is none (absent, null or blank), and keeps a non-numeric id', () => {
    for (const uid of [undefined, null, '', '  ']) {
      const text = JSON.stringify({ id: null, title: 'T', ...(uid === undefined ? {} : { uid }) });
      const fixed = fixDashboardDocument(parseDashboardDocument(text, 'x.json')!, () => 'new-uid')!;
      expect(JSON.parse(fixed.text)).toEqual({ id: null, title: 'T', uid: 'new-uid' });
    }
  });
});
