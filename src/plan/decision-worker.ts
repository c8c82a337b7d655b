// The plan's decision worker (startDecisionWorker): decides each `/api` answer the main thread hands it from the
// answer's bytes and the file (serveDecisions), and posts the decisions back.
import { parentPort } from 'node:worker_threads';
import { serveDecisions } from './serve-decisions.js';

serveDecisions(parentPort!);
