// A sandbox in a worker thread (dist/ build): its event loop runs while the test's thread is blocked in
// synchronous work, and it counts the requests it holds in shared memory the test reads without its loop.
import { parentPort, workerData } from 'node:worker_threads';
import { startSandbox } from '../../dist/sandbox/index.js';

const arrived = new Int32Array(workerData.arrived);
const handle = await startSandbox({ ...workerData.options, port: 0 });
// The most requests the `hold` fault has held at once, stored as each is held.
void (async () => {
  for (let count = 1; ; count += 1) {
    await handle.whenHeld(count);
    Atomics.store(arrived, 0, count);
    Atomics.notify(arrived, 0);
  }
})();
parentPort.on('message', async (message) => {
  if (message.kind === 'setFaults') handle.setFaults(message.faults);
  if (message.kind === 'releaseOnceHeld') {
    await handle.whenHeld(1);
    handle.releaseHeld();
  }
  parentPort.postMessage({ done: message.kind });
});
parentPort.postMessage({ url: handle.url });
