// Preloaded into the measured dashsync process (`node --require scripts/lib/bench-rss.cjs …`):
// at exit, writes `<peak RSS in kilobytes> <CPU time (user + system) in ms>` to the file named
// by DASHSYNC_BENCH_RSS_FILE. CPU time says what the run cost when a busy machine stretches its
// wall time. CommonJS because --require does not take an ES module on Node 20.
'use strict';
const { writeFileSync } = require('node:fs');

const file = process.env.DASHSYNC_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const usage = process.resourceUsage();
      writeFileSync(file, `${usage.maxRSS} ${(usage.userCPUTime + usage.systemCPUTime) / 1000}\n`);
    } catch {
      // The benchmark reports a missing number; never change the exit status of the measured run.
    }
  });
}
