import { hashBytes } from '../files/hash-text.js';
import { describeModelText } from '../files/model-text.js';
import { useFileBytes } from '../files/read-file-bytes.js';
import type { DashboardEntry } from '../files/types.js';
import type { ExpectedModels } from '../grafana/port.js';
import { createShortcutOdds } from './shortcut-odds.js';

/** fileModels for readDashboards on `/api`, and what the plan tells it of each answer it asked for. */
export interface FileModelsOnDemand {
  models: ExpectedModels;
  /** Whether the answer of `uid` held its file's model (read as pushed); a no-op when its model was not asked for. */
  settle(uid: string, matched: boolean): void;
}

/**
 * Each file's model as `/api` would answer with it (describeModelText), made when its dashboard's
 * answer arrives rather than in the tree pass: the description (~45 µs of CPU per 21 KB file) pays
 * only when the answer holds the file's model, so it is tried while that is likely (ShortcutOdds): a
 * plan where most dashboards changed skips it after a few misses. The file is read again, and
 * described only if its bytes are still those the tree pass validated (their digest): otherwise
 * the answer is parsed and decided as before: the plan may read the file again and refuse it
 * (`file-changed`), or, for a canonical file that holds the parsed answer (desiredFromLive), decide
 * on the tree pass's content without reading it again, and the next plan sees the edit. An
 * unreadable file is left to the same route. Either way the plan decides as it did without this.
 */
export function fileModelsOnDemand(dashboards: readonly DashboardEntry[]): FileModelsOnDemand {
  const byUid = new Map(dashboards.map((entry) => [entry.uid, entry]));
  const odds = createShortcutOdds();
  const asked = new Set<string>();
  const models: ExpectedModels = {
    get(uid) {
      const entry = byUid.get(uid);
      if (entry === undefined || !entry.modelAsWritten || !odds.worthTrying()) return undefined;
      asked.add(uid);
      const text = describeIfUnchanged(entry);
      return text === null ? undefined : { text, folderUid: entry.folderUid };
    },
  };
  return {
    models,
    settle(uid, matched) {
      if (asked.delete(uid)) odds.record(matched);
    },
  };
}

function describeIfUnchanged(entry: DashboardEntry) {
  try {
    return useFileBytes(entry.absPath, (bytes) => (hashBytes(bytes) === entry.contentHash ? describeModelText(bytes) : null));
  } catch (error) {
    // A file gone or unreadable since the tree pass: the answer is parsed. Anything else is a bug, and shows.
    if (isFileError(error)) return null;
    throw error;
  }
}

function isFileError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
