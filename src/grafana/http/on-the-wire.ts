import { setImmediate } from 'node:timers/promises';

/**
 * One turn of the event loop, for the requests just made to be written before the caller's own
 * work: undici reuses a keep-alive connection a full turn after its last answer (setImmediate),
 * and work done in microtasks only (a page taken item by item, a loop over the tree) would hold
 * those requests back until it is done.
 */
export const onTheWire = (): Promise<void> => setImmediate();
