// The machine a run measured on, and how busy it was: the report's header.
import { availableParallelism, cpus, freemem, loadavg, totalmem } from 'node:os';

/** What is known about the machine now: CPUs, memory, Node, load average (1, 5, 15 minutes). */
export function sampleMachine() {
  return {
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    totalGB: totalmem() / 2 ** 30,
    freeGB: freemem() / 2 ** 30,
    node: process.version,
    load: loadavg(),
  };
}

const loadText = (load) => load.map((value) => value.toFixed(2)).join(' ');

/** One line for the start of a run, on stderr: the load it starts under. */
export const renderLoadNow = (sample) => `load average ${loadText(sample.load)} (1/5/15 min), nproc ${sample.nproc}`;

/**
 * The header lines of the report (pure): the machine, and the load average at the start and at
 * the end of the run — wall times stretch with load, so a result comes with the load it ran under.
 */
export function renderMachineHeader(start, end) {
  return [
    `machine: nproc ${start.nproc} (${start.cpuModel}), ${Math.round(start.totalGB)} GB RAM (${Math.round(start.freeGB)} GB free at start), Node ${start.node}`,
    `load average (1/5/15 min): ${loadText(start.load)} at start, ${loadText(end.load)} at end`,
  ];
}
