#!/usr/bin/env node
import '../wasm-on-baseline.js';
import { enableCompileCache } from './compile-cache.js';

// Before the rest of the CLI is imported: a module compiled before the cache is on is not cached.
enableCompileCache();
const { runCli } = await import('./run-cli.js');
process.exitCode = await runCli(process.argv.slice(2));
// The run's outcome is printed and its code set: a signal while the process ends (streams flushing) does not replace it (walk-73 L4).
const keepExitCode = () => process.exit();
process.on('SIGINT', keepExitCode);
process.on('SIGTERM', keepExitCode);
