import type { Diagnostic } from '../errors.js';
import { claimFileChunk } from './claim-file-chunk.js';
import type { InputsHome } from './describe-unmapped-input.js';
import { libraryPanelUids } from './find-library-panel-refs.js';
import { readDashboardFile } from './read-dashboard-file.js';
import type { ExpressionInputNames } from './resolve-inputs.js';
import { schemaVersionOf } from './schema-version.js';
import type { DashboardEntry } from './types.js';

/** One dashboard file of the tree to read: its absolute path and the path diagnostics show. */
export interface DashboardFileToRead {
  absPath: string;
  file: string;
}

/** What readTree keeps of one dashboard file (never its model): plain data, so a worker can post it. */
export interface DashboardFileResult {
  /** null when the file has an error. */
  entry: Pick<DashboardEntry, 'uid' | 'title' | 'contentHash' | 'form' | 'schema' | 'apiVersion' | 'metadata' | 'libraryPanels' | 'modelText' | 'schemaVersion'> | null;
  diagnostics: Diagnostic[];
  /** dashsync's own saved plan file: no entry, no diagnostic (Tree.planFiles). */
  ownPlan?: true;
  /** The inputs it uses as server-side expressions, when it uses any (findExpressionInputMappings). */
  expressionInputs?: ExpressionInputNames;
}

/** How to read each dashboard file (plain data, so a worker can get it). */
export interface DashboardReadSettings {
  /** The config's inputs map for the files, and where a missing one goes. */
  inputs: Record<string, string>;
  inputsHome?: InputsHome;
  /** Each environment's inputs map, when the config defines environments: a literal datasource of one is warned about. */
  environmentInputs?: Record<string, Record<string, string>>;
  /** `check` without --env of a config with environments (ReadTreeOptions.inputsPerEnvironment): an input the top level does not map keeps the entry. */
  inputsPerEnvironment?: boolean;
  /** Describe the model as /api would answer with it (the entry's modelText; else null). */
  describeModels: boolean;
  /** Read for pull, which replaces each file's content with Grafana's: a v2 transformation form under v2beta1 (a problem only when the file is pushed) is a warning, not an error, so `pull --force` can take 13's conversion. */
  forPull?: boolean;
}

/** Reads and validates one dashboard file. */
export function readDashboardFileResult(toRead: DashboardFileToRead, settings: DashboardReadSettings): DashboardFileResult {
  const { inputs, inputsHome, describeModels, environmentInputs, forPull } = settings;
  const { content, form, diagnostics, textHash, modelText, ownPlan, expressionInputs } = readDashboardFile(toRead.absPath, toRead.file, { inputs, inputsHome, describeModel: describeModels, environmentInputs, forPull });
  if (ownPlan) return { entry: null, diagnostics, ownPlan };
  const stops = (d: Diagnostic) => d.severity === 'error' && !(settings.inputsPerEnvironment === true && d.rule === 'input-unmapped');
  if (!content || !form || diagnostics.some(stops)) return { entry: null, diagnostics };
  const entry = {
    uid: content.uid,
    title: (content.spec.title as string).trim(),
    contentHash: textHash!,
    form,
    schema: content.schema,
    apiVersion: content.apiVersion,
    metadata: content.metadata,
    libraryPanels: libraryPanelUids(content.spec),
    // What plan would compare (readDesired: this content, normalized), as /api would write it, when that is the file's text.
    modelText: modelText ?? null,
    ...(content.schema === 'v1' ? { schemaVersion: schemaVersionOf(content.spec) } : {}),
  };
  return { entry, diagnostics, ...(expressionInputs && { expressionInputs }) };
}

/**
 * Reads the files `[start, end)` (in that order), then the chunks it claims from `claims` (see
 * claimFileChunk, shared by the main thread and the tree reader worker) until none is left;
 * `onRead` gets each file's index and results. Both threads run this loop, so the faster one
 * reads more and neither waits for the other's share.
 */
export function readClaimedDashboardFiles(
  claims: BigInt64Array,
  from: 'front' | 'back',
  first: { start: number; end: number } | null,
  files: DashboardFileToRead[],
  settings: DashboardReadSettings,
  onRead: (index: number, result: DashboardFileResult) => void,
): void {
  for (let chunk = first ?? claimFileChunk(claims, from); chunk; chunk = claimFileChunk(claims, from)) {
    for (let index = chunk.start; index < chunk.end; index += 1) {
      onRead(index, readDashboardFileResult(files[index]!, settings));
    }
  }
}
