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
 * `dispatcher.request(options)` on a dispatcher made by noticingWrites, calling `onWritten` when its bytes go out. Its
 * signal aborting before then ends it at once in NotWrittenError: undici itself would hold it until its connection is
 * made (or fails), which on a slow connect is the connect timeout.
 */
export function requestNoticingWrite(dispatcher: Dispatcher, options: Dispatcher.RequestOptions, onWritten: (() => void) | undefined): Promise<Dispatcher.ResponseData> {
  if (onWritten === undefined) return dispatcher.request(options);
  let written = false;
  onWrittenOf.set(options, () => {
    written = true;
    onWritten();
  });
  const answer = dispatcher.request(options);
  const signal = options.signal as AbortSignal | undefined;
  if (signal === undefined) return answer;
  return new Promise((resolve, reject) => {
    // Once rejected here, undici still settles it (aborted when its connection comes, or the connect's error): unheard.
    const notWritten = () => {
      if (!written) reject(new NotWrittenError(signal.reason));
    };
    signal.addEventListener('abort', notWritten, { once: true });
    void answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', notWritten));
    if (signal.aborted) notWritten();
  });
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
