import { describe, expect, it } from 'vitest';
import type { DashboardHead } from '../../../src/grafana/port.js';
import { decideAsPushed } from '../../../src/plan/decide-as-pushed.js';
import { pushedSource } from '../../../src/plan/pushed-source.js';
import { entry, live } from './builders.js';

function head(overrides: Partial<DashboardHead> = {}): DashboardHead {
  const { model: _model, ...rest } = live({ title: 'Live title' }, { apiVersion: 'dashboard.grafana.app/v1', folderUid: 'ops', folderTitle: 'Ops', revision: '4/99', version: 4 });
  return { ...rest, ...overrides };
}

describe('decideAsPushed', () => {
  const file = entry({ uid: 'cpu', title: 'CPU', folderUid: 'ops', metadata: { labels: { team: 'a' }, annotations: {} } });

  it('is a noop with the live revision, version and folder, and the file\'s title, when folder and metadata match the file', () => {
    const decision = decideAsPushed(file, head({ metadata: { labels: { team: 'a' }, annotations: {} } }));
    expect(decision?.action).toMatchObject({ action: 'noop', uid: 'cpu', changes: [], live: { title: 'CPU', revision: '4/99', version: 4, folderUid: 'ops', folderTitle: 'Ops', apiVersion: 'dashboard.grafana.app/v1' } });
    expect(decision?.action).not.toHaveProperty('write');
  });

  it('asks for a full read when the folder, a label or an annotation differs from the file', () => {
    const metadata = { labels: { team: 'a' }, annotations: {} };
    expect(decideAsPushed(file, head({ metadata, folderUid: 'other' }))).toBeNull();
    expect(decideAsPushed(file, head({ metadata: { labels: { team: 'b' }, annotations: {} } }))).toBeNull();
    expect(decideAsPushed(file, head({ metadata: { labels: { team: 'a', extra: '' }, annotations: {} } }))).toBeNull();
    expect(decideAsPushed(file, head({ metadata: { labels: { team: 'a' }, annotations: { note: 'x' } } }))).toBeNull();
    expect(decideAsPushed(file, head({ metadata: { labels: {}, annotations: {} } }))).toBeNull();
  });
});

describe('pushedSource', () => {
  it('changes with the file, the content settings, the write version and the dashsync release', () => {
    const write = { api: 'k8s' as const, apiVersion: 'dashboard.grafana.app/v1' };
    const base = pushedSource('sha256:file', 'sha256:settings', write, '1.0.0');
    expect(base).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(pushedSource('sha256:file', 'sha256:settings', write, '1.0.0')).toBe(base);
    expect(new Set([
      base,
      pushedSource('sha256:other', 'sha256:settings', write, '1.0.0'),
      pushedSource('sha256:file', 'sha256:other', write, '1.0.0'),
      pushedSource('sha256:file', 'sha256:settings', { ...write, apiVersion: 'dashboard.grafana.app/v1beta1' }, '1.0.0'),
      pushedSource('sha256:file', 'sha256:settings', write, '1.0.1'),
    ]).size).toBe(5);
  });
});
