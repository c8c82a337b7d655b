import { setFlagsFromString } from 'node:v8';

// undici parses HTTP answers with a WebAssembly module (llhttp). V8 compiles it with its baseline
// compiler (Liftoff) at once and, by default, again with TurboFan on background threads: 4–5 % of
// a 5,000-dashboard plan's CPU, paid again by every process, more than the optimized parser gives
// back in one run (docs/performance.md, perf-plan). Set before undici compiles its module, so each
// entry (the CLI's, the Action's) imports this first; a function Liftoff cannot compile still goes to TurboFan.
setFlagsFromString('--no-wasm-dynamic-tiering');
setFlagsFromString('--no-wasm-tier-up');
