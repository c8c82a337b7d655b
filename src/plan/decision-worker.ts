// The plan's decision worker (startDecisionWorker): decides each `/api` answer the main thread hands it from the
// answer's bytes and the file (decideAnswerAlone), and posts the decision back.
import { parentPort, workerData } from 'node:worker_threads';
import { decideAnswerAlone, type AnswerDecided, type AnswerToDecide, type DecisionWorkerData } from './decide-answer-alone.js';
import { createShortcutOdds } from './shortcut-odds.js';

const data = workerData as DecisionWorkerData;
const shortcut = createShortcutOdds();
parentPort!.on('message', (answer: AnswerToDecide) => {
  parentPort!.postMessage({ id: answer.id, alone: decideAnswerAlone(answer, data, shortcut) } satisfies AnswerDecided);
});
