import { describe, expect, it } from 'vitest';
import { parseDashboardText } from '../../../src/files/parse-dashboard-text.js';
import { readK8sObject } from '../../../src/grafana/k8s/k8s-object.js';
import { toLiveDashboard } from '../../../src/grafana/k8s/to-live-dashboard.js';
import { isUserMetadataKey, userMetadata } from '../../../src/grafana/user-metadata.js';
import { resource, v2Spec } from '../v2-builders.js';

describe('isUserMetadataKey', () => {
  it('keeps the author’s keys and leaves Grafana’s, kubectl’s and dashsync’s out', () => {
    expect(['team/owner', 'team', 'example.com/tier', 'grafana.application/x', 'dashsync', 'app.kubernetes.io/name'].filter(isUserMetadataKey)).toEqual([
      'team/owner',
      'team',
      'example.com/tier',
      'grafana.application/x',
      'dashsync',
      'app.kubernetes.io/name',
    ]);
    expect(['grafana.app/updatedBy', 'grafana.app/folder', 'kubectl.kubernetes.io/last-applied-configuration', 'dashsync/pushed-from'].filter(isUserMetadataKey)).toEqual([]);
  });
});

describe('userMetadata', () => {
  it('keeps the author’s labels and annotations, sorted, and skips values that are not strings', () => {
    expect(
      userMetadata({
        labels: { 'grafana.app/deprecatedInternalID': '7', tier: 'gold', 'dashsync/x': 'y', env: 'prod' },
        annotations: { 'dashsync/pushed-from': 'sha256:ab', 'grafana.app/updatedBy': 'user:1', 'team/owner': 'ops', count: 3 },
      }),
    ).toEqual({ labels: { env: 'prod', tier: 'gold' }, annotations: { 'team/owner': 'ops' } });
    expect(Object.keys(userMetadata({ labels: { b: '1', a: '2' } }).labels)).toEqual(['a', 'b']);
  });

  it('is empty without labels or annotations, and keeps a `__proto__` key as data', () => {
    expect(userMetadata({})).toEqual({ labels: {}, annotations: {} });
    const kept = userMetadata(JSON.parse('{"labels": {"__proto__": "x"}}') as { labels: unknown });
    expect(Object.getPrototypeOf(kept.labels)).toBe(Object.prototype);
    expect(Object.entries(kept.labels)).toEqual([['__proto__', 'x']]);
  });

  it('is the rule the file reader and the /apis port both apply: the same metadata reads the same on both sides', () => {
    const metadata = {
      labels: { team: 'a', 'grafana.app/deprecatedInternalID': '7', 'kubectl.kubernetes.io/x': 'y' },
      annotations: { 'team/owner': 'ops', 'dashsync/pushed-from': 'sha256:ab', 'grafana.app/updatedBy': 'user:1', 'grafana.app/folder': 'f' },
    };
    const inFile = parseDashboardText(JSON.stringify(resource('v2beta1', 'svc', v2Spec(), metadata)), 'svc.json', {}).content!.metadata;
    const stored = { ...resource('v2beta1', 'svc', v2Spec(), metadata), metadata: { name: 'svc', resourceVersion: '1', generation: 1, ...metadata } };
    const live = toLiveDashboard(readK8sObject(stored), () => 'F').metadata;
    const expected = { labels: { team: 'a' }, annotations: { 'team/owner': 'ops' } };
    expect(inFile).toEqual(expected);
    expect(live).toEqual(expected);
  });
});
