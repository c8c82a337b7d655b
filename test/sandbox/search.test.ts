import { describe, expect, it } from 'vitest';
import type { GrafanaVersion, SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const versions: GrafanaVersion[] = ['11.2', '12', '13'];
const save = (s: SandboxHandle, body: unknown) => apiRequest(s, 'POST', '/api/dashboards/db', body);
const titles = (body: any[]) => body.map((hit) => hit.title);

describe.each(versions)('GET /api/search on Grafana %s', (grafanaVersion) => {
  async function seeded() {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'ops', title: 'Ops' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'apps', title: 'apps' });
    await save(s, { dashboard: { uid: 'b', title: 'beta', tags: ['prod', 'db'] }, folderUid: 'ops' });
    await save(s, { dashboard: { uid: 'a', title: 'Alpha', tags: ['prod'] } });
    await save(s, { dashboard: { uid: 'c', title: 'Gamma', tags: ['db'] }, folderUid: 'apps' });
    return s;
  }

  it('returns folders first, then dashboards, case-insensitively by title; hits carry Grafana’s fields', async () => {
    const s = await seeded();
    const response = await apiRequest(s, 'GET', '/api/search');
    expect(titles(response.body)).toEqual(['apps', 'Ops', 'Alpha', 'beta', 'Gamma']);
    const beta = response.body.find((hit: any) => hit.uid === 'b');
    expect(beta).toEqual({
      id: 3,
      uid: 'b',
      orgId: 1,
      title: 'beta',
      uri: 'db/beta',
      url: '/d/b/beta',
      slug: grafanaVersion === '11.2' ? 'beta' : '',
      type: 'dash-db',
      tags: ['db', 'prod'],
      isStarred: false,
      folderId: 1,
      folderUid: 'ops',
      folderTitle: 'Ops',
      folderUrl: '/dashboards/f/ops/ops',
      sortMeta: 0,
      isDeleted: false,
    });
    const ops = response.body.find((hit: any) => hit.uid === 'ops');
    expect(ops).toMatchObject({ type: 'dash-folder', url: '/dashboards/f/ops/ops', uri: 'db/ops', tags: [] });
    expect(ops.folderUid).toBeUndefined();
  });

  it('filters by type, query, tags (AND), dashboardUIDs and folderUIDs (general = root)', async () => {
    const s = await seeded();
    const q = async (query: string) => titles((await apiRequest(s, 'GET', `/api/search?${query}`)).body);
    expect(await q('type=dash-db')).toEqual(['Alpha', 'beta', 'Gamma']);
    expect(await q('type=dash-folder')).toEqual(['apps', 'Ops']);
    expect(await q('query=AL')).toEqual(['Alpha']);
    expect(await q('tag=prod')).toEqual(['Alpha', 'beta']);
    expect(await q('tag=prod&tag=db')).toEqual(['beta']);
    expect(await q('tag=prod&tag=nope')).toEqual([]);
    expect(await q('dashboardUIDs=a&dashboardUIDs=c')).toEqual(['Alpha', 'Gamma']);
    expect(await q('dashboardUID=c')).toEqual(['Gamma']);
    expect(await q('type=dash-db&folderUIDs=general')).toEqual(['Alpha']);
    expect(await q('type=dash-db&folderUIDs=ops&folderUIDs=apps')).toEqual(['beta', 'Gamma']);
    expect(await q('sort=alpha-desc&type=dash-db')).toEqual(['Gamma', 'beta', 'Alpha']);
    expect(await q('sort=alpha-asc')).toEqual(['Alpha', 'apps', 'beta', 'Gamma', 'Ops']);
  });

  it('pages: default and explicit limits, the last partial page, a page beyond the end, 5001 → 422', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    for (let i = 0; i < 7; i++) await save(s, { dashboard: { uid: `d${i}`, title: `Dash ${i}` } });
    const page = async (query: string) => (await apiRequest(s, 'GET', `/api/search?type=dash-db&${query}`)).body;
    expect(await page('limit=0')).toHaveLength(7);
    expect(await page('limit=5000')).toHaveLength(7);
    expect(titles(await page('limit=3&page=1'))).toEqual(['Dash 0', 'Dash 1', 'Dash 2']);
    expect(titles(await page('limit=3&page=3'))).toEqual(['Dash 6']);
    expect(await page('limit=3&page=4')).toEqual([]);
    const tooMany = await apiRequest(s, 'GET', '/api/search?limit=5001');
    expect([tooMany.status, tooMany.text]).toEqual([
      422,
      '{"message":"Limit is above maximum allowed (5000), use page parameter to access hits beyond limit"}',
    ]);
  });

  it('applies the default limit of 1000', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    for (let i = 0; i < 1003; i++) {
      await s.provisionDashboard({ dashboard: { uid: `n${i}`, title: `N ${String(i).padStart(4, '0')}` }, allowUiUpdates: true });
    }
    const first = (await apiRequest(s, 'GET', '/api/search?type=dash-db')).body;
    expect(first).toHaveLength(1000);
    const second = (await apiRequest(s, 'GET', '/api/search?type=dash-db&page=2')).body;
    expect(titles(second)).toEqual(['N 1000', 'N 1001', 'N 1002']);
  });

  it('honours starred (nothing is starred) and permission=Edit (a Viewer edits nothing)', async () => {
    const s = await seeded();
    expect((await apiRequest(s, 'GET', '/api/search?starred=true')).body).toEqual([]);
    expect(titles((await apiRequest(s, 'GET', '/api/search?permission=Edit&type=dash-db')).body)).toEqual(['Alpha', 'beta', 'Gamma']);
    const viewer = { authorization: `Bearer ${await s.createToken('Viewer')}` };
    expect((await apiRequest(s, 'GET', '/api/search?permission=Edit', undefined, viewer)).body).toEqual([]);
    expect((await apiRequest(s, 'GET', '/api/search?permission=View', undefined, viewer)).body).toHaveLength(5);
  });

  it('lists nested folders of every level with their parent in folderUid, for a Viewer too', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'top', title: 'Top' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'mid', title: 'Mid', parentUid: 'top' });
    await apiRequest(s, 'POST', '/api/folders', { uid: 'leaf', title: 'Leaf', parentUid: 'mid' });
    const viewer = { authorization: `Bearer ${await s.createToken('Viewer')}` };
    const hits = (await apiRequest(s, 'GET', '/api/search?type=dash-folder&limit=2&page=2', undefined, viewer)).body;
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ uid: 'top', type: 'dash-folder', url: '/dashboards/f/top/top' });
    expect(hits[0]).not.toHaveProperty('folderUid');
    const first = (await apiRequest(s, 'GET', '/api/search?type=dash-folder&limit=2&page=1', undefined, viewer)).body;
    expect(first.map((hit: any) => [hit.uid, hit.folderUid, hit.folderTitle])).toEqual([['leaf', 'mid', 'Mid'], ['mid', 'top', 'Top']]);
  });

  it('leaves out what a lagging index has not caught up with (the searchMisses fault); reads still see it', async () => {
    const s = await seeded();
    s.setFaults({ searchMisses: ['ops', 'c'] });
    expect(titles((await apiRequest(s, 'GET', '/api/search')).body)).toEqual(['apps', 'Alpha', 'beta']);
    expect((await apiRequest(s, 'GET', '/api/folders/ops')).status).toBe(200);
    s.setFaults(undefined);
    expect(titles((await apiRequest(s, 'GET', '/api/search')).body)).toHaveLength(5);
  });

  it('refuses mixing ids and uids', async () => {
    const s = await startTestSandbox({ grafanaVersion });
    const response = await apiRequest(s, 'GET', '/api/search?folderIds=0&folderUIDs=general');
    expect([response.status, response.text]).toEqual([400, '{"message":"search supports UIDs or IDs, not both"}']);
  });
});
