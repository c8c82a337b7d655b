import { setFlagsFromString } from 'node:v8';

// A plan mostly waits on Grafana, allocating little between answers: V8 then starts a full collection about once a
// second from a task, marking incrementally, though the old generation is far from its limit (11–13 of them in a plan of
// 5,000 under 20 ms latency), each pausing the thread that sends the next requests. Without incremental marking the young
// generation is scavenged instead, and the old one collected at its limit: ~11 % less CPU in that plan. Called by the
// plan command's run only, not on import (the CLI loads every command for its help): an apply's larger heap costs more
// CPU so (docs/performance.md, perf-57b); the sandbox, a server holding every dashboard, keeps it. Node leaves a flag set
// after start-up unspecified: this one was checked to take effect in the built CLI (one mark-compact in the latency plan,
// perf-57b). Set before the run allocates much.
export function collectWithoutIncrementalMarking(): void {
  setFlagsFromString('--no-incremental-marking');
}
