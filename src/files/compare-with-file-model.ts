import type { ModelText } from '../grafana/port.js';
import { hashBytes } from './hash-text.js';
import { describeModelText } from './model-text.js';
import { useFileBytes } from './read-file-bytes.js';

/**
 * Compares an answer with the ModelText of a file the tree pass found to hold its model as written
 * (DashboardEntry.modelAsWritten), read again when Grafana's answer for it has come: what `compare` finds, once the bytes are
 * known to be the ones whose digest that pass took; null when `compare` finds nothing or they are not (edited or gone
 * since), so the answer is parsed and the file read and compared in full, which says so. Only a match needs the digest:
 * a changed dashboard costs the read and the compaction. Taken here rather than in the tree pass, that work runs while
 * requests are out instead of before the first one.
 */
export function compareWithFileModel<T>(file: { absPath: string; contentHash: string }, compare: (text: ModelText) => T | null): T | null {
  let bytesRead = false;
  try {
    return useFileBytes(file.absPath, (bytes) => {
      bytesRead = true;
      const text = describeModelText(bytes);
      const found = text === null ? null : compare(text);
      return found !== null && hashBytes(bytes) === file.contentHash ? found : null;
    });
  } catch (error) {
    if (bytesRead) throw error;
    return null;
  }
}
