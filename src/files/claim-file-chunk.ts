/** Files claimed at once: few enough that both threads end together. */
export const CLAIM_CHUNK = 8;

/**
 * The files of a tree not yet claimed by either thread, `[front, back)`, packed in one 64-bit
 * slot (`back` in the high half) of a SharedArrayBuffer, so a claim is one compare-and-swap.
 */
export function createClaims(front: number, back: number): BigInt64Array {
  const claims = new BigInt64Array(new SharedArrayBuffer(8));
  claims[0] = (BigInt(back) << 32n) | BigInt(front);
  return claims;
}

/**
 * Claims the next chunk of files, `[start, end)`: the main thread from the front, the worker
 * from the back. null once
 * every file is claimed.
 */
export function claimFileChunk(claims: BigInt64Array, from: 'front' | 'back'): { start: number; end: number } | null {
  for (;;) {
    const packed = Atomics.load(claims, 0);
    const front = Number(packed & 0xffffffffn);
    const back = Number(packed >> 32n);
    if (front >= back) return null;
    const start = from === 'front' ? front : Math.max(front, back - CLAIM_CHUNK);
    const end = from === 'front' ? Math.min(back, front + CLAIM_CHUNK) : back;
    const left = from === 'front' ? (BigInt(back) << 32n) | BigInt(end) : (BigInt(start) << 32n) | BigInt(front);
    if (Atomics.compareExchange(claims, 0, packed, left) === packed) return { start, end };
  }
}
