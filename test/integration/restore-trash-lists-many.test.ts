import { describe, expect, it, vi } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { appliedExample } from '../helpers/applied-example.js';
import { apiRequest, adminHeaders } from '../helpers/sandbox.js';

// Twenty dashboards made and deleted in Grafana, then restored in one run (the CLI in-process) against one sandbox.
vi.setConfig({ testTimeout: 180_000 });

const N = 20;
const UIDS = Array.from({ length: N }, (_, at) => `many-${String(at + 1).padStart(2, '0')}`);

const isTrashList = (entry: ReturnType<SandboxHandle['requests']>[number]) => entry.method === 'GET' && decodeURIComponent(entry.path).includes('get-trash=true');

/** Grafana 13 through /apis, the example applied; N dashboards made in its "databases" folder and deleted in Grafana (each then in "Recently deleted"). */
async function manyInTrash() {
  const { sandbox, workspace } = await appliedExample({ grafanaVersion: '13' }, 'auto');
  const folder = (await apiRequest(sandbox, 'GET', '/api/dashboards/uid/redis-exporter', undefined, adminHeaders())).body.meta.folderUid as string;
  for (const uid of UIDS) {
    const made = await apiRequest(sandbox, 'POST', '/api/dashboards/db', { dashboard: { uid, title: `Many ${uid}`, panels: [] }, folderUid: folder }, adminHeaders());
    expect(made.status).toBe(200);
    expect((await apiRequest(sandbox, 'DELETE', `/api/dashboards/uid/${uid}`, undefined, adminHeaders())).status).toBe(200);
  }
  return { sandbox, workspace };
}

// rev-68c L4: each take-back listed "Recently deleted" (every page, full objects) to find its entry, and a write forgot the
// listing the run had read: N uids cost N listings and more. One listing is kept for the run and updated as each take-back
// is answered (its entry leaves), so N uids cost one.
describe('restore of many uids from "Recently deleted" lists it once per run (Grafana 13, /apis)', () => {
  it(`restore of ${N} uids: every one back, one listing of "Recently deleted" in the run; its dry run one too`, async () => {
    const { sandbox, workspace } = await manyInTrash();
    sandbox.clearRequests();
    const dry = await workspace.cli(['restore', ...UIDS, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(sandbox.requests().filter(isTrashList)).toHaveLength(1);

    sandbox.clearRequests();
    const run = await workspace.cli(['restore', ...UIDS]);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout.split('\n').filter((line) => line.startsWith('restored '))).toHaveLength(N);
    expect(sandbox.requests().filter(isTrashList)).toHaveLength(1);
    for (const uid of UIDS) expect((await apiRequest(sandbox, 'GET', `/api/dashboards/uid/${uid}`, undefined, adminHeaders())).status).toBe(200);
    // Nothing of them is left there: a run after it finds nothing to take back.
    const again = await workspace.cli(['restore', UIDS[0]!]);
    expect([again.code, again.stdout]).toEqual([0, expect.stringMatching(/^nothing to restore for many-01: Grafana holds it/)]);
  });
});
