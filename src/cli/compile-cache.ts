import { lstatSync, mkdirSync } from 'node:fs';
import nodeModule from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The part of node:module this uses: Node ≥ 22.8 only, absent before (this project's types are Node 20's). */
interface CompileCacheApi {
  enableCompileCache?: (directory?: string) => unknown;
}

/**
 * Asks Node to keep V8's compiled code of the CLI's modules between runs (Node ≥ 22.8: the
 * module compile cache). The modules loaded after this call are read from the cache when it holds
 * them, so the entry imports everything else afterwards. Off with Node's own
 * NODE_DISABLE_COMPILE_CACHE=1; NODE_COMPILE_CACHE, when set, is the user's choice of directory
 * and Node's to handle. A cache is never a reason for a run to fail: Node reports a directory it
 * cannot use in its answer instead of throwing, which is ignored here, and an older Node has no
 * such function.
 */
export function enableCompileCache(): void {
  const api = nodeModule as unknown as CompileCacheApi;
  if (typeof api.enableCompileCache !== 'function' || process.env.NODE_DISABLE_COMPILE_CACHE) return;
  try {
    if (process.env.NODE_COMPILE_CACHE) {
      api.enableCompileCache();
      return;
    }
    const directory = privateCacheDirectory(process.env, homedir());
    if (directory !== null) api.enableCompileCache(directory);
  } catch {
    // Nothing to say: a run without the cache is the run Node 20 makes.
  }
}

/**
 * The user's own cache directory for compiled code, `dashsync/node-compile-cache` under
 * XDG_CACHE_HOME (or ~/.cache), created private (0700); null where it is not the user's alone.
 * Not Node's default under the OS temporary directory: that directory is shared by every user, and
 * Node uses it whoever made it, so another account could leave compiled code there for this
 * process to run.
 */
export function privateCacheDirectory(env: NodeJS.ProcessEnv, home: string): string | null {
  const cacheRoot = env.XDG_CACHE_HOME?.startsWith('/') ? env.XDG_CACHE_HOME : home ? join(home, '.cache') : null;
  if (cacheRoot === null) return null;
  const directory = join(cacheRoot, 'dashsync', 'node-compile-cache');
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const stats = lstatSync(directory);
    const ownUid = process.getuid?.();
    if (!stats.isDirectory() || (ownUid !== undefined && stats.uid !== ownUid) || (stats.mode & 0o077) !== 0) return null;
    return directory;
  } catch {
    return null;
  }
}
