import { createServer, type ServerResponse } from 'node:http';
import { onTestFinished } from 'vitest';
import { listenForTest } from './listen-for-test.js';
import { forward } from './rewriting-proxy.js';

const AS_SENT = { request: (path: string) => path, answer: (body: string) => body };

export interface SplitListProxy {
  url: string;
  /** Metadata list pages whose rest went out only after `holdMs`, no next page's request having come. */
  readonly heldToTheEnd: number;
  /** Metadata list pages sent in two parts. */
  readonly split: number;
}

/**
 * A reverse proxy in front of `target` that sends each metadata list page (a GET asking for a PartialObjectMetadataList)
 * in two parts: its head and its body up to `"items"` at once, the rest only once the next such request has come, or
 * `holdMs` later (counted in `heldToTheEnd`). A page naming no next one goes whole. A slow link as a client sees it: a
 * client that asks for the next page only after a page's last byte waits `holdMs` a page. Not Grafana behaviour.
 * Closed when the test ends.
 */
export async function startSplitListProxy(target: string, holdMs: number): Promise<SplitListProxy> {
  let waiting: (() => void)[] = [];
  let heldToTheEnd = 0;
  let split = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((request, response) => {
    const metadataList = (request.headers.accept ?? '').includes('as=PartialObjectMetadataList');
    if (metadataList) {
      for (const release of waiting) release();
      waiting = [];
    }
    void forward(target, request, AS_SENT).then(
      ({ status, contentType, body }) => {
        const at = body.indexOf('"items":');
        const next = metadataList && status === 200 ? (JSON.parse(body) as { metadata?: { continue?: string } }).metadata?.continue : undefined;
        if (at === -1 || next === undefined || next === '') return answer(response, status, contentType, body);
        split += 1;
        const bytes = Buffer.from(body);
        const cut = Buffer.byteLength(body.slice(0, at + '"items":'.length));
        response.writeHead(status, { ...(contentType && { 'content-type': contentType }), 'content-length': String(bytes.length) });
        response.write(bytes.subarray(0, cut));
        let sent = false;
        const rest = (timedOut: boolean) => {
          if (sent) return;
          sent = true;
          if (timedOut) heldToTheEnd += 1;
          response.end(bytes.subarray(cut));
        };
        const timer = setTimeout(() => rest(true), holdMs);
        timers.add(timer);
        waiting.push(() => {
          clearTimeout(timer);
          timers.delete(timer);
          rest(false);
        });
      },
      () => response.destroy(),
    );
  });
  onTestFinished(() => {
    for (const timer of timers) clearTimeout(timer);
  });
  const url = await listenForTest(server, 'the splitting proxy');
  return {
    url,
    get heldToTheEnd() {
      return heldToTheEnd;
    },
    get split() {
      return split;
    },
  };
}

function answer(response: ServerResponse, status: number, contentType: string | null, body: string): void {
  response.writeHead(status, contentType ? { 'content-type': contentType } : {});
  response.end(body);
}
