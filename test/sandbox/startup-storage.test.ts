import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxHandle, SandboxOptions } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const dashboards = '/apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards';
const trash = `${dashboards}?labelSelector=grafana.app%2Fget-trash%3Dtrue`;

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A data file written by a 12.3 holding `dashboards` dashboards and `folders` folders. */
async function instanceHolding(dashboards: number, folders: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-startup-'));
  dirs.push(dir);
  const file = join(dir, 'state.json');
  const before = await startTestSandbox({ grafanaVersion: '12', release: '12.3.2', dataFile: file });
  for (let n = 1; n <= folders; n++) await apiRequest(before, 'POST', '/api/folders', { uid: `f${n}`, title: `F${n}` });
  for (let n = 1; n <= dashboards; n++) await apiRequest(before, 'POST', '/api/dashboards/db', { dashboard: { uid: `d${n}`, title: `D${n}` } });
  await before.close();
  return file;
}

/** Whether a dashboard deleted through /apis lands in "Recently deleted": only unified storage keeps one (restoreDashboards on). */
async function keepsDeleted(options: SandboxOptions): Promise<boolean> {
  const s: SandboxHandle = await startTestSandbox({ grafanaVersion: '12', features: { restoreDashboards: true }, ...options });
  await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'gone', title: 'Gone' } });
  expect((await apiRequest(s, 'DELETE', `${dashboards}/gone`)).status).toBe(200);
  const listed = (await apiRequest(s, 'GET', trash)).body.items.map((item: any) => item.metadata.name);
  await s.close();
  return listed.includes('gone');
}

describe("12.4's startup migration of small instances to unified storage", () => {
  it('moves an instance with at most 10 dashboards and at most 10 folders; 12.3 does not, nor a storage chosen in the settings', async () => {
    expect(await keepsDeleted({ release: '12.4.0' })).toBe(true);
    expect(await keepsDeleted({ release: '12.4.3', dataFile: await instanceHolding(9, 10) })).toBe(true);
    expect(await keepsDeleted({ release: '12.3.2' })).toBe(false);
    expect(await keepsDeleted({ release: '12.4.0', storage: 'legacy' })).toBe(false);
  });

  it("counts live dashboards only: 11.x's Recently deleted does not keep an instance on legacy storage (PR #116988)", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-startup-'));
    dirs.push(dir);
    const file = join(dir, 'state.json');
    const before = await startTestSandbox({ grafanaVersion: '11.2', features: { dashboardRestore: true }, dataFile: file });
    for (let n = 1; n <= 12; n++) expect((await apiRequest(before, 'POST', '/api/dashboards/db', { dashboard: { uid: `d${n}`, title: `D${n}` } })).status).toBe(200);
    for (const uid of ['d11', 'd12']) expect((await apiRequest(before, 'DELETE', `/api/dashboards/uid/${uid}`)).status).toBe(200);
    expect((await apiRequest(before, 'GET', '/api/search?deleted=true')).body).toHaveLength(2);
    await before.close();
    expect(await keepsDeleted({ release: '12.4.0', dataFile: file })).toBe(true);
  });

  it('leaves an instance with more than 10 dashboards, or more than 10 folders, on legacy storage', async () => {
    expect(await keepsDeleted({ release: '12.4.0', dataFile: await instanceHolding(11, 0) })).toBe(false);
    expect(await keepsDeleted({ release: '12.4.0', dataFile: await instanceHolding(0, 11) })).toBe(false);
  });
});
