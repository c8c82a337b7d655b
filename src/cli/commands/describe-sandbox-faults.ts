import type { FaultConfig } from '../../sandbox/types.js';

/**
 * The faults a sandbox was started with, for its listening line (`latency 80 ms, 429 5 %, 503 2 %, seed 3`), so a slow or
 * flaky run later reads as the faults it was asked for; [] for a clean sandbox.
 */
export function describeSandboxFaults(faults: FaultConfig | undefined): string[] {
  if (faults === undefined) return [];
  const retryAfter = faults.retryAfterSeconds !== undefined ? ` (Retry-After ${faults.retryAfterSeconds} s)` : '';
  const parts = [
    ...(faults.latencyMs ? [`latency ${faults.latencyMs} ms`] : []),
    ...(faults.rateLimitRate ? [`429 ${percent(faults.rateLimitRate)}${retryAfter}`] : []),
    ...(faults.errorRate ? [`${faults.errorStatus ?? 503} ${percent(faults.errorRate)}`] : []),
    ...(faults.dropRate ? [`connections dropped ${percent(faults.dropRate)}`] : []),
  ];
  const drawn = Boolean(faults.rateLimitRate || faults.errorRate || faults.dropRate);
  return drawn && faults.seed !== undefined ? [...parts, `seed ${faults.seed}`] : parts;
}

function percent(rate: number): string {
  return `${Number((rate * 100).toFixed(2))} %`;
}
