import nodeModule from 'node:module';

/** The part of node:module this uses: Node ≥ 22.8 only, absent before (this project's types are Node 20's). */
interface CompileCacheApi {
  enableCompileCache?: () => unknown;
}

/**
 * Asks Node to keep V8's compiled code of the CLI's modules between runs (Node ≥ 22.8: the
 * module compile cache, in Node's own directory, `node-compile-cache` under the OS temporary
 * directory unless NODE_COMPILE_CACHE names another). The modules loaded after this call are
 * read from the cache when it holds them, so the entry imports everything else afterwards.
 * Off with Node's own NODE_DISABLE_COMPILE_CACHE=1. A cache is never a reason for a run to fail:
 * Node reports a directory it cannot use in its answer instead of throwing, which is ignored here,
 * and an older Node has no such function.
 */
export function enableCompileCache(): void {
  const api = nodeModule as unknown as CompileCacheApi;
  if (typeof api.enableCompileCache !== 'function') return;
  try {
    api.enableCompileCache();
  } catch {
    // Nothing to say: a run without the cache is the run Node 20 makes.
  }
}
