import { setFlagsFromString } from 'node:v8';

// A plan or apply mostly waits on Grafana, allocating little between answers: V8 then starts a full collection about
// once a second from a task, marking incrementally, though the old generation is far from its limit (11–13 of them in a
// plan of 5,000 under 20 ms latency), each pausing the thread that sends the next requests. Without incremental marking
// the young generation is scavenged instead, and the old one collected at its limit: ~12 % less CPU in that plan
// (docs/performance.md, perf-57b). Imported by the commands that talk to Grafana, not by the sandbox, a server that keeps
// every dashboard in memory. Set before the run allocates much.
setFlagsFromString('--no-incremental-marking');
