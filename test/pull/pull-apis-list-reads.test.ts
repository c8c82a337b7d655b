import { describe, expect, it, vi } from 'vitest';
import { commitAll, dashsync, servicesOn13 } from './pull-fixture.js';

vi.setConfig({ testTimeout: 60_000 });

const COUNT = 30;
/** A GET of one dashboard through `/apis` (not a list page): `/apis/dashboard.grafana.app/<version>/namespaces/default/dashboards/<uid>`. */
const ONE_DASHBOARD = /^\/apis\/dashboard\.grafana\.app\/[^/]+\/namespaces\/[^/]+\/dashboards\/([^/?]+)$/;
/** A LIST of the org's dashboards (a page of them): no history or trash selector, and more than the access check's one item. */
const ORG_LIST = /^\/apis\/dashboard\.grafana\.app\/[^/]+\/namespaces\/[^/]+\/dashboards\?(.*)$/;
const isOrgListPage = (path: string) => {
  const query = new URLSearchParams(ORG_LIST.exec(path)?.[1] ?? 'limit=1');
  return !query.has('labelSelector') && !query.has('fieldSelector') && query.get('limit') !== '1';
};

describe('pull through /apis on Grafana 13 (walk-61 L1)', () => {
  it('takes classic dashboards from the one listing it plans from, with no GET of each; only a v2-stored one is read again at its own version', async () => {
    const { sandbox, dir } = await servicesOn13(COUNT);
    const gets = (from: number) =>
      sandbox
        .requests()
        .slice(from)
        .filter((entry) => entry.method === 'GET')
        .flatMap((entry) => ONE_DASHBOARD.exec(entry.path)?.[1] ?? []);
    // pull-62: the listing the pull plans from gives the dashboards too (before, they were listed a second time).
    const listings = (from: number) => sandbox.requests().slice(from).filter((entry) => entry.method === 'GET' && isOrgListPage(entry.path)).length;

    let from = sandbox.requests().length;
    const first = await dashsync(sandbox, dir, ['pull']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Pull: ${COUNT} created, 0 updated, 0 moved, 0 unchanged, 0 deleted.`);
    expect(gets(from)).toEqual([]);
    expect(listings(from)).toBe(1);
    await commitAll(dir, 'pulled');

    expect((await fetch(`${sandbox.url}/__sandbox/ui-edit-v2`, { method: 'POST', body: JSON.stringify({ uid: 'svc-7' }) })).status).toBe(200);
    from = sandbox.requests().length;
    const again = await dashsync(sandbox, dir, ['pull']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Pull: 0 created, 1 updated, 0 moved, ${COUNT - 1} unchanged, 0 deleted.`);
    expect(again.stdout).toMatch(/updated +dashboards\/service-7\.json/);
    expect(gets(from).filter((uid) => uid !== 'svc-7')).toEqual([]);
    expect(listings(from)).toBe(1);
  });
});
