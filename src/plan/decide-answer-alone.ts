import type { LibraryPanelName } from '../files/find-stale-library-ref-names.js';
import { schemaVersionOf } from '../files/schema-version.js';
import type { DashboardEntry } from '../files/types.js';
import { liveDashboardOfBytes } from '../grafana/legacy/live-dashboard-of-bytes.js';
import type { LiveDashboard, WriteTarget } from '../grafana/port.js';
import { decideDashboard, type DashboardDecision } from './decide-dashboard.js';
import { desiredOfAnswer } from './desired-of-answer.js';
import { answeredUidOf } from './find-live-uid-case-twins.js';
import type { DesiredSettings } from './read-desired.js';
import type { ShortcutOdds } from './shortcut-odds.js';

/** What the decision worker is given once (plain data). */
export interface DecisionWorkerData {
  settings: DesiredSettings;
  /** The tree's library panels by uid (decideDashboard). */
  libraryPanelNames: ReadonlyMap<string, LibraryPanelName>;
  /** The tree's folders' titles by uid (decideDashboard). */
  folderTitles: ReadonlyMap<string, string>;
}

/** One `/api` answer handed to the decision worker: its file's entry, its bytes, and where the plan would write the file. */
export interface AnswerToDecide {
  id: number;
  entry: DashboardEntry;
  bytes: Uint8Array;
  numbersAsText: boolean;
  write: WriteTarget;
}

/** What the plan keeps of a live dashboard decided elsewhere: what the drift check's history lookup asks with. */
export type DecidedHead = Pick<LiveDashboard, 'version' | 'lastSave' | 'pushed' | 'apiVersion' | 'metadata' | 'metadataNotKept'>;

/** The worker's answer: the decision and the head, or null where the main thread decides (as it would have alone). */
export interface AnswerDecided {
  id: number;
  alone: { decision: DashboardDecision; head: DecidedHead } | null;
}

/**
 * The decision of one live dashboard from its answer's bytes and its file alone, as the plan's main thread makes it
 * (create-plan.ts, decideLive) where no request is needed: Grafana's copy in the file's schema family, a classic file
 * from schemaVersion 36 on (an older one may need the instance's data sources), the answer naming the uid asked. null
 * for any other, and for anything that fails (an answer that is no dashboard, a file changed or unreadable since the
 * tree pass): the main thread then decides it itself, and says what failed in its own words.
 */
export function decideAnswerAlone(answer: AnswerToDecide, data: DecisionWorkerData, shortcut: ShortcutOdds): AnswerDecided['alone'] {
  const { entry } = answer;
  try {
    const dashboard = liveDashboardOfBytes(entry.uid, answer.bytes, answer.numbersAsText);
    if (answeredUidOf(dashboard) !== entry.uid) return null;
    const { normalized, desired } = desiredOfAnswer(entry, dashboard, data.settings, shortcut);
    if (normalized.schema !== desired.schema || (desired.schema === 'v1' && schemaVersionOf(desired.spec) < 36)) return null;
    const decision = decideDashboard(entry, desired, normalized, answer.write, { libraryPanelNames: data.libraryPanelNames, folderTitles: data.folderTitles });
    const { version, lastSave, pushed, apiVersion, metadata, metadataNotKept } = dashboard;
    return { decision, head: { version, lastSave, pushed, apiVersion, metadata, metadataNotKept } };
  } catch {
    return null;
  }
}
