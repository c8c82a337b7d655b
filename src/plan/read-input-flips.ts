import type { EnvironmentInputs } from '../files/find-differing-inputs.js';
import { describeDifferingInputs, findDifferingInputs, mayUseAny, namesMappedApart } from '../files/find-differing-inputs.js';
import { isPlainObject } from '../files/is-plain-object.js';
import { libraryPanelElement } from '../files/library-panel-element.js';
import { parseJsonDocument } from '../files/parse-json.js';
import { readUtf8FileSync } from '../files/read-utf8-file.js';
import { splitDashboardDocument } from '../files/split-dashboard-document.js';
import type { PlanWarning } from './types.js';

/** A file this plan saves that another environment of its Grafana org selects too. */
export interface SharedFile {
  kind: 'dashboard' | 'library panel';
  uid: string;
  /** As shown to the user. */
  file: string;
  absPath: string;
}

/**
 * The files this plan saves that `neighbour` (an environment of the same Grafana org) saves too, rendered there with other
 * values of the inputs they use: one org holds one copy of each, so every apply puts its own environment's datasources back.
 * A warning each, naming the environment and the inputs. Nothing is read when the two inputs maps agree (or when a file's
 * text names none of the inputs they map apart); else each such file is read once more, for its placeholders.
 */
export function readInputFlips(mine: EnvironmentInputs, neighbour: EnvironmentInputs, shared: readonly SharedFile[]): PlanWarning[] {
  const apart = namesMappedApart([mine, neighbour]);
  if (apart.length === 0) return [];
  const warnings: PlanWarning[] = [];
  for (const entry of shared) {
    const model = readWrittenModel(entry, apart);
    const differing = model === undefined ? [] : findDifferingInputs(model, [mine, neighbour]);
    if (differing.length === 0) continue;
    const names = differing.map((input) => input.name).join(', ');
    warnings.push({
      kind: 'other',
      uid: entry.uid,
      message:
        `${entry.kind === 'dashboard' ? '' : 'library panel '}uid "${entry.uid}" (${entry.file}) is saved here and by environment ${neighbour[0]}, which deploys to the same Grafana org, ` +
        `with different inputs (${describeDifferingInputs(differing)}): ` +
        `each apply puts its own values back, undoing the other's; give ${names} one value for both environments, or select the file in one of them only (include/exclude)`,
    });
  }
  return warnings;
}

/** The model as written (placeholders kept), when the file's text may use one of `names`; the tree pass has validated it. */
function readWrittenModel(entry: SharedFile, names: readonly string[]): Record<string, unknown> | undefined {
  const { text } = readUtf8FileSync(entry.absPath, entry.file);
  if (text === undefined || !mayUseAny(text, names)) return undefined;
  const parsed = parseJsonDocument(text, entry.file, { duplicateKeys: false });
  if (parsed.diagnostics.length > 0 || !isPlainObject(parsed.value)) return undefined;
  const model = entry.kind === 'dashboard' ? splitDashboardDocument(parsed.value).spec : libraryPanelElement(parsed.value).element.model;
  return isPlainObject(model) ? model : undefined;
}
