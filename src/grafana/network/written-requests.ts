import type { Dispatcher } from 'undici';

/** Each request's `onWritten`, by the options object passed to `request` (undici hands that same object to the interceptor). */
const onWrittenOf = new WeakMap<object, () => void>();

/**
 * The dispatcher, telling a request's `onWritten` (requestNoticingWrite) the moment undici writes it. undici 7 starts a
 * request on a connected socket (dispatcher/client-h1.js writeH1) by calling its handler's `onRequestStart` (legacy:
 * `onConnect`) and then, in the same turn, writes its head and body to the socket — unless the handler aborted it right
 * there, which `request`'s handler does when its signal fired while the request waited for its connection
 * (api/api-request.js onConnect): such a request never left. Until then (connecting, a TLS handshake, a proxy's tunnel,
 * a queue) not a byte of it has gone out.
 */
export function noticingWrites<D extends Dispatcher>(dispatcher: D): D {
  const interceptor: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (options, handler) => {
    const onWritten = onWrittenOf.get(options);
    return dispatch(options, onWritten === undefined ? handler : writeNoticing(handler, onWritten));
  };
  return dispatcher.compose(interceptor) as unknown as D;
}

/** A request that was not written when its signal aborted: it never will be (undici aborts it when its connection comes). */
export class NotWrittenError extends Error {
  override readonly name = 'NotWrittenError';
  constructor(readonly reason: unknown) {
    super('interrupted before it was written');
  }
}

/**
 * `dispatcher.request(options)` on a dispatcher made by noticingWrites, calling `onWritten` when its bytes go out.
 * `untilWritten` ends it only while it is not written (undici is told to drop it when its connection comes); its
 * `signal` ends it whenever. Either aborting before the write ends it at once in NotWrittenError: undici itself would
 * hold it until its connection is made (or fails), which on a slow connect is the connect timeout.
 */
export function requestNoticingWrite(dispatcher: Dispatcher, options: Dispatcher.RequestOptions, onWritten: (() => void) | undefined, untilWritten?: AbortSignal): Promise<Dispatcher.ResponseData> {
  if (onWritten === undefined) return dispatcher.request(options);
  const cutOff = options.signal as AbortSignal | undefined;
  if (cutOff === undefined && untilWritten === undefined) return dispatcher.request(withOnWritten(options, onWritten));
  let written = false;
  const ended = new AbortController();
  const answer = dispatcher.request(
    withOnWritten({ ...options, signal: ended.signal }, () => {
      written = true;
      onWritten();
    }),
  );
  return new Promise((resolve, reject) => {
    // Once rejected here, undici still settles it (aborted when its connection comes, or the connect's error): unheard.
    const end = (reason: unknown) => {
      ended.abort(reason);
      if (!written) reject(new NotWrittenError(reason));
    };
    const onCutOff = () => end(cutOff?.reason);
    const onUntilWritten = () => {
      if (!written) end(untilWritten?.reason);
    };
    cutOff?.addEventListener('abort', onCutOff, { once: true });
    untilWritten?.addEventListener('abort', onUntilWritten, { once: true });
    void answer.then(resolve, reject).finally(() => {
      cutOff?.removeEventListener('abort', onCutOff);
      untilWritten?.removeEventListener('abort', onUntilWritten);
    });
    if (cutOff?.aborted) onCutOff();
    else if (untilWritten?.aborted) onUntilWritten();
  });
}

/** `options`, with `onWritten` registered for the interceptor (noticingWrites) to find by this very object. */
function withOnWritten(options: Dispatcher.RequestOptions, onWritten: () => void): Dispatcher.RequestOptions {
  onWrittenOf.set(options, onWritten);
  return options;
}

/** `handler`, with `onWritten` called as undici starts writing the request (not when it aborts it instead). */
function writeNoticing(handler: Dispatcher.DispatchHandler, onWritten: () => void): Dispatcher.DispatchHandler {
  return {
    onRequestStart(controller, context) {
      handler.onRequestStart?.(controller, context);
      if (!controller.aborted) onWritten();
    },
    onRequestUpgrade: (controller, statusCode, headers, socket) => handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
    onResponseStart: (controller, statusCode, headers, statusMessage) => handler.onResponseStart?.(controller, statusCode, headers, statusMessage),
    onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
    onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
    onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
  };
}
