import type { MessagePort } from 'node:worker_threads';
import { decideAnswerAlone, type AnswerDecided, type AnswerToDecide, type DecisionWorkerData } from './decide-answer-alone.js';
import { createShortcutOdds } from './shortcut-odds.js';

/** What the main thread posts to the thread that decides its answers: the run's data once, first; then answers, one or more a message. */
export type DecisionWorkerMessage = { data: DecisionWorkerData } | { answers: AnswerToDecide[] };

/**
 * Decides the `/api` answers the main thread posts on `port` (decideAnswerAlone) and posts back the decisions of each
 * message in one (the main thread counts the messages out: keepDecisionWorker). The decision worker's loop, and the tree
 * reader's once it has read its share (readDashboardFiles), which hands over the messages that came while the loop was
 * loaded (`early`).
 */
export function serveDecisions(port: MessagePort, early: readonly DecisionWorkerMessage[] = []): void {
  let data: DecisionWorkerData | undefined;
  const shortcut = createShortcutOdds();
  const take = (message: DecisionWorkerMessage) => {
    if ('data' in message) {
      data = message.data;
      return;
    }
    port.postMessage(message.answers.map((answer) => ({ id: answer.id, alone: decideAnswerAlone(answer, data!, shortcut) })) satisfies AnswerDecided[]);
  };
  for (const message of early) take(message);
  port.on('message', take);
}
