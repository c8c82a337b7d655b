// The floor: what the same round trips cost with nothing on top — bare undici requests from
// a keep-alive Pool with `connections = concurrency`, bodies prepared before the clock starts.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

const AUTH = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
const JSON_HEADERS = { authorization: AUTH, 'content-type': 'application/json', accept: 'application/json' };

export function createFloorPool(url, concurrency) {
  return new Pool(url, { connections: concurrency, pipelining: 1, keepAliveTimeout: 60_000 });
}

/** `count` requests, `concurrency` in flight; every answer must have status `expect`. */
export async function timeRequests(pool, { count, concurrency, requestAt, expect = 200 }) {
  let next = 0;
  let failures = 0;
  let firstFailure = '';
  async function worker() {
    while (next < count) {
      const { method, path, body } = requestAt(next++);
      const response = await pool.request({ method, path, headers: JSON_HEADERS, body });
      const text = await response.body.text();
      if (response.statusCode !== expect) {
        failures++;
        firstFailure ||= `${method} ${path}: ${response.statusCode} ${text.slice(0, 200)}`;
      }
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const ms = performance.now() - started;
  if (failures > 0) throw new Error(`floor: ${failures} of ${count} requests failed, first: ${firstFailure}`);
  return ms;
}

/** The floor's own folder uid for a tree directory (dashsync derives its own; the floor only needs one). */
const floorFolderUid = (dir) => `floor-${createHash('sha1').update(dir).digest('hex').slice(0, 24)}`;

/** Creates every folder of `files` (parents first, one level at a time); resolves to the time it took (ms). */
export async function createFloorFolders(pool, files, concurrency) {
  const dirs = new Set();
  for (const file of files) {
    const parts = file.split('/').slice(0, -1);
    for (let depth = 1; depth <= parts.length; depth++) dirs.add(parts.slice(0, depth).join('/'));
  }
  const byDepth = new Map();
  for (const dir of dirs) {
    const depth = dir.split('/').length;
    byDepth.set(depth, [...(byDepth.get(depth) ?? []), dir]);
  }
  let ms = 0;
  for (const depth of [...byDepth.keys()].sort((a, b) => a - b)) {
    const level = byDepth.get(depth);
    ms += await timeRequests(pool, {
      count: level.length,
      concurrency,
      requestAt: (i) => {
        const dir = level[i];
        const parent = dir.includes('/') ? floorFolderUid(dir.slice(0, dir.lastIndexOf('/'))) : undefined;
        const body = { uid: floorFolderUid(dir), title: dir.slice(dir.lastIndexOf('/') + 1), ...(parent ? { parentUid: parent } : {}) };
        return { method: 'POST', path: '/api/folders', body: JSON.stringify(body) };
      },
    });
  }
  return ms;
}

/**
 * The save bodies dashsync would send for the files of `root`, serialised up front:
 * `{dashboard (id null, version when updating), folderUid, overwrite: false, message}`.
 */
export function readSaveBodies(root, files, { version } = {}) {
  return files.map((file) => {
    const dashboard = JSON.parse(readFileSync(join(root, file), 'utf8'));
    dashboard.id = null;
    if (version !== undefined) dashboard.version = version;
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    return JSON.stringify({ dashboard, folderUid: dir ? floorFolderUid(dir) : '', overwrite: false, message: 'bench floor' });
  });
}

export function readUids(root, files) {
  return files.map((file) => JSON.parse(readFileSync(join(root, file), 'utf8')).uid);
}
