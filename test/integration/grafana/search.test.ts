import { GRAFANA_VERSIONS } from '../../helpers/releases.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { searchAll } from '../../../src/grafana/legacy/endpoints/search.js';
import { createRequester } from '../../../src/grafana/http/request.js';
import type { SearchHit } from '../../../src/grafana/legacy/legacy-api.js';
import type { SandboxHandle } from '../../../src/sandbox/types.js';
import { startTestSandbox } from '../../helpers/sandbox.js';
import { ADMIN, clientFor, closeClients, dashboard } from './client-fixture.js';

async function collect(hits: AsyncIterable<SearchHit>): Promise<SearchHit[]> {
  const all: SearchHit[] = [];
  for await (const hit of hits) all.push(hit);
  return all;
}

describe.each(GRAFANA_VERSIONS)('search on Grafana %s', (grafanaVersion) => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ grafanaVersion });
    const client = clientFor(sandbox);
    await client.createFolder({ uid: 'team-a', title: 'Team A', parentUid: null });
    for (let n = 1; n <= 5; n++) {
      const tags = n === 5 ? ['prod'] : ['team', 'prod'];
      await client.saveDashboard({ dashboard: dashboard(`team-${n}`, `Team ${n}`, { tags }), folderUid: 'team-a', message: '', overwrite: false });
    }
    await client.saveDashboard({ dashboard: dashboard('at-root', 'At root'), folderUid: '', message: '', overwrite: false });
    await closeClients();
  });
  afterEach(closeClients);

  it('maps hits: uid, title, type, folder, sorted tags, url', async () => {
    const hits = await collect(clientFor(sandbox).search({ type: 'dash-db' }));
    expect(hits.map((hit) => hit.uid).sort()).toEqual(['at-root', 'team-1', 'team-2', 'team-3', 'team-4', 'team-5']);
    const inFolder = hits.find((hit) => hit.uid === 'team-1');
    expect(inFolder).toMatchObject({ title: 'Team 1', type: 'dash-db', folderUid: 'team-a', folderTitle: 'Team A', tags: ['prod', 'team'] });
    expect(inFolder?.url).toMatch(/^\/d\/team-1/);
    expect(hits.find((hit) => hit.uid === 'at-root')).toMatchObject({ folderUid: '', tags: [] });
  });

  it('asks for 5000 per page and stops after a short page', async () => {
    sandbox.clearRequests();
    await collect(clientFor(sandbox).search({ type: 'dash-db' }));
    expect(sandbox.requests().map((entry) => entry.path)).toEqual(['/api/search?type=dash-db&limit=5000&page=1']);
  });

  it('pages on until a page comes back short, repeating every tag', async () => {
    const requester = createRequester({ url: sandbox.url, auth: ADMIN, timeoutMs: 5000, concurrency: 2, userAgent: 'test' });
    sandbox.clearRequests();
    try {
      const hits = await collect(searchAll(requester, { type: 'dash-db', tags: ['team', 'prod'] }, 2));
      expect(hits.map((hit) => hit.uid).sort()).toEqual(['team-1', 'team-2', 'team-3', 'team-4']);
      expect(sandbox.requests().map((entry) => entry.path)).toEqual([
        '/api/search?type=dash-db&tag=team&tag=prod&limit=2&page=1',
        '/api/search?type=dash-db&tag=team&tag=prod&limit=2&page=2',
        '/api/search?type=dash-db&tag=team&tag=prod&limit=2&page=3',
      ]);
    } finally {
      await requester.close();
    }
  });

  it('stops with an error on a full page of hits already seen (a proxy dropping `page`), having yielded the first page once', async () => {
    const requester = createRequester({ url: sandbox.url, auth: ADMIN, timeoutMs: 5000, concurrency: 2, userAgent: 'test' });
    sandbox.setFaults({ dropQueryParams: ['page'], pathPrefix: '/api/search' });
    sandbox.clearRequests();
    const seen: string[] = [];
    try {
      const error = await (async () => {
        for await (const hit of searchAll(requester, { type: 'dash-db' }, 4)) seen.push(hit.uid);
      })().catch((caught: unknown) => caught as Error);
      expect(seen).toHaveLength(4);
      expect(new Set(seen).size).toBe(4);
      expect(error?.message).toContain('GET /api/search?type=dash-db&limit=4&page=2 failed: HTTP 200: page 2 repeats hits of the pages before it');
      expect(sandbox.requests().map((entry) => entry.path)).toEqual(['/api/search?type=dash-db&limit=4&page=1', '/api/search?type=dash-db&limit=4&page=2']);
    } finally {
      sandbox.setFaults(undefined);
      await requester.close();
    }
  });

  it('filters by folder and by dashboard uids, one parameter per uid', async () => {
    const client = clientFor(sandbox);
    const inFolder = await collect(client.search({ folderUids: ['team-a'], type: 'dash-db' }));
    expect(inFolder.map((hit) => hit.uid).sort()).toEqual(['team-1', 'team-2', 'team-3', 'team-4', 'team-5']);
    sandbox.clearRequests();
    const picked = await collect(client.search({ dashboardUids: ['team-2', 'at-root'] }));
    expect(picked.map((hit) => hit.uid).sort()).toEqual(['at-root', 'team-2']);
    expect(sandbox.requests()[0]?.path).toBe('/api/search?dashboardUIDs=team-2&dashboardUIDs=at-root&limit=5000&page=1');
  });
});
