// The floor: what the same round trips cost with nothing on top — bare undici requests from
// a keep-alive Pool with `connections = concurrency`, bodies prepared before the clock starts.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

const AUTH = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
export const JSON_HEADERS = { authorization: AUTH, 'content-type': 'application/json', accept: 'application/json' };

export function createFloorPool(url, concurrency) {
  return new Pool(url, { connections: concurrency, pipelining: 1, keepAliveTimeout: 60_000 });
}

/** CPU time (user + system, ms) of this process so far: what a floor's client spent. */
function processCpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Runs `task(i)` for every i below `count`, `concurrency` at a time; resolves to the wall time (ms). */
export async function runInParallel(count, concurrency, task) {
  let next = 0;
  async function worker() {
    while (next < count) await task(next++);
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return performance.now() - started;
}

/** Collects failed answers so that a floor throws once, naming the first. */
export function createFailureLog(count) {
  let failures = 0;
  let first = '';
  return {
    note(method, path, status, text) {
      failures++;
      first ||= `${method} ${path}: ${status} ${text.slice(0, 200)}`;
    },
    throwIfAny(what) {
      if (failures > 0) throw new Error(`${what}: ${failures} of ${count} requests failed, first: ${first}`);
    },
  };
}

/** `count` requests, `concurrency` in flight; every answer must have status `expect` (and be JSON when `parse`). */
export async function timeRequests(pool, { count, concurrency, requestAt, expect = 200, parse = false }) {
  const failures = createFailureLog(count);
  const ms = await runInParallel(count, concurrency, async (i) => {
    const { method, path, body } = requestAt(i);
    const response = await pool.request({ method, path, headers: JSON_HEADERS, body });
    const text = await response.body.text();
    if (response.statusCode !== expect) failures.note(method, path, response.statusCode, text);
    else if (parse) JSON.parse(text);
  });
  failures.throwIfAny('floor');
  return ms;
}

/**
 * Runs `step()` and measures its wall time and the CPU this process and the sandbox spent meanwhile (ms);
 * `value` is what the step resolved to.
 */
export async function timeStep(sandbox, step) {
  const server = sandbox.cpuMs();
  const client = processCpuMs();
  const started = performance.now();
  const value = await step();
  const ms = performance.now() - started;
  return { ms, clientCpuMs: processCpuMs() - client, serverCpuMs: server === undefined ? undefined : sandbox.cpuMs() - server, value };
}

/** Opens every connection and warms the JIT on both sides: the measured runs are not charged for it. */
export const warmUp = (pool, concurrency) =>
  timeRequests(pool, { count: 50 * concurrency, concurrency, requestAt: () => ({ method: 'GET', path: '/api/health' }) });

/** The floor's own folder uid for a tree directory (dashsync derives its own; the floor only needs one). */
const floorFolderUid = (dir) => `floor-${createHash('sha1').update(dir).digest('hex').slice(0, 24)}`;

/** The floor folder uid of the directory holding `file` ('' at the root, the General folder). */
export const fileFolderUid = (file) => (file.includes('/') ? floorFolderUid(file.slice(0, file.lastIndexOf('/'))) : '');

/** Creates every folder of `files` (parents first, one level at a time); resolves to the time it took (ms). */
export async function createFloorFolders(pool, files, concurrency, { parse = false } = {}) {
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
      parse,
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
 * The message of every save a floor makes. It carries dashsync's marker (SPEC §7) because the floors
 * and dashsync share a sandbox: a dashboard a floor saved last must not look like drift to dashsync.
 */
export const FLOOR_MESSAGE = 'dashsync: bench floor';

/**
 * The save bodies dashsync would send for the files of `root`, serialised up front:
 * `{dashboard (id null, version when updating), folderUid, overwrite, message}`. `live` (uid →
 * {folderUid, version}): an update of what the sandbox holds, in its folder at its version;
 * without it, a create in the floor's own folders. `overwrite`: no version needed (the restores).
 */
export function readSaveBodies(root, files, { live, overwrite = false } = {}) {
  return files.map((file) => {
    const dashboard = JSON.parse(readFileSync(join(root, file), 'utf8'));
    dashboard.id = null;
    const held = live?.get(dashboard.uid);
    if (held && !overwrite) dashboard.version = held.version;
    const folderUid = held ? held.folderUid : fileFolderUid(file);
    return JSON.stringify({ dashboard, folderUid, overwrite, message: FLOOR_MESSAGE });
  });
}

/**
 * What the sandbox holds of each uid: `{folderUid, version}` from a GET of each (untimed). The
 * floors' updates keep every dashboard where the pair's other side put it.
 */
export async function readLive(pool, uids, concurrency) {
  const live = new Map();
  const failures = createFailureLog(uids.length);
  await runInParallel(uids.length, concurrency, async (i) => {
    const path = `/api/dashboards/uid/${uids[i]}`;
    const response = await pool.request({ method: 'GET', path, headers: JSON_HEADERS });
    const text = await response.body.text();
    if (response.statusCode !== 200) return failures.note('GET', path, response.statusCode, text);
    const { dashboard, meta } = JSON.parse(text);
    live.set(dashboard.uid, { folderUid: meta.folderUid ?? '', version: dashboard.version });
  });
  failures.throwIfAny('reading what the sandbox holds');
  return live;
}

/**
 * Saves `bodies` (overwrite: true, from readSaveBodies) untimed, so that the next run of a pair
 * starts from the tree they hold; `live` learns each new version from the answers.
 */
export async function restoreTree(pool, bodies, live, concurrency) {
  const failures = createFailureLog(bodies.length);
  await runInParallel(bodies.length, concurrency, async (i) => {
    const response = await pool.request({ method: 'POST', path: '/api/dashboards/db', headers: JSON_HEADERS, body: bodies[i] });
    const text = await response.body.text();
    if (response.statusCode !== 200) return failures.note('POST', '/api/dashboards/db', response.statusCode, text);
    const { uid, version } = JSON.parse(text);
    live.set(uid, { ...live.get(uid), version });
  });
  failures.throwIfAny('restoring the tree');
}

export function readUids(root, files) {
  return files.map((file) => JSON.parse(readFileSync(join(root, file), 'utf8')).uid);
}
