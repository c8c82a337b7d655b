#!/usr/bin/env node
import '../wasm-on-baseline.js';
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2));
