// First: @actions/core loads undici as the bundle starts, and undici compiles its parser then.
import '../wasm-on-baseline.js';
import { run } from './main.js';

void run();
