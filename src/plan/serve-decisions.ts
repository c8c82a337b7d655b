import type { MessagePort } from 'node:worker_threads';
import { decideAnswerAlone, type AnswerDecided, type AnswerToDecide, type DecisionWorkerData } from './decide-answer-alone.js';
import { createShortcutOdds } from './shortcut-odds.js';

/** What the main thread posts to the thread that decides its answers: the run's data once, first; then answers, a few at a time. */
export type DecisionWorkerMessage = { data: DecisionWorkerData } | { answers: AnswerToDecide[] };

/**
 * Decides the `/api` answers the main thread posts on `port` (decideAnswerAlone) and posts the decisions back, those of
 * every message that waited together in one: a message wakes the thread it goes to (~30 µs to a sleeping one), so one
 * serves several answers. The decision worker's loop, and the tree reader's once it has read its share (readDashboardFiles),
 * which hands over the messages that came while the loop was loaded (`early`).
 */
export function serveDecisions(port: MessagePort, early: readonly DecisionWorkerMessage[] = []): void {
  let data: DecisionWorkerData | undefined;
  const shortcut = createShortcutOdds();
  let decided: AnswerDecided[] = [];
  // Once the messages waiting now are all decided.
  const post = () => {
    port.postMessage(decided);
    decided = [];
  };
  const take = (message: DecisionWorkerMessage) => {
    if ('data' in message) {
      data = message.data;
      return;
    }
    if (decided.length === 0) setImmediate(post);
    for (const answer of message.answers) decided.push({ id: answer.id, alone: decideAnswerAlone(answer, data!, shortcut) });
  };
  for (const message of early) take(message);
  port.on('message', take);
}
