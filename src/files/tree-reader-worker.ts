// The tree reader worker (see readDashboardFiles): reads and validates the chunks of dashboard
// files it claims, and posts back what readTree keeps of each (never the model); for a plan through /api it then
// stays to decide the plan's answers (serveDecisions), its parse code compiled already.
import { parentPort, workerData } from 'node:worker_threads';
import { readClaimedDashboardFiles, type DashboardFileResult, type DashboardFileToRead, type DashboardReadSettings } from './read-claimed-dashboard-files.js';
import type { DecisionWorkerMessage } from '../plan/serve-decisions.js';

/** What readDashboardFiles hands the worker. */
export interface TreeReaderWorkerData {
  files: DashboardFileToRead[];
  read: DashboardReadSettings;
  /** The files neither thread has claimed (createClaims). */
  claims: BigInt64Array;
  /** The worker's own first chunk, which the main thread never claims: the tree's last files. */
  first: { start: number; end: number };
  /** Once it has read its share, it stays to decide the plan's answers (serveDecisions) until the main thread ends it. */
  staysForDecisions?: true;
}

/** What the worker posts: the results of files `start`, `start + 1`, … in order. */
export interface TreeReaderWorkerMessage {
  start: number;
  results: DashboardFileResult[];
}

const { files, read, claims, first, staysForDecisions } = workerData as TreeReaderWorkerData;
let chunk: TreeReaderWorkerMessage | null = null;
const post = () => {
  if (chunk) parentPort!.postMessage(chunk);
  chunk = null;
};
readClaimedDashboardFiles(claims, 'back', first, files, read, (index, result) => {
  if (chunk && chunk.start + chunk.results.length !== index) post();
  chunk ??= { start: index, results: [] };
  chunk.results.push(result);
});
post();
if (staysForDecisions) {
  // The decision loop is loaded only now. The port started when this script ended, and a message goes to the listeners
  // it has when it arrives: what the main thread posts meanwhile is held here.
  const early: unknown[] = [];
  const hold = (message: unknown) => early.push(message);
  parentPort!.on('message', hold);
  void import('../plan/serve-decisions.js').then(({ serveDecisions }) => {
    parentPort!.off('message', hold);
    serveDecisions(parentPort!, early as DecisionWorkerMessage[]);
  });
}
