import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { parse } from 'jsonc-parser';
import { DEFAULT_CONFIG_FILE, DEFAULT_ROOT } from '../config/config-keys.js';

/**
 * The tree a step's plan comment is keyed on (planCommentMarker): the `path` input as given; without it, the root the step
 * read (`root`, absolute), relative to the workspace (`dashboards` for every step that read the default tree, as the
 * comments of steps before the config file's `root` counted were keyed). Two steps of other config files, each naming
 * its own root, keep a comment each.
 */
export function planCommentTree(path: string | undefined, root: string, workspace: string): string {
  if (path !== undefined) return path;
  const relativePath = relative(workspace, root);
  if (isAbsolute(relativePath)) return root;
  return relativePath === '' ? '.' : relativePath.split('\\').join('/');
}

/**
 * planCommentTree of a step that failed before its settings were read (a config file that does not parse, a value it
 * refuses): the root its config file names, read as far as the file can be read (a syntax error later in it does not
 * hide a `root` before it), else the default; so the failure marks the comment the step's last plan wrote, and no other.
 */
export async function planCommentTreeOfConfig(inputs: { path: string | undefined; config: string | undefined }, cwd: string, workspace: string): Promise<string> {
  if (inputs.path !== undefined) return inputs.path;
  const configFile = resolve(cwd, inputs.config ?? DEFAULT_CONFIG_FILE);
  const text = await readFile(configFile, 'utf8').catch(() => undefined);
  const parsed: unknown = text === undefined ? undefined : parse(text.replace(/^\uFEFF/, ''), [], { allowTrailingComma: true });
  const root = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>).root : undefined;
  const resolved = typeof root === 'string' && root.trim() !== '' ? resolve(dirname(configFile), root) : resolve(cwd, DEFAULT_ROOT);
  return planCommentTree(undefined, resolved, workspace);
}
