// Types for bench-machine.mjs.
export interface MachineSample {
  nproc: number;
  cpuModel: string;
  totalGB: number;
  freeGB: number;
  node: string;
  /** Load average over 1, 5 and 15 minutes. */
  load: number[];
}
export function sampleMachine(): MachineSample;
export function renderLoadNow(sample: MachineSample): string;
export function renderMachineHeader(start: MachineSample, end: MachineSample): [string, string];
