// A sandbox in a worker thread (dist/ build): its event loop runs while the test's thread is blocked in
// synchronous work, and it counts the requests it holds in shared memory the test reads without its loop.
import { setTimeout } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { startSandbox } from '../../dist/sandbox/index.js';

const arrived = new Int32Array(workerData.arrived);
const handle = await startSandbox({ ...workerData.options, port: 0 });
let counted = 0;
// The requests the `hold` fault holds (logged as they arrive, not answered): how many now.
const count = setInterval(() => {
  const logged = handle.requests().filter((entry) => entry.fault === 'hold' && entry.status === 0).length;
  if (logged === counted) return;
  counted = logged;
  Atomics.store(arrived, 0, logged);
  Atomics.notify(arrived, 0);
}, 1);
parentPort.on('message', async (message) => {
  if (message.kind === 'setFaults') handle.setFaults(message.faults);
  if (message.kind === 'releaseOnceHeld') {
    while (!handle.requests().some((entry) => entry.fault === 'hold' && entry.status === 0)) await setTimeout(1);
    handle.releaseHeld();
  }
  parentPort.postMessage({ done: message.kind });
});
parentPort.postMessage({ url: handle.url });
