import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminHeaders, apiRequest, bearerHeaders, startTestSandbox } from '../helpers/sandbox.js';
import { commitAll, dashsync, makeWorkDir } from './pull-fixture.js';

// pull-restore-54: pull's lines named a saver Grafana does not name as plan's drift line did before provisioning-52 — bare
// `Anonymous`, and `by unknown` for a library panel whose saver's account is gone or for a labels edit (whose maker
// Grafana does not record). Now they use plan's words (src/report/describe-saver.ts), one describer for both.

const text = (value: object) => `${JSON.stringify(value, null, 2)}\n`;
const refusedLine = (stdout: string) => stdout.split('\n').find((line) => line.startsWith('refused'));

/** A service account of the sandbox, with an Editor's token. */
async function serviceAccount(handle: Awaited<ReturnType<typeof startTestSandbox>>): Promise<{ id: number; token: string }> {
  const account = await apiRequest(handle, 'POST', '/api/serviceaccounts', { name: 'terraform', role: 'Editor' });
  expect(account.status, account.text).toBe(201);
  const token = await apiRequest(handle, 'POST', `/api/serviceaccounts/${account.body.id}/tokens`, { name: 'tf' });
  return { id: account.body.id, token: token.body.key };
}

describe("pull names a saver Grafana does not name in plan's words", () => {
  it('Grafana 12.2 through /api: a service account\'s save, which Grafana shows as Anonymous, is said to be a saver it cannot name', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12', release: '12.2.0' });
    const work = await makeWorkDir();
    await mkdir(join(work, 'dashboards'));
    const home = { uid: 'home', title: 'Home', schemaVersion: 39, panels: [] };
    await writeFile(join(work, 'dashboards/home.json'), text(home));
    await writeFile(join(work, 'dashsync.config.json'), text({ api: 'legacy' }));
    await commitAll(work);
    expect((await dashsync(handle, work, ['apply', '--auto-approve'])).code).toBe(0);
    const { token } = await serviceAccount(handle);
    const live = await apiRequest(handle, 'GET', '/api/dashboards/uid/home');
    const saved = await apiRequest(handle, 'POST', '/api/dashboards/db', { dashboard: { ...live.body.dashboard, description: 'by terraform' }, message: 'terraform apply' }, bearerHeaders(token));
    expect(saved.status, saved.text).toBe(200);
    await writeFile(join(work, 'dashboards/home.json'), text({ ...home, description: 'edited here' }));

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.code).toBe(1);
    expect(refusedLine(pulled.stdout)).toMatch(
      /^refused {2}dashboards\/home\.json: changed here \(not committed\) and in Grafana \(version 2 by Anonymous \(a saver Grafana cannot name: file provisioning, an account deleted since, or a service account on Grafana 11\.2–11\.5 or 12\.0–12\.2\) at \S+\)$/,
    );
  });

  it('a library panel last changed by a service account deleted since: "by a saver Grafana no longer names", not "by unknown"', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '12' });
    const work = await makeWorkDir();
    await mkdir(join(work, 'dashboards/_library'), { recursive: true });
    const panel = (title: string) => ({ uid: 'lp-cpu', name: 'CPU', kind: 1, model: { type: 'stat', title, description: '' } });
    await writeFile(join(work, 'dashboards/_library/cpu.json'), text(panel('cpu')));
    const node = { uid: 'node', title: 'Node', schemaVersion: 39, panels: [{ id: 1, gridPos: { x: 0, y: 0, w: 12, h: 8 }, libraryPanel: { uid: 'lp-cpu', name: 'CPU' } }] };
    await writeFile(join(work, 'dashboards/node.json'), text(node));
    await commitAll(work, 'add');
    expect((await dashsync(handle, work, ['apply', '--auto-approve'])).code).toBe(0);
    // A change in git not applied yet; meanwhile a service account changes the panel in Grafana, and its account is deleted.
    await writeFile(join(work, 'dashboards/_library/cpu.json'), text(panel('cpu (PR)')));
    await commitAll(work, 'pr');
    const { id, token } = await serviceAccount(handle);
    const live = (await apiRequest(handle, 'GET', '/api/library-elements/lp-cpu')).body.result;
    const edited = await apiRequest(handle, 'PATCH', '/api/library-elements/lp-cpu', { kind: 1, version: live.version, model: { type: 'stat', title: 'by terraform' } }, bearerHeaders(token));
    expect(edited.status, edited.text).toBe(200);
    expect((await apiRequest(handle, 'DELETE', `/api/serviceaccounts/${id}`)).status).toBe(200);

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.code).toBe(1);
    expect(refusedLine(pulled.stdout)).toMatch(
      /^refused {2}dashboards\/_library\/cpu\.json: changed in Grafana \(version 2 by a saver Grafana no longer names \(an account deleted since, say\) at \S+\), which holds none of the file's committed versions/,
    );
    expect(pulled.stdout).not.toContain('by unknown');
  });

  it('Grafana 13 through /apis, a labels edit: said to be one whose maker Grafana does not record, not "by unknown"', async () => {
    const handle = await startTestSandbox({ grafanaVersion: '13' });
    const work = await makeWorkDir();
    await mkdir(join(work, 'dashboards'));
    const file = (description: string) => ({
      apiVersion: 'dashboard.grafana.app/v1',
      kind: 'Dashboard',
      metadata: { name: 'labelled', labels: { team: 'ops' } },
      spec: { description, panels: [{ gridPos: { h: 8, w: 12, x: 0, y: 0 }, id: 1, title: 'CPU', type: 'stat' }], refresh: '', schemaVersion: 42, title: 'Labelled' },
    });
    await writeFile(join(work, 'dashboards/labelled.json'), text(file('')));
    await writeFile(join(work, 'dashsync.config.json'), text({ api: 'k8s' }));
    await commitAll(work);
    expect((await dashsync(handle, work, ['apply', '--auto-approve'])).code).toBe(0);
    const labelled = await apiRequest(
      handle,
      'PATCH',
      '/apis/dashboard.grafana.app/v1/namespaces/default/dashboards/labelled',
      { metadata: { labels: { team: 'web' } } },
      { ...adminHeaders(), 'content-type': 'application/merge-patch+json' },
    );
    expect(labelled.status, labelled.text).toBe(200);
    await writeFile(join(work, 'dashboards/labelled.json'), text(file('edited here')));

    const pulled = await dashsync(handle, work, ['pull']);

    expect(pulled.code).toBe(1);
    expect(refusedLine(pulled.stdout)).toMatch(
      /^refused {2}dashboards\/labelled\.json: changed here \(not committed\) and in Grafana \(version \d+, its labels or annotations changed since: Grafana does not record by whom\)$/,
    );
  });
});
