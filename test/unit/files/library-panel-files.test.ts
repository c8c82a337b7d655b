import { afterEach, describe, expect, it } from 'vitest';
import { deriveFolderUid } from '../../../src/files/folder-uid.js';
import { findLibraryPanelRefs } from '../../../src/files/find-library-panel-refs.js';
import { parseLibraryPanelText } from '../../../src/files/parse-library-panel-text.js';
import { readTree } from '../../../src/files/read-tree.js';
import { stripLibraryPanelRefs } from '../../../src/normalize/strip-library-panel-refs.js';
import { normalizeDashboard } from '../../../src/normalize/normalize-dashboard.js';
import { dashboard, makeTempTree, type TempTree, type TreeSpec } from './make-tree.js';

let tree: TempTree | undefined;
afterEach(async () => {
  await tree?.cleanup();
  tree = undefined;
});

async function readSpec(spec: TreeSpec, inputs: Record<string, string> = {}) {
  tree = await makeTempTree(spec);
  return readTree({ root: 'dashboards', cwd: tree.dir, include: [], exclude: [], inputs, minRefreshInterval: '5s' });
}

const ref = (uid: string, name = uid) => ({ id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid, name } });
const element = (uid: string, name: string, extra: object = {}) => ({ uid, name, kind: 1, model: { type: 'stat', title: name }, ...extra });

describe('findLibraryPanelRefs', () => {
  it('finds v1 references at the top level and inside rows (collapsed or not), as Grafana connects them', () => {
    const model = {
      panels: [
        ref('cpu'),
        { type: 'row', collapsed: true, libraryPanel: { uid: 'row-own' }, panels: [ref('mem'), { type: 'timeseries' }] },
        { type: 'row', panels: [] },
        { type: 'stat', libraryPanel: null },
      ],
    };
    expect(findLibraryPanelRefs(model)).toEqual({
      refs: [
        { uid: 'cpu', name: 'cpu', path: ['panels', 0, 'libraryPanel'] },
        { uid: 'mem', name: 'mem', path: ['panels', 1, 'panels', 0, 'libraryPanel'] },
      ],
      invalid: [],
    });
  });

  it('finds v2 LibraryPanel elements, also in a Kubernetes-style document; a reference without a uid is invalid', () => {
    const spec = {
      elements: {
        'panel-1': { kind: 'LibraryPanel', spec: { id: 1, title: 'CPU', libraryPanel: { uid: 'cpu', name: 'CPU' } } },
        'panel-2': { kind: 'Panel', spec: { id: 2, title: 'Plain' } },
        'panel-3': { kind: 'LibraryPanel', spec: { id: 3, title: 'Broken', libraryPanel: { name: 'no uid' } } },
      },
    };
    expect(findLibraryPanelRefs(spec)).toEqual({
      refs: [{ uid: 'cpu', name: 'CPU', path: ['elements', 'panel-1', 'spec', 'libraryPanel'] }],
      invalid: [{ path: ['elements', 'panel-3', 'spec', 'libraryPanel'] }],
    });
    const resource = { apiVersion: 'dashboard.grafana.app/v2beta1', kind: 'Dashboard', metadata: { name: 'd' }, spec };
    expect(findLibraryPanelRefs(resource).refs).toEqual([{ uid: 'cpu', name: 'CPU', path: ['spec', 'elements', 'panel-1', 'spec', 'libraryPanel'] }]);
  });
});

describe('normalizeDashboard and library panel references', () => {
  it('keeps only uid and name of each reference, in rows and v2 elements too, so what the UI adds never shows as a change', () => {
    const filled = { uid: 'cpu', name: 'CPU', folderUid: 'f', version: 4, meta: { connectedDashboards: 2 }, model: { type: 'stat' } };
    const model = {
      uid: 'd',
      title: 'D',
      panels: [{ id: 1, libraryPanel: filled }, { type: 'row', panels: [{ id: 2, libraryPanel: filled }] }, { id: 3, type: 'text' }],
      elements: { a: { kind: 'LibraryPanel', spec: { id: 1, title: 'CPU', libraryPanel: filled } } },
    };
    const normalized = normalizeDashboard(model, { minRefreshInterval: '5s' });
    expect(normalized.panels).toEqual([
      { id: 1, libraryPanel: { uid: 'cpu', name: 'CPU' } },
      { type: 'row', panels: [{ id: 2, libraryPanel: { uid: 'cpu', name: 'CPU' } }] },
      { id: 3, type: 'text' },
    ]);
    expect(normalized.elements).toEqual({ a: { kind: 'LibraryPanel', spec: { id: 1, title: 'CPU', libraryPanel: { uid: 'cpu', name: 'CPU' } } } });
    expect(model.panels[0]!.libraryPanel).toBe(filled);
    const resource = { apiVersion: 'dashboard.grafana.app/v2beta1', kind: 'Dashboard', metadata: { name: 'd' }, spec: { elements: model.elements } };
    expect(stripLibraryPanelRefs(resource).spec).toEqual({ elements: normalized.elements });
    const plain = { uid: 'p', title: 'P', panels: [{ id: 1, libraryPanel: { uid: 'cpu', name: 'CPU' } }] };
    expect(normalizeDashboard(plain, { minRefreshInterval: '5s' }).panels).toBe(plain.panels);
  });
});

describe('parseLibraryPanelText', () => {
  const parse = (value: unknown, inputs: Record<string, string> = {}) => parseLibraryPanelText(`${JSON.stringify(value, null, 2)}\n`, 'dashboards/_library/cpu.json', inputs);

  it('takes the element as Grafana returns it: type and description live in the model, Grafana\'s fields are warnings', () => {
    const parsed = parse({ result: { id: 7, orgId: 1, folderUid: 'x', version: 3, meta: {}, uid: 'cpu', name: 'CPU', kind: 1, type: 'stat', description: 'Load', model: { title: 'CPU', targets: [] } } });
    expect(parsed.content).toEqual({ uid: 'cpu', name: 'CPU', kind: 1, model: { title: 'CPU', targets: [], type: 'stat', description: 'Load' } });
    expect(parsed.elementPath).toEqual(['result']);
    expect(parsed.diagnostics.map((d) => `${d.line}:${d.col} ${d.severity} ${d.rule}`)).toEqual([
      '3:11 warning library-server-field',
      '4:14 warning library-server-field',
      '5:18 warning library-server-field',
      '6:16 warning library-server-field',
      '7:13 warning library-server-field',
    ]);
  });

  it('fills type and description as Grafana would, gives an empty libraryPanel.uid the element uid, and resolves ${DS_*} inputs', () => {
    const parsed = parse({ uid: 'cpu', name: 'CPU', model: { libraryPanel: { uid: '', name: 'CPU' }, datasource: { uid: '${DS_PROM}' } } }, { DS_PROM: 'prom-1' });
    expect(parsed.content?.model).toEqual({ libraryPanel: { uid: 'cpu', name: 'CPU' }, datasource: { uid: 'prom-1' }, type: '', description: '' });
    const unmapped = parse({ uid: 'cpu', name: 'CPU', model: { datasource: { uid: '${DS_PROM}' } } });
    expect(unmapped.content).toBeNull();
    expect(unmapped.diagnostics).toEqual([expect.objectContaining({ rule: 'input-unmapped', line: 6, col: 14, message: expect.stringContaining('DS_PROM') })]);
  });

  it('refuses what Grafana would refuse or dashsync does not manage, with line and column', () => {
    const problems = (value: unknown) => parse(value).diagnostics.map((d) => `${d.line}:${d.col} ${d.rule}`);
    expect(problems({ name: 'CPU', model: {} })).toEqual(['1:1 uid-missing']);
    expect(problems({ uid: 'bad uid', name: 'CPU', model: {} })).toEqual(['2:10 uid-invalid']);
    expect(problems({ uid: 'cpu', name: ' ', model: {} })).toEqual(['3:11 library-name-missing']);
    expect(problems({ uid: 'cpu', name: 'CPU', kind: 2, model: {} })).toEqual(['4:11 library-kind-unsupported']);
    expect(problems({ uid: 'cpu', name: 'CPU', model: [] })).toEqual(['4:12 library-model-missing']);
    expect(problems({ uid: 'cpu', name: 'CPU', model: {}, panels: [] })).toEqual(['5:13 library-key-unknown']);
    expect(parseLibraryPanelText('{"uid": "a",}', 'x.json', {}).diagnostics[0]).toMatchObject({ rule: 'json-syntax', line: 1 });
  });
});

describe('readTree: _library/ directories', () => {
  it('indexes library panels in the folder of the directory that holds _library/, General at the root; a folder may hold only panels', async () => {
    const { tree: result, diagnostics } = await readSpec({
      'dashboards/_library/cpu.json': element('cpu', 'CPU'),
      'dashboards/shared/_library/mem.json': element('mem', 'Memory'),
      'dashboards/team/overview.json': dashboard('overview', 'Overview', { panels: [ref('cpu'), ref('mem')] }),
    });
    expect(diagnostics).toEqual([]);
    expect(result.folders.map((f) => f.dir)).toEqual(['shared', 'team']);
    expect(result.libraryPanels.map(({ file, dir, folderUid, uid, name }) => ({ file, dir, folderUid, uid, name }))).toEqual([
      { file: 'dashboards/_library/cpu.json', dir: '', folderUid: null, uid: 'cpu', name: 'CPU' },
      { file: 'dashboards/shared/_library/mem.json', dir: 'shared', folderUid: deriveFolderUid('shared'), uid: 'mem', name: 'Memory' },
    ]);
    expect(result.dashboards).toEqual([expect.objectContaining({ uid: 'overview', libraryPanels: ['cpu', 'mem'] })]);
  });

  it('reports duplicate uids, a name twice in one folder, misplaced files and references without a uid', async () => {
    const { diagnostics } = await readSpec({
      'dashboards/a/_library/one.json': element('same', 'Name'),
      'dashboards/a/_library/two.json': element('same', 'Name'),
      'dashboards/b/_library/deep/three.json': element('three', 'Three'),
      'dashboards/b/broken.json': dashboard('broken', 'Broken', { panels: [{ id: 1, libraryPanel: { name: 'x' } }] }),
      // As Grafana's API answers it, `{ "result": … }`: the position is inside the wrapper.
      'dashboards/c/_library/wrapped.json': { result: element('c-same', 'Wrapped') },
      'dashboards/c/_library/plain.json': element('c-same', 'Plain'),
    });
    // Each clash points at the value to change, as a dashboard's uid-duplicate does (editors and CI annotations jump to it).
    expect(diagnostics.map((d) => `${d.file}${d.line ? `:${d.line}:${d.col}` : ''} ${d.rule}`)).toEqual([
      'dashboards/a/_library/one.json:2:10 uid-duplicate',
      'dashboards/a/_library/one.json:3:11 library-name-duplicate',
      'dashboards/a/_library/two.json:2:10 uid-duplicate',
      'dashboards/a/_library/two.json:3:11 library-name-duplicate',
      'dashboards/b/_library/deep/three.json:1:1 library-file-misplaced',
      'dashboards/b/broken.json:7:23 library-panel-ref-invalid',
      'dashboards/c/_library/plain.json:2:10 uid-duplicate',
      'dashboards/c/_library/wrapped.json:3:12 uid-duplicate',
    ]);
  });
});
