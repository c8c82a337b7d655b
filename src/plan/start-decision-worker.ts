import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { workerFromSetting } from '../worker-from-setting.js';
import type { DashboardEntry } from '../files/types.js';
import type { UnparsedDashboard, WriteTarget } from '../grafana/port.js';
import type { AnswerDecided, AnswerToDecide, DecisionWorkerData } from './decide-answer-alone.js';
import type { DecisionWorkerMessage } from './serve-decisions.js';

/**
 * The worker's compiled entry, beside this module's: absent under vitest (TypeScript sources) and in the Action's
 * one-file bundle, where the main thread decides every answer.
 */
const WORKER_URL = new URL('./decision-worker.js', import.meta.url);

/**
 * By default a worker of its own starts once this many answers of a plan were to be compared with their files, while at
 * least `LEFT` dashboards are still to come: its start costs ~0.1–0.2 s of CPU on the other core, which a few compares do
 * not pay. The tree reader's worker, kept from the tree pass (keepDecisionWorker), is there already: it takes the first.
 */
const AFTER = 32;
const LEFT = 500;

/**
 * Messages of answers the worker holds at most: one it works on and one waiting, so it never waits for the main thread.
 * While both are out, the answers the main thread takes gather and go together as the next (one message, one wake-up,
 * for several answers). Answers held back by count or time instead kept the worker idle and the main thread deciding
 * more itself: the all-changed plan took 1.06 × the wall (docs/performance.md, perf-73a).
 */
const MESSAGES_OUT = 2;

/** When a plan starts its decision worker: after `after` answers to compare, with `left` dashboards still unanswered. */
export interface DecisionWorkerThreshold {
  after: number;
  left: number;
}

/**
 * When the plan's decision worker starts on a machine of `cores` cores; null = never (one core, or "off" or 0). A whole
 * number set (DASHSYNC_DECISION_WORKER_FROM) starts it at that many answers to compare, however many are left. `kept`: the
 * tree reader's worker was kept for the decisions, started already.
 */
export function decisionWorkerThreshold(setting: string | undefined, cores: number, kept = false): DecisionWorkerThreshold | null {
  const set = workerFromSetting(setting);
  if (set !== undefined) return set === null ? null : { after: set, left: 0 };
  if (cores < 2) return null;
  return kept ? { after: 1, left: 0 } : { after: AFTER, left: LEFT };
}

/** The main thread's side of the decision worker. */
export interface DecisionWorker {
  /** The run's fixed data, for the answers to come (once, before the first offer). */
  brief(data: DecisionWorkerData): void;
  /**
   * Hands one answer to the worker when it has room: a promise of its decision (null: the main thread decides it),
   * else undefined (the worker holds `room` answers already, or has ended).
   */
  offer(entry: DashboardEntry, unparsed: UnparsedDashboard, write: WriteTarget): Promise<AnswerDecided['alone']> | undefined;
  /** Ends the worker; what it has not answered is null. */
  stop(): void;
}

/**
 * Starts a worker that compares `/api` answers with their files beside the main thread (null when its file is absent
 * or it cannot start).
 */
export function startDecisionWorker(data: DecisionWorkerData, room: number): DecisionWorker | null {
  if (!existsSync(fileURLToPath(WORKER_URL))) return null;
  let worker: Worker;
  try {
    worker = new Worker(WORKER_URL);
  } catch {
    return null;
  }
  const decisions = keepDecisionWorker(worker, room);
  decisions.brief(data);
  return decisions;
}

/**
 * The main thread's side of a worker that serves decisions (serveDecisions): a worker of its own, or the tree reader's
 * once it has read its share. Each answer's bytes are copied to it (transferred, not cloned), the answers at hand in one
 * message; only the decisions come back. Whatever fails there (the worker, a message) leaves the answers it held to the
 * main thread. Idle, it keeps no process alive.
 */
export function keepDecisionWorker(worker: Worker, room: number): DecisionWorker {
  const waiting = new Map<number, (alone: AnswerDecided['alone']) => void>();
  let next = 0;
  let ended = false;
  let batch: AnswerToDecide[] = [];
  let transfer: ArrayBuffer[] = [];
  // Messages of answers posted whose decisions have not come back.
  let messagesOut = 0;
  const end = () => {
    if (ended) return;
    ended = true;
    for (const resolve of waiting.values()) resolve(null);
    waiting.clear();
    void worker.terminate();
  };
  // A message that cannot go ends the worker: the answers it was to take are the main thread's again.
  const post = (message: DecisionWorkerMessage, moved: ArrayBuffer[] = []): void => {
    try {
      worker.postMessage(message, moved);
    } catch {
      end();
    }
  };
  const flush = () => {
    if (batch.length === 0 || ended) return;
    const answers = batch;
    const moved = transfer;
    batch = [];
    transfer = [];
    messagesOut += 1;
    post({ answers }, moved);
  };
  worker.on('message', (decided: AnswerDecided[]) => {
    // Only decisions: the tree reader's messages all came before it was handed on (readDashboardFiles).
    if (!Array.isArray(decided)) return;
    for (const { id, alone } of decided) {
      const resolve = waiting.get(id);
      waiting.delete(id);
      resolve?.(alone);
    }
    // One reply per message of answers (serveDecisions).
    messagesOut -= 1;
    flush();
    if (waiting.size === 0) worker.unref();
  });
  worker.on('error', end);
  worker.on('messageerror', end);
  worker.on('exit', end);
  worker.unref();
  return {
    brief(data) {
      post({ data });
    },
    offer(entry, unparsed, write) {
      if (ended || waiting.size >= room) return undefined;
      const id = next++;
      const bytes = unparsed.bytes.slice();
      batch.push({ id, entry, bytes, numbersAsText: unparsed.numbersAsText, write });
      transfer.push(bytes.buffer);
      if (messagesOut < MESSAGES_OUT) flush();
      worker.ref();
      return new Promise((resolve) => waiting.set(id, resolve));
    },
    stop: end,
  };
}
