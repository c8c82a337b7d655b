import { describe, expect, it } from 'vitest';
import { answeredFromLegacySql } from '../../../src/grafana/k8s/legacy-storage-signal.js';

// Legacy SQL storage answers a dashboard's version as its resourceVersion (sql_dashboards.go scanRow), older builds
// version + internal id × 10⁷ (legacy/utils.go getResourceVersion); unified storage a server-wide stamp.
const object = (resourceVersion: string, generation: number, internalId?: string) => {
  const labels: Record<string, string> = internalId === undefined ? {} : { 'grafana.app/deprecatedInternalID': internalId };
  return { resourceVersion, generation, labels };
};

describe('answeredFromLegacySql', () => {
  it('names legacy SQL storage where the resourceVersion is the generation, in either form Grafana built it', () => {
    expect(answeredFromLegacySql(object('1', 1, '1'))).toBe(true);
    expect(answeredFromLegacySql(object('7', 7))).toBe(true);
    expect(answeredFromLegacySql(object('30000004', 4, '3'))).toBe(true);
  });

  it('does not name it for a unified storage stamp, another id, a deleted object or a resourceVersion that is no number', () => {
    expect(answeredFromLegacySql(object('1764662400123456', 3, '12'))).toBe(false);
    expect(answeredFromLegacySql(object('30000004', 4, '2'))).toBe(false);
    expect(answeredFromLegacySql(object('30000004', 4))).toBe(false);
    expect(answeredFromLegacySql(object('-999', -999, '1'))).toBe(false);
    expect(answeredFromLegacySql(object('', 0))).toBe(false);
    expect(answeredFromLegacySql(object('abc', 1))).toBe(false);
  });
});
