import { setImmediate } from 'node:timers/promises';

/**
 * Two turns of the event loop, for the requests just made to be written before the caller's own
 * work: undici writes a request on a keep-alive connection it reuses only a turn or two after
 * that connection's last answer (setImmediate; measured with its `undici:client:sendHeaders`
 * channel: one turn left most list pages 45–450 ms unsent, two sent them within a few ms), and
 * work done in microtasks only (a page taken item by item, a loop over the tree) would hold those
 * requests back until it is done.
 */
export async function onTheWire(): Promise<void> {
  await setImmediate();
  await setImmediate();
}
