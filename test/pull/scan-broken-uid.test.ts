import { describe, expect, it } from 'vitest';
import { scanBrokenUid } from '../../src/files/scan-broken-uid.js';

describe('scanBrokenUid: the uid a dashboard text that does not parse still names', () => {
  it('finds a top-level uid after a syntax error, and not a panel datasource uid', () => {
    const text = '{\n  "panels": [,\n    { "datasource": { "uid": "prom" }, "id": 1 }\n  ],\n  "title": "Node CPU",\n  "uid": "cpu"\n}\n';
    expect(scanBrokenUid(text)).toBe('cpu');
  });

  it('finds it in a cut-off file, a resource (metadata.name) and a { "dashboard": … } wrapper', () => {
    expect(scanBrokenUid('{ "uid": "home", ')).toBe('home');
    expect(scanBrokenUid('{ "apiVersion": "dashboard.grafana.app/v1", "metadata": { "name": "cpu" }, "spec": { "title": "x", "panels": [,] } }')).toBe('cpu');
    expect(scanBrokenUid('{ "dashboard": { "uid": "cpu", "panels": [ } }')).toBe('cpu');
  });

  it('tells no uid when there is none, or two that disagree, or only a nested one', () => {
    expect(scanBrokenUid('{ "title": "x", "panels": [,] }')).toBeUndefined();
    expect(scanBrokenUid('{ "uid": "a", "uid": "b", }')).toBeUndefined();
    expect(scanBrokenUid('{ "panels": [{ "uid": "a" }], ')).toBeUndefined();
    expect(scanBrokenUid('{ "uid": "cpu\\u0022x, ')).toBeUndefined();
    expect(scanBrokenUid('{ "title": "say \\"uid\\": \\"no\\"", ,}')).toBeUndefined();
  });
});
