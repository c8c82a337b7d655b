import { describeRewrittenNumbers } from './describe-rewritten-numbers.js';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, open, realpath } from 'node:fs/promises';
import { writeFileAtomic, writeNewFileAtomic } from '../files/write-file-atomic.js';
import { dirname, join, relative, sep } from 'node:path';
import type { Settings } from '../config/types.js';
import { discoverSelectedTree } from '../files/discover-selected-tree.js';
import { findInexactNumber, findInexactNumberIn, withNumbersAsParsed, type InexactNumber } from '../files/find-inexact-number.js';
import { locateJsonPath, parseJsonDocument, positionOf } from '../files/parse-json.js';
import { convertFolderResource, isFolderResource } from '../files/folder-resource-form.js';
import { readTree } from '../files/read-tree.js';
import { readUtf8File } from '../files/read-utf8-file.js';
import { fileErrorReason } from '../files/file-error-reasons.js';
import { LIBRARY_DIR } from '../files/discover-tree.js';
import { readLibraryPanelFile } from '../files/read-library-panels.js';
import type { Tree } from '../files/types.js';
import { canonicalJson } from '../normalize/canonical-json.js';
import { assignNames } from '../files/assign-names.js';
import { deriveDashboardUid } from './derive-dashboard-uid.js';
import { extractLibraryElements } from './extract-library-elements.js';
import { findStaleLibraryRefNames, withCurrentLibraryRefNames, type StaleLibraryRefName } from '../files/find-stale-library-ref-names.js';
import { fixDashboardDocument } from './fix-dashboard-document.js';
import { fixLibraryPanelDocument } from './fix-library-panel-document.js';
import { parseDashboardDocument } from './inspect-dashboard-document.js';
import { displayPath, selectCheckTargets } from './select-check-targets.js';
import { treeCheckJudges } from './widen-to-environment-selections.js';
import { shownNumberLiteral } from '../files/shown-number-literal.js';
import { environmentsDeploying } from '../files/deployed-together.js';
import { toSlashes } from '../files/tree-paths.js';
import { placeEnvironmentDatasources, type PlacedDatasources } from './place-environment-datasources.js';

export interface FixFilesOptions {
  settings: Settings;
  /** Only fix these (relative to the working directory); undefined = every dashboard file of the tree. */
  files?: string[];
}

export interface FileFix {
  /** Path as shown to the user. */
  file: string;
  changes: string[];
}

/**
 * A file a fix would have rewritten and did not, because the rewrite would change what it says, or could not be written; or
 * a place in a file it left (a literal datasource it cannot tell the placeholder of).
 */
export interface FileLeft {
  /** Path as shown to the user, with `:line:col`. */
  file: string;
  why: string;
}

/** Files read (and written) at once. */
const CHUNK = 32;

/**
 * `dashsync check --fix`: rewrites dashboard files that fixDashboardDocument can repair,
 * moves an export's `__elements` into `_library/` files beside it (extractLibraryElements),
 * and returns the files it changed or wrote. Files that are not UTF-8, do not parse (a key twice in
 * one object included), or are not JSON objects, are left untouched (the check that follows reports them). New uids are unique
 * against every dashboard and folder uid of the whole tree.
 */
export async function fixFiles(options: FixFilesOptions): Promise<{ changed: FileFix[]; left: FileLeft[] }> {
  const { settings } = options;
  // The selection judged as check and plan judge it (a typo'd include stops with "did you mean", a moved environment
  // selects nothing and goes on), before any file is written: a fix that stops has written nothing. What bare check judges
  // (every environment's selection) is what it fixes, and a uid it adds is new to all of it.
  const discovered = treeCheckJudges(await discoverSelectedTree(settings), settings);
  const selected = selectCheckTargets(discovered, settings.cwd, options.files);
  const targets = selected.dashboardFiles;
  const libraryTargets = selected.libraryFiles;
  // Without --env, a `_library/` file whose placeholders only the environments map is still a panel whose name a reference
  // must carry (as bare check reads it): read as check reads it, or its stale references are warned about and never fixed.
  const perEnvironment = settings.environment === undefined && settings.environments.length > 0;
  const { tree } = await readTree({ ...settings, discovered, ...(perEnvironment && { inputsPerEnvironment: true }) });
  const taken = new Set([...tree.dashboards.map((d) => d.uid), ...tree.folders.map((f) => f.uid), ...tree.libraryPanels.map((p) => p.uid)]);
  const libraryNames = new Map(tree.libraryPanels.map((panel) => [panel.uid, { name: panel.name, file: panel.file }]));
  const placeDatasources = environmentPlacer(settings, [...targets, ...libraryTargets]);
  const newUid = (absPath: string) => {
    const uid = deriveDashboardUid(relative(tree.root, absPath).split(sep).join('/'), taken);
    taken.add(uid);
    return uid;
  };

  const changed: FileFix[] = [];
  const left: FileLeft[] = [];
  let library: LibraryFiles | undefined;
  // Chunk by chunk (bounded memory), each in tree order, so that uid clashes (if any)
  // resolve the same way on every run.
  for (let start = 0; start < targets.length; start += CHUNK) {
    const chunk = targets.slice(start, start + CHUNK);
    // A file that is not UTF-8 (or unreadable) is never rewritten: check reports it.
    const texts = await Promise.all(chunk.map(async (absPath) => (await readUtf8File(absPath, absPath)).text));
    const writes: Promise<({ fixed: FileFix } | { left: FileLeft }) & { places: FileLeft[] }>[] = [];
    chunk.forEach((absPath, index) => {
      const text = texts[index];
      const file = displayPath(settings.cwd, absPath);
      const document = text === undefined ? undefined : parseDashboardDocument(text, file);
      if (!document) return;
      // A number a 64-bit float cannot hold would be written back as another number (or null): the file is left as it is.
      const inexact = findInexactNumberIn(document.text, document.document);
      if (inexact) {
        const placing = !!document.parts.spec && (placeDatasources?.(absPath, document.parts.spec, document.text).changes.length ?? 0) > 0;
        if (placing || document.parts.spec?.__elements !== undefined || needsMoreThanNumbers(fixDashboardDocument(document, () => 'uid'), document.text)) {
          left.push(leftAsItIs(file, document.text, inexact, placing));
        }
        return;
      }
      let model = document.parts.spec;
      const notes: string[] = [];
      const libraryWrites: Promise<void>[] = [];
      const libraryFiles: string[] = [];
      // Before __elements leave: the library panels they become get the placeholders too, and compare with the tree's so.
      const placed = model && placeDatasources?.(absPath, model, document.text);
      const placesLeft = placed?.left ?? [];
      if (model && placed) {
        model = placed.model;
        notes.push(...placed.changes);
      }
      if (model && model.__elements !== undefined) {
        library ??= knownLibraryPanels(tree, settings.cwd);
        const extracted = extractLibraryElements(model, library.known);
        if (extracted) {
          model = extracted.model;
          notes.push(...extracted.changes, ...extracted.kept.map((why) => `kept ${why}`));
          for (const panel of extracted.panels) {
            const written = library.add(dirname(absPath), panel);
            notes.push(`moved __elements["${panel.uid}"] to ${written.file}`);
            libraryWrites.push(written.done.then(() => void libraryFiles.push(written.file)));
          }
        }
      }
      const stale = model ? findStaleLibraryRefNames(model, libraryNames) : [];
      if (model && stale.length > 0) {
        model = withCurrentLibraryRefNames(model, stale);
        notes.push(...describeRenamedRefs(stale));
      }
      const fixed = fixDashboardDocument(document, () => newUid(absPath), { spec: model, changes: notes });
      // A place left is shown where it is once the run is over: in the text written, else in the text as it was.
      const placesIn = (text: string, specPath: (string | number)[]) => placesLeft.map((place) => leftAt(file, text, [...specPath, ...place.path], place.why));
      if (!fixed) {
        left.push(...placesIn(document.text, document.parts.specPath));
        return;
      }
      const rewrittenNumbers = describeRewrittenNumbers(document.text);
      const fix = { file, changes: [...fixed.changes, ...(rewrittenNumbers ? [rewrittenNumbers] : [])] };
      const writtenPlaces = () => (placesLeft.length === 0 ? [] : placesIn(fixed.text, parseDashboardDocument(fixed.text, file)?.parts.specPath ?? []));
      // The dashboard loses its __elements only once their files are written; said fixed only once it is written itself.
      writes.push(
        Promise.allSettled(libraryWrites)
          .then((settled) => {
            const failed = settled.find((outcome) => outcome.status === 'rejected');
            if (failed) throw failed.reason;
          })
          .then(() => rewriteInPlace(absPath, fixed.text))
          .then(
            () => ({ fixed: fix, places: writtenPlaces() }),
            (error: unknown) => ({ left: unwritten(file, absPath, error, settings.cwd, libraryFiles), places: placesIn(document.text, document.parts.specPath) }),
          ),
      );
    });
    // In tree order, whichever write ends first.
    for (const outcome of await Promise.all(writes)) {
      left.push(...outcome.places);
      if ('fixed' in outcome) changed.push(outcome.fixed);
      else left.push(outcome.left);
    }
  }
  for (const absPath of libraryTargets) {
    const text = (await readUtf8File(absPath, absPath)).text;
    // A file that is not UTF-8 (or unreadable) is never rewritten: check reports it.
    if (text === undefined) continue;
    const file = displayPath(settings.cwd, absPath);
    const placer = placeDatasources && recordingPlacer(placeDatasources, absPath, text);
    const inexact = findInexactNumber(text);
    if (inexact) {
      if (needsMoreThanNumbers(fixLibraryPanelDocument(text, file, () => 'uid', placer?.placeModel), text)) left.push(leftAsItIs(file, text, inexact, placer?.placed));
      continue;
    }
    const fixed = fixLibraryPanelDocument(text, file, () => newUid(absPath), placer?.placeModel);
    // Where the place is once the run is over: a file written holds its panel's model at `model`.
    const placesIn = (shown: string, modelPath?: (string | number)[]) => (placer?.left ?? []).map(({ at, place }) => leftAt(file, shown, [...(modelPath ?? at), ...place.path], place.why));
    if (!fixed) {
      left.push(...placesIn(text));
      continue;
    }
    const error = await rewriteInPlace(absPath, fixed.text).then(() => undefined, (failure: unknown) => failure ?? 'failed');
    if (error === undefined) {
      left.push(...placesIn(fixed.text, ['model']));
      changed.push({ file, changes: fixed.changes });
    } else left.push(...placesIn(text), unwritten(file, absPath, error, settings.cwd));
  }
  const folders = await convertFolderResources(selected.folderFiles, settings.cwd);
  return { changed: [...changed, ...folders.changed], left: [...left, ...folders.left] };
}

/**
 * A file the fix could not write (`error`: the write's, of the file at `absPath` or of a library panel file for it), left as
 * it was: why, and what to do. `libraryFiles`: the library panel files written for it before, which stay (as shown).
 */
function unwritten(file: string, absPath: string, error: unknown, cwd: string, libraryFiles: readonly string[] = []): FileLeft {
  const { code, path } = error as NodeJS.ErrnoException;
  const what = path === undefined || path === absPath ? 'it' : displayPath(cwd, path);
  // Its own directory: the new text is written beside the file and renamed over it, so that a failed write leaves it whole.
  const beside = path === dirname(absPath) ? ' (the fix writes the new text beside the file, then renames it over the file)' : '';
  const reason = fileErrorReason(code);
  const toDo = what === 'it' ? reason?.toWrite : reason?.toWriteIn === undefined ? undefined : `${reason.toWriteIn}${beside}`;
  const advice = reason === undefined ? '' : `: ${reason.what}${toDo === undefined ? '' : `; ${toDo}, then run check --fix again`}`;
  const stay = libraryFiles.length === 0 ? '' : `; the library panel file${libraryFiles.length === 1 ? '' : 's'} written for it (${libraryFiles.join(', ')}) stay${libraryFiles.length === 1 ? 's' : ''}`;
  return { file, why: `cannot write ${what} (${code ?? (error instanceof Error ? error.message : String(error))})${advice}, so the file is left as it was${stay}` };
}

/**
 * Replaces a file the user may hold work in through a temp file and a rename (a symlinked file: its target), so a write
 * that fails part-way (ENOSPC, EFBIG) or a quit leaves the file as it was. A file the user cannot write stays refused,
 * as an in-place write would be; a failure is said of the file, or of its directory where that is what refused.
 */
async function rewriteInPlace(absPath: string, text: string): Promise<void> {
  // Opened for writing (as the effective user; nothing truncated), so a file only the rename could replace stays refused.
  await (await open(absPath, 'r+')).close();
  const target = await realpath(absPath);
  try {
    await writeFileAtomic(target, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') throw Object.assign(error as object, { path: absPath });
    // The directory that refused the temp file: the file's own as the user names it, a symlink's target's otherwise.
    const ownDir = dirname(target) === (await realpath(dirname(absPath)).catch(() => undefined));
    throw Object.assign(error as object, { path: ownDir ? dirname(absPath) : dirname(target) });
  }
}

/** Git Sync's `_folder.json` (a Folder resource) rewritten as dashsync's `{uid, title}`, where nothing but the form changes (convertFolderResource). */
async function convertFolderResources(folderFiles: string[], cwd: string): Promise<{ changed: FileFix[]; left: FileLeft[] }> {
  const changed: FileFix[] = [];
  const left: FileLeft[] = [];
  for (const absPath of folderFiles) {
    const text = (await readUtf8File(absPath, absPath)).text;
    const file = displayPath(cwd, absPath);
    const parsed = text === undefined ? undefined : parseJsonDocument(text, file);
    if (!parsed || parsed.diagnostics.length > 0 || !isFolderResource(parsed.value)) continue;
    const converted = convertFolderResource(parsed.value);
    if ('problem' in converted) continue;
    const error = await rewriteInPlace(absPath, canonicalJson({ uid: converted.uid, title: converted.title })).then(() => undefined, (failure: unknown) => failure ?? 'failed');
    if (error === undefined) changed.push({ file, changes: [`converted the Folder resource to {"uid": ${JSON.stringify(converted.uid)}, "title": …}`] });
    else left.push(unwritten(file, absPath, error, cwd));
  }
  return { changed, left };
}

/** One note per panel and old name: `renamed 2 references to library panel "lp-cpu" from "CPU" to "CPU usage", its name in …`. */
function describeRenamedRefs(stale: readonly StaleLibraryRefName[]): string[] {
  const counts = new Map<string, { found: StaleLibraryRefName; count: number }>();
  for (const found of stale) {
    const key = `${found.uid}\u0000${found.stale}`;
    const seen = counts.get(key);
    if (seen) seen.count += 1;
    else counts.set(key, { found, count: 1 });
  }
  return [...counts.values()].map(({ found, count }) =>
    `renamed ${count === 1 ? 'the reference' : `${count} references`} to library panel "${found.uid}" from "${found.stale}" to "${found.current}", its name in ${found.panelFile}`,
  );
}

/** Whether the fix changes more than the numbers JSON.parse cannot hold (when only they differ, the file is right as it is). */
function needsMoreThanNumbers(fixed: { text: string } | undefined, text: string): boolean {
  return fixed !== undefined && fixed.text !== withNumbersAsParsed(text);
}

/**
 * With environments: a file's literal datasources that are one environment's input value, as placeholders
 * (placeEnvironmentDatasources), judged by the environments whose include/exclude select the file (`files`: those the fix
 * may rewrite). Undefined without environments.
 */
function environmentPlacer(settings: Settings, files: readonly string[]): PlaceDatasources | undefined {
  if (settings.environments.length === 0) return undefined;
  const rootPath = (absPath: string) => toSlashes(relative(settings.root, absPath));
  const deploying = environmentsDeploying(files.map(rootPath), settings.environmentSelections);
  const config = { environmentInputs: settings.environmentInputs, configFile: settings.configFile };
  return (absPath, model, text) => placeEnvironmentDatasources(model, text, deploying({ file: rootPath(absPath) }), config);
}

type PlaceDatasources = (absPath: string, model: Record<string, unknown>, text: string) => PlacedDatasources;

/**
 * The placer of one library panel file as fixLibraryPanelDocument calls it (`placeModel`), recording what its call placed
 * and the places it left, at the path of the model in the text.
 */
function recordingPlacer(place: PlaceDatasources, absPath: string, text: string) {
  const recorder = {
    placed: false,
    left: [] as { at: (string | number)[]; place: PlacedDatasources['left'][number] }[],
    placeModel: (model: Record<string, unknown>, modelPath: (string | number)[]) => {
      const placed = place(absPath, model, text);
      recorder.placed = placed.changes.length > 0;
      recorder.left = placed.left.map((left) => ({ at: modelPath, place: left }));
      return placed;
    },
  };
  return recorder;
}

/** A place in a file (`path`: JSON path in its text) the fix left as it is, at its line:col, and why. */
function leftAt(file: string, text: string, path: (string | number)[], why: string): FileLeft {
  const at = locateJsonPath(text, path);
  return { file: at === undefined ? file : `${file}:${at.line}:${at.col}`, why };
}

/** The file (at the number's line:col) and why the fix left it as it is. */
function leftAsItIs(file: string, text: string, inexact: InexactNumber, placeholders = false): FileLeft {
  const { line, col } = positionOf(text, inexact.offset);
  const shown = shownNumberLiteral(inexact.literal);
  return {
    file: `${file}:${line}:${col}`,
    why: `the number ${shown} cannot be written back exactly (JSON numbers are read as 64-bit floats), so the file is left as it is${placeholders ? ' and its datasource placeholders are not written either' : ''}; write it as a string or with fewer digits, then run check --fix again`,
  };
}

interface LibraryFiles {
  /** Canonical file text of every library panel of the tree and of this run, by uid. */
  known: Map<string, { file: string; text: string }>;
  /** Writes a new `_library/` file beside the dashboards of `dashboardDir`, under a free name. */
  add(dashboardDir: string, panel: { uid: string; name: string; text: string }): { file: string; done: Promise<void> };
}

/** The tree's library panels as their files say them, and a writer that never takes a name in use. */
function knownLibraryPanels(tree: Tree, cwd: string): LibraryFiles {
  const known = new Map<string, { file: string; text: string }>();
  for (const entry of tree.libraryPanels) {
    const { parsed } = readLibraryPanelFile(entry.absPath, entry.file, {});
    if (parsed.written) known.set(entry.uid, { file: entry.file, text: canonicalJson(parsed.written) });
  }
  const taken = new Map<string, Set<string>>();
  return {
    known,
    add(dashboardDir, panel) {
      const dir = join(dashboardDir, LIBRARY_DIR);
      let names = taken.get(dir);
      if (!names) {
        names = new Set(existsSync(dir) ? readdirSync(dir).map((name) => name.toLowerCase()) : []);
        taken.set(dir, names);
      }
      const inUse = names;
      const name = assignNames({ candidates: [{ uid: panel.uid, title: panel.name }], kind: 'dashboard', extension: '.json', isTaken: (candidate) => inUse.has(candidate) }).get(panel.uid)!;
      names.add(name);
      const absPath = join(dir, name);
      const file = relative(cwd, absPath).split(sep).join('/');
      known.set(panel.uid, { file, text: panel.text });
      // Never over a file that appeared since the listing, nor half a file under its name.
      const done = mkdir(dir, { recursive: true }).then(() => writeNewFileAtomic(absPath, panel.text));
      return { file, done };
    },
  };
}
