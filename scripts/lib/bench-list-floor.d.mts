// Types for bench-list-floor.mjs (createListFloor is only called from the bench's own scripts).
export function continueFromHead(text: string): string | undefined;
export function createListFloor(input: Record<string, unknown>): Record<string, unknown>;
