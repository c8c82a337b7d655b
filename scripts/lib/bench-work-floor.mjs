// The work floor (SPEC §12): the least work any correct planner must do. The round trips of the
// same-round-trips floor, each answer JSON.parse'd, and each file read and JSON.parse'd once —
// all in this one process, on the floor's pool (same concurrency, same keep-alive). It keeps the
// rule a correct apply keeps: every file is read before the first write (reads of Grafana may
// overlap with it). A write sends the body serialised in that read pass, so no file is parsed
// twice. Only the list of paths is known before the clock starts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLOOR_MESSAGE, JSON_HEADERS, createFailureLog, createFloorFolders, fileFolderUid, runInParallel, timeStep } from './bench-floor.mjs';

const readModel = (root, file) => JSON.parse(readFileSync(join(root, file), 'utf8'));

/** A request whose answer is parsed; a wrong status goes to `failures`. */
function createCaller(pool, failures) {
  return async (method, path, expect, body) => {
    const response = await pool.request({ method, path, headers: JSON_HEADERS, body });
    const text = await response.body.text();
    if (response.statusCode !== expect) {
      failures.note(method, path, response.statusCode, text);
      return undefined;
    }
    return JSON.parse(text);
  };
}

/** The save body dashsync sends: the file's model with `id` null, in `folderUid`, the live `version` on an update. */
function saveBody(model, folderUid, version) {
  model.id = null;
  if (version !== undefined) model.version = version;
  return JSON.stringify({ dashboard: model, folderUid, overwrite: false, message: FLOOR_MESSAGE });
}

/**
 * The read pass of a plan: per file, read and parse it, GET its dashboard (and, with `drift`,
 * the newest version, SPEC §6's drift check), parse each answer; then `keep(i, model, live)`.
 */
function readPass(call, { root, files, concurrency, drift = false, expect = 200, keep }) {
  return runInParallel(files.length, concurrency, async (i) => {
    const model = readModel(root, files[i]);
    const live = await call('GET', `/api/dashboards/uid/${model.uid}`, expect);
    if (drift) await call('GET', `/api/dashboards/uid/${model.uid}/versions?limit=1`, 200);
    keep?.(i, model, live);
  });
}

/**
 * The work floor of each of dashsync's legacy scenarios, as functions of the tree they work on, on
 * `pool` against `sandbox`: each resolves to `{ms, clientCpuMs, serverCpuMs}` (timeStep). `applyCreate`
 * needs an empty sandbox; `applyUpdate` keeps each dashboard in its live folder.
 */
export function createWorkFloor({ pool, sandbox, files, concurrency, log }) {
  const count = files.length;
  const step = async (name, work) => {
    log(`work floor: ${name}`);
    const failures = createFailureLog(count);
    const measured = await timeStep(sandbox, () => work(createCaller(pool, failures)));
    failures.throwIfAny(`work floor, ${name}`);
    return measured;
  };
  const write = (call, bodies) => runInParallel(count, concurrency, (i) => call('POST', '/api/dashboards/db', 200, bodies[i]));
  return {
    applyCreate: (root) => step(`apply, ${count} creates`, async (call) => {
      const bodies = new Array(count);
      await readPass(call, { root, files, concurrency, expect: 404, keep: (i, model) => (bodies[i] = saveBody(model, fileFolderUid(files[i]))) });
      await createFloorFolders(pool, files, concurrency, { parse: true });
      await write(call, bodies);
    }),
    planNoop: (root) => step('plan, no changes', (call) => readPass(call, { root, files, concurrency })),
    planChanged: (root) => step('plan, all changed', (call) => readPass(call, { root, files, concurrency, drift: true })),
    applyUpdate: (root) => step(`apply, ${count} updates`, async (call) => {
      const bodies = new Array(count);
      const keep = (i, model, live) => (bodies[i] = saveBody(model, live?.meta?.folderUid ?? '', live?.dashboard?.version));
      await readPass(call, { root, files, concurrency, drift: true, keep });
      await write(call, bodies);
    }),
    latency: (root, latencyMs) => step(`plan, no changes, ${latencyMs} ms added per request`, (call) => readPass(call, { root, files, concurrency })),
  };
}
