// Types for bench-detect.mjs.
export function supportsApiOption(helpText: string): boolean;
export function pickV1Version(group: { versions?: { version: string }[] } | undefined): string;
