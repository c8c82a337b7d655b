// Preloaded into the measured CLI by measure-plan-speed.mjs: at exit, writes
// `<peak RSS kB> <user+system CPU ms>` to the file named by DASHSYNC_MEASURE_FILE.
'use strict';
const { writeFileSync } = require('node:fs');

const file = process.env.DASHSYNC_MEASURE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    try {
      writeFileSync(file, `${usage.maxRSS} ${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`);
    } catch {
      // a missing number is reported; the measured exit status never changes
    }
  });
}
