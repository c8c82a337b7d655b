// Child processes of the benchmark: every one is tracked so that an error, Ctrl-C or a
// timeout never leaves a sandbox or a dashsync run behind.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const live = new Set();
const TAIL_CHARS = 16 * 1024;

export function spawnTracked(command, args, options) {
  const child = spawn(command, args, options);
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.once('error', () => live.delete(child));
  return child;
}

export function killAllChildren() {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

/** Kills every child on exit, on SIGINT/SIGTERM/SIGHUP and when `deadlineMs` passes. */
export function installCleanup({ deadlineMs, onDeadline }) {
  process.once('exit', killAllChildren);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.once(signal, () => {
      killAllChildren();
      process.stderr.write(`bench: interrupted (${signal}), children stopped\n`);
      process.exit(code);
    });
  }
  const timer = setTimeout(() => {
    killAllChildren();
    onDeadline();
  }, deadlineMs);
  timer.unref();
}

/** Keeps the last TAIL_CHARS of a stream: a plan of 10,000 changes prints far more than we need. */
function collectTail(stream) {
  const state = { text: '' };
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    state.text = (state.text + chunk).slice(-TAIL_CHARS);
  });
  return state;
}

/** Runs a process to completion; wall time from spawn to exit. Kills it after `timeoutMs`. */
export function runProcess(command, args, { env, cwd, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawnTracked(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = collectTail(child.stdout);
    const stderr = collectTail(child.stderr);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, ms: performance.now() - started, stdoutTail: stdout.text, stderrTail: stderr.text });
    });
  });
}

/** One line that says why a child failed, for the table: the last non-empty stderr line. */
export function failureLine(result) {
  if (result.timedOut) return 'timed out';
  // Skip a crash's stack frames and Node's version footer: the message line is what explains it.
  const lines = result.stderrTail.split('\n').filter((line) => line.trim() && !/^\s+at |^Node\.js v|^\s*\^+\s*$|^Run again with --verbose/.test(line));
  const last = lines.pop()?.trim() ?? '';
  return `exit ${result.code ?? result.signal}${last ? `: ${last.slice(0, 160)}` : ''}`;
}
