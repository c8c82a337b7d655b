import { setFlagsFromString } from 'node:v8';

// A plan mostly waits on Grafana, allocating little between answers: V8 then starts a full collection about once a
// second from a task, marking incrementally, though the old generation is far from its limit (11–13 of them in a plan of
// 5,000 under 20 ms latency), each pausing the thread that sends the next requests. Without incremental marking the young
// generation is scavenged instead, and the old one collected at its limit: ~11 % less CPU in that plan. Imported by the
// plan command only: an apply's larger heap cost more CPU so (docs/performance.md, perf-57b), and the sandbox, a server
// holding every dashboard, keeps it. Set before the run allocates much.
setFlagsFromString('--no-incremental-marking');
