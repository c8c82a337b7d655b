import { basename, dirname, relative } from 'node:path';
import type pLimit from 'p-limit';
import type { Diagnostic } from '../errors.js';
import type { InputsHome } from './describe-unmapped-input.js';
import { LIBRARY_DIR } from './discover-tree.js';
import { inexactNumberDiagnostic } from './inexact-number-diagnostic.js';
import { isPlainObject } from './is-plain-object.js';
import { parseLibraryPanelText, type LibraryPanelTextOptions, type ParsedLibraryPanel } from './parse-library-panel-text.js';
import { expressionInputUses, type ExpressionInputNames } from './resolve-inputs.js';
import { readUtf8FileSync } from './read-utf8-file.js';
import { toSlashes } from './tree-paths.js';
import type { LibraryPanelEntry } from './types.js';

export interface ReadLibraryPanelsOptions {
  root: string;
  inputs: Record<string, string>;
  inputsHome: InputsHome;
  /** How a file is shown to the user. */
  display: (absPath: string) => string;
  limit: ReturnType<typeof pLimit>;
  /** Each environment's inputs map (ReadTreeOptions.environmentInputs): a literal datasource of one is warned about. */
  environmentInputs?: Record<string, Record<string, string>>;
  /** A placeholder only the environments' maps resolve keeps the panel (LibraryPanelTextOptions.inputsPerEnvironment). */
  inputsPerEnvironment?: boolean;
  /** Told of each valid panel file that writes an input as a server-side expression query's uid (ExpressionInputFiles). */
  noteExpressionInputs?: (file: string, uses: ExpressionInputNames) => void;
}

/**
 * Reads and validates every library panel file (`<dir>/_library/<name>.json`; the panel lives in
 * the folder of `<dir>`, General for the root's `_library/`). Entries carry no folder uid yet:
 * the caller knows the folders. A file deeper below `_library/` is an error.
 */
export async function readLibraryPanels(
  files: string[],
  options: ReadLibraryPanelsOptions,
): Promise<{ entries: Omit<LibraryPanelEntry, 'folderUid'>[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const read = await Promise.all(
    files.map((absPath) =>
      options.limit(() => {
        const file = options.display(absPath);
        const libraryDir = dirname(absPath);
        const dir = toSlashes(relative(options.root, dirname(libraryDir))).replace(/^\.$/, '');
        if (basename(libraryDir) !== LIBRARY_DIR || dir.split('/').includes(LIBRARY_DIR)) {
          const message = `library panel files live directly in a ${LIBRARY_DIR}/ directory beside the dashboards of their folder: move this file`;
          diagnostics.push({ file, line: 1, col: 1, severity: 'error', rule: 'library-file-misplaced', message });
          return null;
        }
        const { parsed, textHash } = readLibraryPanelFile(absPath, file, options.inputs, { inputsHome: options.inputsHome, checkNumbers: true, environmentInputs: options.environmentInputs, inputsPerEnvironment: options.inputsPerEnvironment });
        diagnostics.push(...parsed.diagnostics);
        if (!parsed.content || textHash === null) return null;
        const model = parsed.written?.model;
        if (options.noteExpressionInputs && isPlainObject(model)) options.noteExpressionInputs(file, expressionInputUses(model));
        return { file, absPath, dir, uid: parsed.content.uid, name: parsed.content.name, contentHash: textHash };
      }),
    ),
  );
  return { entries: read.filter((entry) => entry !== null), diagnostics };
}

/**
 * One library panel file: parsed and validated, its text and the digest of its bytes (null when unreadable).
 * `checkNumbers` (the tree read of plan and check) also refuses a number a 64-bit float cannot hold.
 */
export function readLibraryPanelFile(
  absPath: string,
  file: string,
  inputs: Record<string, string>,
  options: LibraryPanelTextOptions & { checkNumbers?: boolean } = {},
): { parsed: ParsedLibraryPanel; textHash: string | null; text: string | null } {
  const read = readUtf8FileSync(absPath, file);
  if (read.diagnostic) return { parsed: { content: null, written: null, elementPath: [], diagnostics: [read.diagnostic] }, textHash: null, text: null };
  const parsed = parseLibraryPanelText(read.text, file, inputs, options);
  const inexact = options.checkNumbers === true && parsed.written !== null ? inexactNumberDiagnostic(read.text, file, parsed.written) : undefined;
  if (!inexact) return { parsed, textHash: read.digest, text: read.text };
  return { parsed: { ...parsed, content: null, diagnostics: [...parsed.diagnostics, inexact] }, textHash: read.digest, text: read.text };
}
