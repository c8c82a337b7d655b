export function applyJobsWithoutBackups(workflow: unknown): string[];
