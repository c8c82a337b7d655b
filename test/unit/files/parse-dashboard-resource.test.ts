import { describe, expect, it } from 'vitest';
import { parseDashboardText } from '../../../src/files/parse-dashboard-text.js';
import { grid, gridItem, panel, query, resource, rows, v2Spec } from '../v2-builders.js';

const parse = (document: unknown, inputs: Record<string, string> = {}) => parseDashboardText(JSON.stringify(document, null, 2), 'd.json', inputs);
const rules = (document: unknown) => parse(document).diagnostics.map((d) => `${d.severity} ${d.rule}`);

describe('parseDashboardText: resource files', () => {
  it('reads a v2 resource: identity from metadata.name, the spec as content, user metadata kept', () => {
    const spec = v2Spec();
    const parsed = parse(resource('v2beta1', 'svc', spec, { labels: { team: 'a' }, annotations: { note: 'x' } }));
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.form).toBe('resource');
    expect(parsed.content).toEqual({
      uid: 'svc',
      schema: 'v2',
      apiVersion: 'dashboard.grafana.app/v2beta1',
      spec,
      metadata: { labels: { team: 'a' }, annotations: { note: 'x' } },
    });
  });

  it('reads a v1 resource as the classic model with metadata.name as its uid (equal to the same model file)', () => {
    const model = { title: 'A', panels: [], schemaVersion: 42 };
    const asResource = parse(resource('v1', 'a', model)).content!;
    const asModel = parse({ ...model, uid: 'a' }).content!;
    expect(asResource.spec).toEqual(asModel.spec);
    expect([asResource.schema, asResource.apiVersion, asModel.apiVersion]).toEqual(['v1', 'dashboard.grafana.app/v1', null]);
  });

  it('ignores server-owned metadata and status with a warning each, never as content', () => {
    const document = {
      ...resource('v2', 'svc', v2Spec(), {
        namespace: 'default',
        uid: 'f2b7…',
        resourceVersion: '17',
        generation: 3,
        creationTimestamp: '2026-01-01T00:00:00Z',
        labels: { 'grafana.app/deprecatedInternalID': '12', team: 'a' },
        annotations: { 'grafana.app/folder': 'f', 'grafana.app/updatedBy': 'user:1', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      }),
      status: {},
    };
    const parsed = parse(document);
    expect(parsed.diagnostics.every((d) => d.severity === 'warning' && d.rule === 'resource-server-field')).toBe(true);
    expect(parsed.diagnostics).toHaveLength(10);
    expect(parsed.diagnostics.find((d) => d.message.includes('grafana.app/folder'))?.message).toContain('the folder comes from the directory');
    expect(parsed.content!.metadata).toEqual({ labels: { team: 'a' }, annotations: {} });
  });

  it.each([
    ['an unknown group', { ...resource('v1', 'a', { title: 'A' }), apiVersion: 'dashboards.example.com/v1' }, 'error resource-api-version'],
    ['an unknown version', resource('v9', 'a', { title: 'A' }), 'error resource-api-version'],
    ['another kind', { ...resource('v1', 'a', { title: 'A' }), kind: 'Folder' }, 'error resource-kind'],
    ['an unknown top-level key', { ...resource('v1', 'a', { title: 'A' }), extra: 1 }, 'error resource-invalid'],
    ['no spec', { apiVersion: 'dashboard.grafana.app/v1', kind: 'Dashboard', metadata: { name: 'a' } }, 'error resource-invalid'],
    ['a v1 spec under a v2 apiVersion', resource('v2beta1', 'a', { title: 'A', panels: [] }), 'error resource-schema-mismatch'],
    ['a v2 spec under a v1 apiVersion', resource('v1beta1', 'a', v2Spec()), 'error resource-schema-mismatch'],
    ['a bare v2 spec', { ...v2Spec(), uid: 'a' }, 'error v2-needs-resource'],
    ['a v1 spec.uid naming another dashboard', resource('v1', 'a', { title: 'A', uid: 'b' }), 'error uid-mismatch'],
    ['a v2 spec.uid naming another dashboard', resource('v2beta1', 'a', v2Spec({ uid: 'b' })), 'error uid-mismatch'],
    ['a non-string label', resource('v1', 'a', { title: 'A' }, { labels: { n: 1 } }), 'error resource-invalid'],
  ])('refuses %s', (_, document, expected) => {
    expect(rules(document)).toContain(expected);
  });

  it('names metadata.name in identity errors, at its position', () => {
    const missing = parse(resource('v2beta1', undefined, v2Spec()));
    expect(missing.diagnostics).toMatchObject([{ rule: 'uid-missing', line: 4, col: 15 }]);
    expect(missing.diagnostics[0]!.message).toContain('metadata.name');
    expect(missing.content?.uid).toBe('');
    expect(rules(resource('v2beta1', 'has space', v2Spec()))).toEqual(['error uid-invalid']);
    expect(rules(resource('v2beta1', 'x'.repeat(41), v2Spec()))).toEqual(['error uid-too-long']);
    expect(rules(resource('v2beta1', 'a', v2Spec({ title: ' ' })))).toEqual(['error title-missing']);
  });

  it('resolves ${DS_*} inputs in a v2 spec, and reports an unmapped one under spec', () => {
    const spec = v2Spec({ elements: { 'panel-1': panel(1, 'CPU', [query('A', 'up', '${DS_PROM}')]) } });
    const parsed = parse(resource('v2beta1', 'a', spec), { DS_PROM: 'prom-9' });
    expect(parsed.diagnostics).toEqual([]);
    const resolved = parsed.content!.spec.elements as Record<string, { spec: { data: { spec: { queries: { spec: { query: { datasource: unknown } } }[] } } } }>;
    expect(resolved['panel-1']!.spec.data.spec.queries[0]!.spec.query.datasource).toEqual({ name: 'prom-9' });
    expect(rules(resource('v2beta1', 'a', spec))).toEqual(['error input-unmapped']);
  });
});

describe('parseDashboardText: v2 structure', () => {
  it('accepts nested rows and tabs whose items all reference elements', () => {
    const spec = v2Spec({
      elements: { a: panel(1, 'A'), b: panel(2, 'B') },
      layout: rows({ title: 'One', layout: grid(gridItem('a')) }, { title: 'Two', layout: grid(gridItem('b')) }),
    });
    expect(parse(resource('v2', 'x', spec)).diagnostics).toEqual([]);
  });

  it('points at a layout item whose element does not exist', () => {
    const text = JSON.stringify(resource('v2', 'x', v2Spec({ layout: grid(gridItem('panel-1'), gridItem('panel-9')) })), null, 2);
    const { diagnostics } = parseDashboardText(text, 'd.json', {});
    expect(diagnostics).toMatchObject([{ rule: 'v2-element-missing', severity: 'error', line: text.split('\n').findIndex((l) => l.includes('"panel-9"')) + 1 }]);
    expect(diagnostics[0]!.message).toBe('layout item refers to element "panel-9", which spec.elements does not define: define it there, or remove the item');
  });

  it('names the unplaced element a missing one is a typo of (walk-59 L7), never one the layout places already', () => {
    const message = (spec: Record<string, unknown>) => parseDashboardText(JSON.stringify(resource('v2', 'x', spec)), 'd.json', {}).diagnostics.map((d) => d.message);
    expect(message(v2Spec({ elements: { 'panel-1': panel(1, 'A'), restarts: panel(2, 'Restarts') }, layout: grid(gridItem('panel-1'), gridItem('restart', 12)) }))).toEqual([
      'layout item refers to element "restart", which spec.elements does not define (did you mean "restarts"?): correct the name, define it there, or remove the item',
      'element "restarts" is not placed in the layout: Grafana does not show it, and the next save in the editor drops it; place it in the layout, or remove it',
    ]);
    // panel-1 is one edit from panel-2, but placed: no hint.
    expect(message(v2Spec({ layout: grid(gridItem('panel-1'), gridItem('panel-2', 12)) }))).toEqual([
      'layout item refers to element "panel-2", which spec.elements does not define: define it there, or remove the item',
    ]);
  });

  it.each([
    ['no layout', v2Spec({ layout: undefined }), ['error v2-layout-invalid']],
    ['an unknown layout kind', v2Spec({ layout: { kind: 'FreeLayout', spec: {} } }), ['error v2-layout-invalid']],
    ['a row item of the wrong kind', v2Spec({ layout: { kind: 'RowsLayout', spec: { rows: [gridItem('panel-1')] } } }), ['error v2-layout-invalid']],
    ['an element of an unknown kind', v2Spec({ elements: { 'panel-1': { kind: 'Text', spec: {} } } }), ['error v2-element-invalid']],
    ['a blank element name', v2Spec({ elements: { ' ': panel(1, 'A') }, layout: grid(gridItem(' ')) }), ['error v2-element-name-invalid']],
    ['an element placed nowhere', v2Spec({ elements: { 'panel-1': panel(1, 'A'), 'panel-2': panel(2, 'B') } }), ['warning v2-element-unused']],
    ['an element placed twice', v2Spec({ layout: grid(gridItem('panel-1'), gridItem('panel-1', 12)) }), ['warning v2-element-reused']],
    ['two panels with one id', v2Spec({ elements: { 'panel-1': panel(1, 'A'), b: panel(1, 'B') }, layout: grid(gridItem('panel-1'), gridItem('b')) }), ['warning v2-panel-id-duplicate']],
  ])('reports %s', (_, spec, expected) => {
    expect(rules(resource('v2beta1', 'x', spec))).toEqual(expected);
  });
});

describe('parseDashboardText: a v2 transformation under v2alpha1/v2beta1 (a mixed fleet of 12 and 13)', () => {
  const withTransformations = (transformations: unknown[]) => {
    const spec = v2Spec();
    const element = (spec.elements as Record<string, { spec: { data: { spec: Record<string, unknown> } } }>)['panel-1']!;
    element.spec.data.spec.transformations = transformations;
    return spec;
  };
  const merge13 = { kind: 'Transformation', group: 'merge', spec: { options: {} } };
  const merge12 = { kind: 'merge', spec: { id: 'merge', options: {} } };

  it.each(['v2beta1', 'v2alpha1'])('flags 13\'s transformation form under %s at the element, with the way out', (version) => {
    const parsed = parse(resource(version, 'a', withTransformations([merge12, merge13])));
    expect(parsed.diagnostics.map((d) => `${d.line}:${d.col} ${d.severity} ${d.rule}`)).toEqual(['51:27 error resource-schema-mismatch']);
    expect(parsed.diagnostics[0]!.message).toBe(
      `a transformation in the form of dashboard.grafana.app/v2 ("kind": "Transformation") under apiVersion dashboard.grafana.app/${version}: ` +
        `${version} writes it {"kind": "<id>", "spec": {"id": "<id>", …}}, and Grafana would read this one as a transformation named "Transformation"; ` +
        'take Grafana 13\'s own conversion (set the apiVersion, then dashsync pull --force a), see docs/upgrading.md#a-fleet-on-12-and-13',
    );
  });

  it('takes either form where it belongs: 13\'s under v2, 12\'s under v2beta1', () => {
    expect(rules(resource('v2', 'a', withTransformations([merge13])))).toEqual([]);
    expect(rules(resource('v2beta1', 'a', withTransformations([merge12])))).toEqual([]);
  });

  it('flags 12\'s transformation form under v2 at its kind: 13 would store it with "group": "" (its id lost)', () => {
    const text = JSON.stringify(resource('v2', 'a', withTransformations([merge13, merge12])), null, 2);
    const { diagnostics } = parseDashboardText(text, 'd.json', {});
    const kindLine = text.split('\n').findIndex((l) => l.includes('"kind": "merge"')) + 1;
    expect(diagnostics.map((d) => `${d.line} ${d.severity} ${d.rule}`)).toEqual([`${kindLine} error resource-schema-mismatch`]);
    expect(diagnostics[0]!.message).toBe(
      'a transformation in the form of dashboard.grafana.app/v2beta1 ("kind": "merge", no "group") under apiVersion dashboard.grafana.app/v2: ' +
        'v2 names a transformation by its "group", and Grafana 13 would store this one with "group": "" and its id lost; ' +
        'write it {"kind": "Transformation", "group": "merge", "spec": {…}} without "spec"."id", see docs/upgrading.md#a-fleet-on-12-and-13',
    );
  });

  it('flags a v2 transformation with no or an empty "group", and only warns when pull reads the file', () => {
    const noGroup = { kind: 'Transformation', spec: { options: {} } };
    expect(rules(resource('v2', 'a', withTransformations([noGroup, { ...merge13, group: '' }])))).toEqual(['error resource-schema-mismatch', 'error resource-schema-mismatch']);
    expect(parse(resource('v2', 'a', withTransformations([noGroup]))).diagnostics[0]!.message).toContain('a transformation without "group" under apiVersion dashboard.grafana.app/v2: ');
    const forPull = parseDashboardText(JSON.stringify(resource('v2', 'a', withTransformations([merge12]))), 'd.json', {}, { forPull: true });
    expect(forPull.diagnostics.map((d) => `${d.severity} ${d.rule}`)).toEqual(['warning resource-schema-mismatch']);
  });
});
