// Preloaded into the measured dashsync process (`node --require scripts/lib/bench-rss.cjs …`):
// at exit, writes the process's peak resident set size in kilobytes to the file named by
// DASHSYNC_BENCH_RSS_FILE. CommonJS because --require does not take an ES module on Node 20.
'use strict';
const { writeFileSync } = require('node:fs');

const file = process.env.DASHSYNC_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      writeFileSync(file, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // The benchmark reports a missing number; never change the exit status of the measured run.
    }
  });
}
