import { describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/types.js';
import { apiRequest, startTestSandbox } from '../helpers/sandbox.js';

const base = '/apis/folder.grafana.app/v1beta1/namespaces/default/folders';
const status = (code: number, reason: string, uid: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details: { uid }, code });
const circular = status(400, 'BadRequest', 'folder.circular-reference', 'Circular reference detected');
const tooDeep = status(400, 'BadRequest', 'folder.maximum-depth-reached', 'Maximum nested folder depth reached');
const legacy500 = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'error changing parent folder spec', code: 500 };

/** a > b > c > d > e (5 levels), x, y > z, w > v > u: created through /api. */
async function tree(s: SandboxHandle): Promise<void> {
  const folders: [string, string][] = [['a', ''], ['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['x', ''], ['y', ''], ['z', 'y'], ['w', ''], ['v', 'w'], ['u', 'v']];
  for (const [uid, parentUid] of folders) expect((await apiRequest(s, 'POST', '/api/folders', { uid, title: uid.toUpperCase(), parentUid })).status).toBe(200);
}

async function moveTo(s: SandboxHandle, uid: string, parent: string) {
  const current = (await apiRequest(s, 'GET', `${base}/${uid}`)).body;
  const annotations = { ...current.metadata.annotations, 'grafana.app/folder': parent };
  const reply = await apiRequest(s, 'PUT', `${base}/${uid}`, { ...current, metadata: { ...current.metadata, annotations } });
  return { status: reply.status, body: reply.body, parent: (await apiRequest(s, 'GET', `/api/folders/${uid}`)).body.parentUid ?? '' };
}

describe('a folder.grafana.app move that would make a cycle or go too deep', () => {
  it('13 (unified storage): the folder admission refuses a cycle (itself included) and a subtree too deep with its errutil Status; a leaf goes under a fifth level', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13' });
    await tree(s);
    expect(await moveTo(s, 'a', 'c')).toEqual({ status: 400, body: circular, parent: '' });
    expect(await moveTo(s, 'a', 'a')).toEqual({ status: 400, body: circular, parent: '' });
    // y > z under d: z would be at level 6; w > v > u under c likewise.
    expect(await moveTo(s, 'y', 'd')).toEqual({ status: 400, body: tooDeep, parent: '' });
    expect(await moveTo(s, 'w', 'c')).toEqual({ status: 400, body: tooDeep, parent: '' });
    // validateOnUpdate skips the subtree check when the parent is at maxDepth + 1 levels already (allowedDepth 0).
    expect(await moveTo(s, 'x', 'e')).toMatchObject({ status: 200, parent: 'e' });
    const missing = await moveTo(s, 'x', 'nope');
    expect([missing.status, missing.body.reason, missing.body.message]).toEqual([500, undefined, 'move target not found folders.folder.grafana.app "nope" not found']);
  });

  it('13 on legacy storage: the same admission answers first; what it lets through meets MoveLegacy', async () => {
    const s = await startTestSandbox({ grafanaVersion: '13', storage: 'legacy' });
    await tree(s);
    expect(await moveTo(s, 'a', 'c')).toEqual({ status: 400, body: circular, parent: '' });
    expect(await moveTo(s, 'a', 'a')).toEqual({ status: 400, body: circular, parent: '' });
    expect(await moveTo(s, 'y', 'd')).toEqual({ status: 400, body: tooDeep, parent: '' });
    expect(await moveTo(s, 'x', 'e')).toEqual({ status: 500, body: legacy500, parent: '' });
    expect((await moveTo(s, 'x', 'nope')).body.message).toBe('move target not found folder not found');
  });

  it('12 (legacy storage): left to MoveLegacy, whose refusal is the storage\'s 500', async () => {
    const s = await startTestSandbox({ grafanaVersion: '12' });
    await tree(s);
    expect(await moveTo(s, 'a', 'c')).toEqual({ status: 500, body: legacy500, parent: '' });
    expect(await moveTo(s, 'y', 'd')).toEqual({ status: 500, body: legacy500, parent: '' });
    expect(await moveTo(s, 'x', 'd')).toMatchObject({ status: 200, parent: 'd' });
  });
});
