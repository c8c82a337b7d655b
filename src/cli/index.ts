#!/usr/bin/env node
import '../wasm-on-baseline.js';
import { enableCompileCache } from './compile-cache.js';

// Before the rest of the CLI is imported: a module compiled before the cache is on is not cached.
enableCompileCache();
const { runCli } = await import('./run-cli.js');
process.exitCode = await runCli(process.argv.slice(2));
