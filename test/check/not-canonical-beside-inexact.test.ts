import { describe, expect, it } from 'vitest';
import { inspectDashboardDocument, parseDashboardDocument } from '../../src/check/inspect-dashboard-document.js';

describe('not-canonical in a file that also holds a number a float cannot hold', () => {
  it('points at the formatting fault, not at the number (which number-inexact reports on its own)', () => {
    const text = '{\n  "big": 12345678901234567890,\n  "panels": [],\n  "title": "T",\n    "uid": "u"\n}\n';
    const document = parseDashboardDocument(text, 'dashboards/t.json')!;
    const notCanonical = inspectDashboardDocument(document, 'dashboards/t.json').filter((d) => d.rule === 'not-canonical');
    expect(notCanonical.map((d) => [d.line, d.col])).toEqual([[5, 3]]);
  });
});
