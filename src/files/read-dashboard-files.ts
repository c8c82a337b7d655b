import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { workerFromSetting } from '../worker-from-setting.js';
import { CLAIM_CHUNK, createClaims } from './claim-file-chunk.js';
import {
  readClaimedDashboardFiles,
  readDashboardFileResult,
  type DashboardFileResult,
  type DashboardFileToRead,
  type DashboardReadSettings,
} from './read-claimed-dashboard-files.js';
import type { TreeReaderWorkerData, TreeReaderWorkerMessage } from './tree-reader-worker.js';

/**
 * Trees of at least this many dashboard files are read on two threads, on a machine of more than
 * two cores. The worker's start-up costs 100-250 ms of CPU on the other core (measured on 2 busy
 * cores), during which the main thread reads on: at 1,000 files of ~21 KB the main thread still
 * read nearly all of them, at 5,000 its share of the pass fell from ~1.3 to ~0.9 s of CPU. On two
 * cores the second one is V8's already (its optimizing compiler and collector threads run beside
 * the main thread), and the worker's own start and compiles are paid for nothing: a plan of 5,000
 * took 12 % more CPU with it and no less wall time (docs/performance.md, perf-process-49). A plan through /api keeps
 * it to compare Grafana's answers with their files (handWorkerTo): one worker's start and compiles paid for both jobs,
 * where a second worker started for the decisions. There it reads beside the main thread from two cores on: the
 * all-changed plan of 5,000 took 0.97 of the wall (6 of 6 lower), its first request came ~0.3 s sooner (perf-73a). A plan
 * through /apis (`--api k8s`: twoCoresEnough) does too: the pass is most of its time before the first answer, and the
 * no-change plan of 5,000 at 20 ms a request took 0.916 of the wall (16 of 16 pairs lower, load ~8; CPU +11 %: perf-75k).
 * DASHSYNC_TREE_WORKER_FROM=<n> sets the threshold on any machine (0 or "off": never).
 */
const WORKER_FROM = 2000;
/** The fewest cores (os.availableParallelism) on which the default threshold applies; for a worker kept after the pass, or a plan through /apis, `KEPT_WORKER_CORES`. */
const WORKER_CORES = 3;
const KEPT_WORKER_CORES = 2;

/**
 * The worker's compiled entry, beside this module's: absent under vitest (TypeScript sources)
 * and in the Action's one-file bundle, where every file is read on the main thread.
 */
const WORKER_URL = new URL('./tree-reader-worker.js', import.meta.url);

export interface ReadDashboardFilesOptions {
  read: DashboardReadSettings;
  /** DASHSYNC_TREE_WORKER_FROM as set. */
  workerFrom?: string;
  /**
   * Where the worker goes once it has read its share, to decide the plan's answers (serveDecisions), instead of being
   * ended: called at most once, before this returns, and only with a worker that read every file it claimed.
   */
  handWorkerTo?: (worker: Worker) => void;
  /** A plan through /apis: the default threshold applies from two cores on, as for a worker handed on. */
  twoCoresEnough?: boolean;
}

/**
 * Reads and validates every dashboard file, with one worker thread beside the main one for a
 * large tree: both claim chunks of files (the main thread from the front, the worker from the
 * back: claimFileChunk), and the results are put back in the files' order, so they are the
 * same as one thread's. Any worker failure (it cannot start, throws, exits) leaves the files it
 * did not post to the main thread; the worker is ended before this returns, or handed on (handWorkerTo).
 */
export async function readDashboardFiles(files: DashboardFileToRead[], options: ReadDashboardFilesOptions): Promise<DashboardFileResult[]> {
  const results: Results = { byIndex: new Array(files.length), filled: 0 };
  const readHere = (index: number, result: DashboardFileResult) => {
    results.byIndex[index] = result;
    results.filled += 1;
  };
  const { handWorkerTo } = options;
  const from = treeWorkerThreshold(options.workerFrom, availableParallelism(), handWorkerTo !== undefined || options.twoCoresEnough === true);
  const helper = from !== null && files.length >= from ? startTreeReader(files, options.read, results, handWorkerTo !== undefined) : null;
  const claims = helper?.claims ?? createClaims(0, files.length);
  let handed = false;
  try {
    readClaimedDashboardFiles(claims, 'front', null, files, options.read, readHere);
    if (helper && results.filled < files.length) await helper.settled;
    if (helper && handWorkerTo) handed = helper.handOn(handWorkerTo);
  } finally {
    if (!handed) helper?.stop();
  }
  // What a failed worker did not post (nothing, when it succeeded).
  for (let index = 0; index < files.length; index += 1) {
    if (results.byIndex[index] === undefined) {
      readHere(index, readDashboardFileResult(files[index]!, options.read));
    }
  }
  return results.byIndex as DashboardFileResult[];
}

/** The results so far, by file index, and how many there are. */
interface Results {
  byIndex: (DashboardFileResult | undefined)[];
  filled: number;
}

/**
 * The smallest tree read on two threads on a machine of `cores` cores; null = never. A whole number
 * set applies on any machine; "off" or 0 is never; anything else (unset included) keeps the default.
 * `twoCoresEnough`: the worker stays to decide the plan's answers (handWorkerTo), or the plan reads through /apis.
 */
export function treeWorkerThreshold(setting: string | undefined, cores: number, twoCoresEnough = false): number | null {
  const set = workerFromSetting(setting);
  if (set !== undefined) return set;
  return cores >= (twoCoresEnough ? KEPT_WORKER_CORES : WORKER_CORES) ? WORKER_FROM : null;
}

/**
 * Starts the worker on the tree's last chunk of files, leaving the rest to claim (null when its
 * file is absent or it cannot start); `settled` resolves once every file has a result, or the
 * worker failed or ended (whatever it did not post is missing). `handOn` gives a worker that
 * failed in nothing to its next user (true), rid of this pass's listeners.
 */
function startTreeReader(
  files: DashboardFileToRead[],
  read: DashboardReadSettings,
  results: Results,
  staysForDecisions: boolean,
): { claims: BigInt64Array; settled: Promise<void>; stop: () => void; handOn: (to: (worker: Worker) => void) => boolean } | null {
  if (!existsSync(fileURLToPath(WORKER_URL))) return null;
  const first = { start: Math.max(0, files.length - CLAIM_CHUNK), end: files.length };
  const claims = createClaims(0, first.start);
  let worker: Worker;
  try {
    worker = new Worker(WORKER_URL, { workerData: { files, read, claims, first, ...(staysForDecisions && { staysForDecisions: true }) } satisfies TreeReaderWorkerData });
  } catch {
    return null;
  }
  let done = false;
  let failed = false;
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const finish = () => {
    done = true;
    settle();
  };
  const fail = () => {
    failed = true;
    finish();
  };
  const take = (message: TreeReaderWorkerMessage) => {
    if (done) return;
    message.results.forEach((result, offset) => {
      if (results.byIndex[message.start + offset] !== undefined) return;
      results.byIndex[message.start + offset] = result;
      results.filled += 1;
    });
    if (results.filled === results.byIndex.length) finish();
  };
  worker.on('message', take);
  // An error is followed by exit; either way, the files the worker did not post are read here.
  worker.on('error', fail);
  worker.on('messageerror', fail);
  worker.on('exit', fail);
  return {
    claims,
    settled,
    stop: () => {
      done = true;
      worker.unref();
      void worker.terminate();
    },
    handOn: (to) => {
      if (failed) return false;
      done = true;
      // Only this pass's own: Node's listeners on the worker start and stop its message port.
      worker.off('message', take);
      for (const event of ['error', 'messageerror', 'exit']) worker.off(event, fail);
      to(worker);
      return true;
    },
  };
}
