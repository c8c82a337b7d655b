import type { Dispatcher } from 'undici';

/** How much of a body `dump()` reads before it closes the connection instead (undici's default for `dump()`). */
const DUMP_LIMIT = 128 * 1024;

/** A request that was not written when its signal aborted: it never will be (undici aborts it when its connection comes). */
export class NotWrittenError extends Error {
  override readonly name = 'NotWrittenError';
  constructor(readonly reason: unknown) {
    super('interrupted before it was written');
  }
}

/** An answer's status and headers, as they arrived, with its body still coming. */
export interface SentAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: {
    /** The whole body, once it has ended. */
    bytes(): Promise<Uint8Array>;
    /**
     * Waits for the body's end, keeping none of it, and never fails (the answer is its status); past DUMP_LIMIT bytes the
     * connection is closed instead of read to its end, as undici's `dump()` does.
     */
    dump(): Promise<void>;
    /**
     * Shows `watcher` the body's bytes come so far (a view valid only during the call), at once and again as more come,
     * until it returns true or WATCH_LIMIT bytes have come: a caller acts on the body's first bytes while the rest arrives.
     */
    watch(watcher: (start: Uint8Array) => boolean): void;
  };
}

/** The most of a body's first bytes `watch` shows: what a watcher looks for comes before. */
const WATCH_LIMIT = 64 * 1024;

/**
 * Sends one request on `dispatcher` (undici's `dispatch`, with a handler that takes the body whole: no stream, no
 * promise per chunk), resolving once the answer's status and headers arrive. `onWritten` is called the moment undici
 * writes the request: undici 7 starts a request on a connected socket (dispatcher/client-h1.js writeH1) by calling
 * its handler's `onRequestStart` (legacy: `onConnect`) and writes its head and body in that same turn, unless the
 * handler aborts it right there, as this one does when it was ended while waiting for its connection. Until then
 * (connecting, a TLS handshake, a proxy's tunnel, a queue) not a byte of it has gone out.
 * `options.signal` ends it whenever, until its answer's body has ended (a body still coming is cut off: its `bytes()`
 * fails, review-65b L1); `untilWritten` only while it is not written. Either aborting before the write ends it at once in
 * NotWrittenError: undici itself would hold it until its connection is made (or fails), which on a slow connect is the
 * connect timeout.
 */
export function sendNoticingWrite(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions & { signal?: AbortSignal }, onWritten?: () => void, untilWritten?: AbortSignal): Promise<SentAnswer> {
  const { signal: cutOff, ...dispatchOptions } = options;
  return new Promise((resolve, reject) => {
    let controller: Dispatcher.DispatchController | undefined;
    let written = false;
    let answered = false;
    let ended: { reason: unknown } | undefined;
    const chunks: Buffer[] = [];
    let length = 0;
    let discard = false;
    let watcher: ((start: Uint8Array) => boolean) | undefined;
    const showWatcher = () => {
      if (watcher === undefined || length === 0) return;
      if (watcher(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length)) || length >= WATCH_LIMIT) watcher = undefined;
    };
    const body = settlement<Uint8Array>();
    const stopListening = () => {
      cutOff?.removeEventListener('abort', onCutOff);
      untilWritten?.removeEventListener('abort', onUntilWritten);
    };
    const end = (reason: unknown) => {
      if (ended !== undefined) return;
      ended = { reason };
      stopListening();
      // Written: undici ends it, and its error rejects the answer, or its body once the answer started (onResponseError). Not yet: it is dropped when its connection comes.
      if (written) controller?.abort(reason as Error);
      else reject(new NotWrittenError(reason));
    };
    function onCutOff() {
      end(cutOff?.reason);
    }
    function onUntilWritten() {
      if (!written) end(untilWritten?.reason);
    }
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(started) {
        controller = started;
        if (ended !== undefined) {
          started.abort(ended.reason as Error);
          return;
        }
        written = true;
        onWritten?.();
      },
      onResponseStart(_controller, statusCode, headers) {
        // 1xx: informational, the answer is still to come.
        if (statusCode < 200) return;
        answered = true;
        // `untilWritten` is over; `cutOff` still ends a body that stalls (Ctrl-C, a page asked for ahead no longer wanted).
        untilWritten?.removeEventListener('abort', onUntilWritten);
        const declared = Number(headers['content-length'] ?? 0);
        resolve({
          statusCode,
          headers: headers as SentAnswer['headers'],
          body: {
            bytes: () => body.promise,
            dump: () => {
              discard = true;
              chunks.length = 0;
              if (declared > DUMP_LIMIT || length > DUMP_LIMIT) controller?.abort(new Error('body not read: dumped'));
              return body.promise.then(noop, noop);
            },
            watch: (watching) => {
              watcher = watching;
              showWatcher();
            },
          },
        });
      },
      onResponseData(_controller, chunk) {
        length += chunk.length;
        if (!discard) {
          chunks.push(chunk);
          showWatcher();
        } else if (length > DUMP_LIMIT) controller?.abort(new Error('body not read: dumped'));
      },
      onResponseEnd() {
        stopListening();
        watcher = undefined;
        body.resolve(joinChunks(chunks, length));
      },
      onResponseError(_controller, error) {
        stopListening();
        if (answered) body.reject(error);
        else if (ended === undefined || written) reject(error);
      },
    };
    // A body nobody waits for (the caller gave up on the answer) fails unheard.
    body.promise.catch(() => {});
    cutOff?.addEventListener('abort', onCutOff, { once: true });
    untilWritten?.addEventListener('abort', onUntilWritten, { once: true });
    try {
      dispatcher.dispatch(dispatchOptions, handler);
    } catch (error) {
      stopListening();
      reject(error);
      return;
    }
    if (cutOff?.aborted) onCutOff();
    else if (untilWritten?.aborted) onUntilWritten();
  });
}

const noop = () => {};

/** The body's chunks as one array of their own (as undici's `bytes()` gives it: chunks may be views of a socket's buffer). */
function joinChunks(chunks: readonly Buffer[], length: number): Uint8Array {
  if (chunks.length === 0 || length === 0) return new Uint8Array(0);
  if (chunks.length === 1) return new Uint8Array(chunks[0]!);
  const joined = new Uint8Array(Buffer.allocUnsafeSlow(length).buffer, 0, length);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}

function settlement<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}
