import { describe, expect, it } from 'vitest';
import type { DesiredContent } from '../../src/files/types.js';
import { otherV2Version, pulledDocument, type CurrentFile } from '../../src/pull/pulled-document.js';
import { resource, v2Spec } from '../unit/v2-builders.js';

const none = { labels: {}, annotations: {} };
const classic = { uid: 'svc', title: 'Service', panels: [{ id: 1, type: 'stat', title: 'Up', datasource: { type: 'prometheus', uid: 'prom-1' } }] };

function live(overrides: Partial<DesiredContent> = {}): DesiredContent {
  return { uid: 'svc', schema: 'v1', apiVersion: 'dashboard.grafana.app/v1', spec: classic, metadata: none, ...overrides };
}

function file(overrides: Partial<CurrentFile> = {}): CurrentFile {
  return { form: 'model', schema: 'v1', apiVersion: null, written: classic, metadata: none, ...overrides };
}

describe('pulledDocument: what pull writes for a live dashboard', () => {
  it('a new classic dashboard is the bare model, read through /apis or /api alike', () => {
    expect(pulledDocument(live(), null, {})).toEqual({ document: classic });
    expect(pulledDocument(live({ apiVersion: null }), null, {})).toEqual({ document: classic });
  });

  it('a new v2 dashboard is a resource at its stored version with the author\'s labels and annotations', () => {
    const spec = v2Spec();
    const metadata = { labels: { team: 'ops' }, annotations: {} };
    expect(pulledDocument(live({ schema: 'v2', apiVersion: 'dashboard.grafana.app/v2beta1', spec, metadata }), null, {})).toEqual({
      document: resource('v2beta1', 'svc', spec, { labels: { team: 'ops' } }),
    });
  });

  it('a v1 resource file stays a resource at its own apiVersion; its spec carries no uid', () => {
    const current = file({ form: 'resource', apiVersion: 'dashboard.grafana.app/v1beta1', written: { title: 'Old', panels: [] } });
    const { uid: _uid, ...spec } = classic;
    expect(pulledDocument(live({ metadata: { labels: {}, annotations: { note: 'x' } } }), current, {})).toEqual({
      document: resource('v1beta1', 'svc', spec, { annotations: { note: 'x' } }),
    });
  });

  it('read through /api (no labels there), a resource file keeps its own labels and annotations', () => {
    const current = file({ form: 'resource', apiVersion: 'dashboard.grafana.app/v1', written: classic, metadata: { labels: { team: 'ops' }, annotations: {} } });
    const written = pulledDocument(live({ apiVersion: null }), current, {}).document;
    expect(written.metadata).toEqual({ name: 'svc', labels: { team: 'ops' } });
    expect(written.apiVersion).toBe('dashboard.grafana.app/v1');
  });

  it('a v2 file at another v2 version keeps its version; a v1 file of a dashboard now stored as v2 takes the stored one and says so', () => {
    const spec = v2Spec();
    const stored = live({ schema: 'v2', apiVersion: 'dashboard.grafana.app/v2', spec });
    const v2File = file({ form: 'resource', schema: 'v2', apiVersion: 'dashboard.grafana.app/v2beta1', written: spec });
    expect(pulledDocument(stored, v2File, {})).toEqual({ document: resource('v2beta1', 'svc', spec) });

    const changed = pulledDocument(stored, file(), {});
    expect(changed.document).toEqual(resource('v2', 'svc', spec));
    expect(changed.formChanged).toBe(
      'Grafana stores this dashboard as a v2 dashboard (dashboard.grafana.app/v2); the file held a classic dashboard; ' +
        "dashboard.grafana.app/v2 is served by Grafana 13 and later only: for a tree that must also work on 12 (a mixed fleet, or a rollback), make it a dashboard.grafana.app/v2beta1 file as docs/upgrading.md \"A fleet on 12 and 13\" says (a v2beta1 spec differs from a v2 one in its panel transformations)",
    );
  });

  it('otherV2Version: the file\'s v2 version when the stored one is another v2 version; else null', () => {
    expect(otherV2Version('dashboard.grafana.app/v2', 'dashboard.grafana.app/v2beta1')).toBe('v2beta1');
    expect(otherV2Version('dashboard.grafana.app/v2beta1', 'dashboard.grafana.app/v2')).toBe('v2');
    expect(otherV2Version('dashboard.grafana.app/v2', 'dashboard.grafana.app/v2')).toBeNull();
    expect(otherV2Version('dashboard.grafana.app/v1', 'dashboard.grafana.app/v1beta1')).toBeNull();
    expect(otherV2Version('dashboard.grafana.app/v2', 'dashboard.grafana.app/v1')).toBeNull();
    expect(otherV2Version(null, 'dashboard.grafana.app/v2beta1')).toBeNull();
    expect(otherV2Version('dashboard.grafana.app/v2', null)).toBeNull();
  });

  it('a v1 file of a dashboard now stored as v2, shared with an environment on api "legacy": the note is check\'s v2-unserved, no v2beta1 advice (walk-63 M3)', () => {
    const stored = live({ schema: 'v2', apiVersion: 'dashboard.grafana.app/v2', spec: v2Spec() });
    const declaredGrafanas = {
      staging: { api: 'legacy' as const, apiFrom: '"api" of environment "staging" in dashsync.config.json:11:14', release: '12', releaseFrom: '"grafanaVersion" of environment "staging" in dashsync.config.json:12:25' },
      prod: { api: 'auto' as const, release: '13', releaseFrom: '"grafanaVersion" of environment "prod" in dashsync.config.json:16:25' },
    };
    const changed = pulledDocument(stored, file(), {}, { otherEnvironments: ['staging'], declaredGrafanas });
    expect(changed.formChanged).toBe(
      'Grafana stores this dashboard as a v2 dashboard (dashboard.grafana.app/v2); the file held a classic dashboard; ' +
        'dashboard svc is a dashboard.grafana.app/v2 file, and environment staging uses the legacy /api ("api" of environment "staging" in dashsync.config.json:11:14), which takes no v2 dashboard: its plan would stop on this file. ' +
        'Set "api" to "auto" there if its Grafana runs 13 or later (12 serves v2beta1 and v2alpha1, not v2: for 12, make it a dashboard.grafana.app/v2beta1 file, docs/upgrading.md#a-fleet-on-12-and-13 says how); or keep this dashboard a classic (v1) file, ' +
        "or leave it out of staging's include/exclude",
    );
  });

  it('an "export for sharing" file keeps its inputs and placeholders', () => {
    const exported = {
      __inputs: [{ name: 'DS_PROM', type: 'datasource', pluginId: 'prometheus' }],
      ...classic,
      panels: [{ ...classic.panels[0], datasource: { type: 'prometheus', uid: '${DS_PROM}' } }],
    };
    const result = pulledDocument(live(), file({ written: exported }), { DS_PROM: 'prom-1' });
    expect(result.document).toEqual(exported);
    expect(result.formLost).toBeUndefined();
  });
});

describe('pulledDocument: labels and annotations', () => {
  it('a classic dashboard Grafana holds labels for becomes a resource file (a bare model has no place for them), and says so', () => {
    const labelled = live({ metadata: { labels: { team: 'ops' }, annotations: {} } });
    const { uid: _uid, ...spec } = classic;
    expect(pulledDocument(labelled, null, {})).toEqual({ document: resource('v1', 'svc', spec, { labels: { team: 'ops' } }) });
    expect(pulledDocument(labelled, file(), {})).toEqual({
      document: resource('v1', 'svc', spec, { labels: { team: 'ops' } }),
      formChanged:
        'Grafana holds labels or annotations for this dashboard, which only a resource file can hold; the file held a bare model; ' +
        "dashboard.grafana.app/v1 is served by Grafana 13 and later only: for a tree that must also work on 12 (a mixed fleet, or a rollback), set the file's apiVersion to dashboard.grafana.app/v1beta1",
    });
  });
});
