import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { workerFromSetting } from '../worker-from-setting.js';
import type { DashboardEntry } from '../files/types.js';
import type { UnparsedDashboard, WriteTarget } from '../grafana/port.js';
import type { AnswerDecided, AnswerToDecide, DecisionWorkerData } from './decide-answer-alone.js';

/**
 * The worker's compiled entry, beside this module's: absent under vitest (TypeScript sources) and in the Action's
 * one-file bundle, where the main thread decides every answer.
 */
const WORKER_URL = new URL('./decision-worker.js', import.meta.url);

/**
 * By default the worker starts once this many answers of a plan were to be compared with their files, while at least
 * `LEFT` dashboards are still to come: its start costs ~0.1–0.2 s of CPU on the other core, which a few compares do not pay.
 */
const AFTER = 32;
const LEFT = 500;

/** When a plan starts its decision worker: after `after` answers to compare, with `left` dashboards still unanswered. */
export interface DecisionWorkerThreshold {
  after: number;
  left: number;
}

/**
 * When the plan's decision worker starts on a machine of `cores` cores; null = never (one core, or "off" or 0). A whole
 * number set (DASHSYNC_DECISION_WORKER_FROM) starts it at that many answers to compare, however many are left.
 */
export function decisionWorkerThreshold(setting: string | undefined, cores: number): DecisionWorkerThreshold | null {
  const set = workerFromSetting(setting);
  if (set !== undefined) return set === null ? null : { after: set, left: 0 };
  return cores >= 2 ? { after: AFTER, left: LEFT } : null;
}

/** The main thread's side of the decision worker. */
export interface DecisionWorker {
  /**
   * Hands one answer to the worker when it has room: a promise of its decision (null: the main thread decides it),
   * else undefined (the worker holds `room` answers already, or has ended).
   */
  offer(entry: DashboardEntry, unparsed: UnparsedDashboard, write: WriteTarget): Promise<AnswerDecided['alone']> | undefined;
  /** Ends the worker; what it has not answered is null. */
  stop(): void;
}

/**
 * Starts the worker that compares `/api` answers with their files beside the main thread (null when its file is absent
 * or it cannot start). Each answer's bytes are copied to it (transferred, not cloned); only the decision comes back.
 * Whatever fails there (the worker, a message) leaves the answers it held to the main thread.
 */
export function startDecisionWorker(data: DecisionWorkerData, room: number): DecisionWorker | null {
  if (!existsSync(fileURLToPath(WORKER_URL))) return null;
  let worker: Worker;
  try {
    worker = new Worker(WORKER_URL, { workerData: data });
  } catch {
    return null;
  }
  const waiting = new Map<number, (alone: AnswerDecided['alone']) => void>();
  let next = 0;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    for (const resolve of waiting.values()) resolve(null);
    waiting.clear();
    void worker.terminate();
  };
  worker.on('message', ({ id, alone }: AnswerDecided) => {
    const resolve = waiting.get(id);
    waiting.delete(id);
    // Idle, it keeps no process alive.
    if (waiting.size === 0) worker.unref();
    resolve?.(alone);
  });
  worker.on('error', end);
  worker.on('messageerror', end);
  worker.on('exit', end);
  worker.unref();
  return {
    offer(entry, unparsed, write) {
      if (ended || waiting.size >= room) return undefined;
      const id = next++;
      const bytes = unparsed.bytes.slice();
      try {
        worker.postMessage({ id, entry, bytes, numbersAsText: unparsed.numbersAsText, write } satisfies AnswerToDecide, [bytes.buffer]);
      } catch {
        return undefined;
      }
      worker.ref();
      return new Promise((resolve) => waiting.set(id, resolve));
    },
    stop: end,
  };
}
