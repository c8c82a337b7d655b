import type { ModelText } from '../grafana/port.js';
import { hashBytes } from './hash-text.js';
import { describeModelText } from './model-text.js';
import { useFileBytes } from './read-file-bytes.js';

/**
 * The ModelText of a file the tree pass found to hold its model as written (DashboardEntry.modelAsWritten), read again
 * when Grafana's answer for it has come: null when its bytes are no longer the ones whose digest that pass took (edited
 * or gone since), so the answer is parsed and the file read and compared in full, which says so. Taken here rather than in
 * the tree pass, the compaction it needs runs while requests are out instead of before the first one.
 */
export function describeFileModelAgain(file: { absPath: string; contentHash: string }): ModelText | null {
  let bytesRead = false;
  try {
    return useFileBytes(file.absPath, (bytes) => {
      bytesRead = true;
      return hashBytes(bytes) === file.contentHash ? describeModelText(bytes) : null;
    });
  } catch (error) {
    if (bytesRead) throw error;
    return null;
  }
}
