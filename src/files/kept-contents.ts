import type { DesiredContent } from './types.js';

/**
 * What the tree pass parsed of each file, kept for a plan that compares it with Grafana's (readDesired would read
 * and parse the file again). The files' sizes bound it: a model takes about three quarters of its file's bytes on the
 * heap (measured on the bench's 21 KB dashboards), so the default keeps ~48 MB of models, at most ~3,200 such files.
 */
export interface KeptContents {
  /** By the file's path as shown (DashboardEntry.file): the content as parsed, inputs resolved, not normalized. */
  byFile: Map<string, DesiredContent>;
  /** The file bytes still allowed. */
  bytesLeft: number;
}

export const KEPT_CONTENT_BYTES = 64 * 1024 * 1024;

export function createKeptContents(budgetBytes = KEPT_CONTENT_BYTES): KeptContents {
  return { byFile: new Map(), bytesLeft: budgetBytes };
}

/** Keeps one file's content while its size fits what is left of the budget. */
export function keepContent(kept: KeptContents, file: string, content: DesiredContent, size: number): void {
  if (size > kept.bytesLeft) return;
  kept.byFile.set(file, content);
  kept.bytesLeft -= size;
}

/** The file's kept content, given up: each is used once. */
export function takeKeptContent(kept: KeptContents | undefined, file: string): DesiredContent | undefined {
  const content = kept?.byFile.get(file);
  if (content !== undefined) kept!.byFile.delete(file);
  return content;
}
