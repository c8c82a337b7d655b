// Types for bench-list-floor.mjs (the measuring function is only called from scripts/bench.mjs).
export function continueFromHead(text: string): string | undefined;
export function measureListFloor(input: Record<string, unknown>): Promise<Record<string, unknown>>;
