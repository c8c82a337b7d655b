import { describe, expect, it } from 'vitest';
import type { GrafanaVersion } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

/** 13: its 13.0.2 saves `/api` through the service (era C, 412), 13.1 on through saveDashboardViaK8s (era D, 409). */
const versions: { grafanaVersion: GrafanaVersion; release?: string }[] = [
  { grafanaVersion: '11.2' },
  { grafanaVersion: '12' },
  { grafanaVersion: '13' },
  { grafanaVersion: '13', release: '13.2.0' },
];

describe.each(versions)('concurrent requests on Grafana $grafanaVersion $release', ({ grafanaVersion, release }) => {
  const eraD = release !== undefined;
  it('lets exactly one of 200 parallel saves with the same version win', async () => {
    const s = await startTestSandbox({ grafanaVersion, release });
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'hot', title: 'Hot' } });
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'hot', title: 'Hot', version: 1, n: i }, overwrite: false }),
      ),
    );
    const winners = responses.filter((response) => response.status === 200);
    const losers = responses.filter((response) => response.status !== 200);
    expect(winners).toHaveLength(1);
    expect(winners[0]!.body.version).toBe(2);
    const mismatch = eraD
      ? '{"message":"Dashboard already exists. Use overwrite flag to update."}'
      : '{"message":"The dashboard has been changed by someone else","status":"version-mismatch"}';
    expect(new Set(losers.map((response) => `${response.status} ${response.text}`))).toEqual(
      new Set([`${eraD ? 409 : 412} ${mismatch}`]),
    );
    const live = (await apiRequest(s, 'GET', '/api/dashboards/uid/hot')).body;
    expect(live.dashboard.version).toBe(2);
    const history = (await apiRequest(s, 'GET', '/api/dashboards/uid/hot/versions')).body;
    expect((Array.isArray(history) ? history : history.versions).map((v: any) => v.version)).toEqual([2, 1]);
  });

  it('keeps every one of 300 parallel creates and 300 overwrites of distinct and shared uids', async () => {
    const s = await startTestSandbox({ grafanaVersion, release });
    await Promise.all(
      Array.from({ length: 300 }, (_, i) => apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: `u${i}`, title: `T ${i}` } })),
    );
    const overwrites = await Promise.all(
      Array.from({ length: 300 }, () => apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'u0', title: 'T 0' }, overwrite: true })),
    );
    expect(overwrites.map((response) => response.body.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 300 }, (_, i) => i + 2),
    );
    expect((await apiRequest(s, 'GET', '/api/search?type=dash-db&limit=5000')).body).toHaveLength(300);
  });
});
