// The tree reader worker (see readDashboardFiles): reads and validates the chunks of dashboard
// files it claims, and posts back what readTree keeps of each (never the model).
import { parentPort, workerData } from 'node:worker_threads';
import { readClaimedDashboardFiles, type DashboardFileResult, type DashboardFileToRead, type DashboardReadSettings } from './read-claimed-dashboard-files.js';

/** What readDashboardFiles hands the worker. */
export interface TreeReaderWorkerData {
  files: DashboardFileToRead[];
  read: DashboardReadSettings;
  /** The files neither thread has claimed (createClaims). */
  claims: BigInt64Array;
  /** The worker's own first chunk, which the main thread never claims: the tree's last files. */
  first: { start: number; end: number };
}

/** What the worker posts: the results of files `start`, `start + 1`, … in order. */
export interface TreeReaderWorkerMessage {
  start: number;
  results: DashboardFileResult[];
}

const { files, read, claims, first } = workerData as TreeReaderWorkerData;
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
