import type pLimit from 'p-limit';
import type { Diagnostic } from '../errors.js';
import { isPlainObject } from '../files/is-plain-object.js';
import { parseLibraryPanelText } from '../files/parse-library-panel-text.js';
import { readUtf8File } from '../files/read-utf8-file.js';
import { findUnmappedInputs } from './find-unmapped-inputs.js';
import { findInputsDifferingInOrg, type OrgDeployersOf } from './find-inputs-differing-in-org.js';

export interface LibraryPanelInputs {
  /** Uids of the panel files that are valid but for inputs the top level does not map (readTree left them out). */
  uids: string[];
  /** Their files (absolute paths): library panels for check's count, though readTree left them out. */
  files: string[];
  /** Per file (absolute path): the inputs some environment does not map. */
  diagnostics: Map<string, Diagnostic[]>;
}

/**
 * `check` on a config with environments and no `--env`: readTree resolved the `_library/` files
 * with the top-level inputs alone, so a panel whose placeholders only the environments map is
 * missing from its index (and its `input-unmapped` errors name no environment). Each file is
 * read again: which panels exist after all, and which inputs each environment that deploys it lacks.
 */
export async function readLibraryPanelInputs(
  files: string[],
  options: {
    display: (absPath: string) => string;
    /** By absolute path: the inputs map of each environment that deploys the file (one that leaves it out never renders it). */
    inputsOf: (absPath: string) => Record<string, Record<string, string>>;
    configFile: string;
    limit: ReturnType<typeof pLimit>;
    /** By absolute path: the environments of each Grafana org that deploy the file (findInputsDifferingInOrg). */
    orgDeployersOf?: (absPath: string) => ReturnType<OrgDeployersOf>;
  },
): Promise<LibraryPanelInputs> {
  const result: LibraryPanelInputs = { uids: [], files: [], diagnostics: new Map() };
  await Promise.all(
    files.map((absPath) =>
      options.limit(async () => {
        const file = options.display(absPath);
        const { text } = await readUtf8File(absPath, file);
        if (text === undefined) return; // readTree reported why it cannot be read
        const parsed = parseLibraryPanelText(text, file, {}, { duplicateKeys: false });
        const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
        const model = parsed.written?.model;
        if (!isPlainObject(model) || errors.some((d) => d.rule !== 'input-unmapped')) return;
        if (errors.length > 0 && typeof parsed.written?.uid === 'string') {
          result.uids.push(parsed.written.uid.trim());
          result.files.push(absPath);
        }
        const site = { text, model, modelPath: [...parsed.elementPath, 'model'] };
        const uid = typeof parsed.written?.uid === 'string' ? parsed.written.uid.trim() || undefined : undefined;
        const deployers = options.orgDeployersOf?.(absPath) ?? [];
        result.diagnostics.set(absPath, [
          ...findUnmappedInputs(site, file, options.inputsOf(absPath), options.configFile),
          ...findInputsDifferingInOrg(site, file, uid, deployers, options.configFile),
        ]);
      }),
    ),
  );
  return result;
}
