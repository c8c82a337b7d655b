import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { adminHeaders, apiRequest, requestsHeld, startTestSandbox } from '../helpers/sandbox.js';

/** GET over a fresh connection; resolves with the status or rejects with the socket error. */
function rawGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('aborted')));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('fault injection', () => {
  it('applies scripted faults in order, then answers normally, and logs each one', async () => {
    const s = await startTestSandbox({ faults: { script: [{ kind: 'status', status: 503 }, { kind: 'status', status: 429, retryAfterSeconds: 7 }, { kind: 'delay', ms: 30 }] } });
    const first = await apiRequest(s, 'GET', '/api/search');
    expect([first.status, first.text]).toEqual([503, '{"message":"Service Unavailable"}']);
    const second = await apiRequest(s, 'GET', '/api/search');
    expect([second.status, second.headers.get('retry-after'), second.text]).toEqual([429, '7', '{"message":"Too Many Requests"}']);
    const third = await apiRequest(s, 'GET', '/api/search');
    expect(third.status).toBe(200);
    const fourth = await apiRequest(s, 'GET', '/api/search');
    expect(fourth.status).toBe(200);
    expect(s.requests().map((entry) => [entry.status, entry.fault])).toEqual([
      [503, 'status'],
      [429, 'status'],
      [200, 'delay'],
      [200, undefined],
    ]);
  });

  it('drops the connection after part of the response: the client sees a socket error', async () => {
    const s = await startTestSandbox();
    await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'd', title: 'Dropped', panels: [{ id: 1, title: 'x'.repeat(2000) }] } });
    s.setFaults({ script: [{ kind: 'drop' }] });
    await expect(rawGet(`${s.url}/api/dashboards/uid/d`)).rejects.toThrow();
    const entry = s.requests().at(-1)!;
    expect([entry.path, entry.fault]).toEqual(['/api/dashboards/uid/d', 'drop']);
    expect((await rawGet(`${s.url}/api/dashboards/uid/d`)).status).toBe(200);
  });

  it('cuts a write\'s answer mid-body once it is done (cut-answer): the client sees the head and a socket error; the write landed', async () => {
    const s = await startTestSandbox({ faults: { pathPrefix: '/api/dashboards/db', methods: ['POST'], script: [{ kind: 'cut-answer' }] } });
    const body = JSON.stringify({ dashboard: { uid: 'd', title: 'Cut' } });
    const head = await new Promise<{ status: number; length: string | undefined; error: string }>((resolve, reject) => {
      const req = httpRequest(`${s.url}/api/dashboards/db`, { method: 'POST', headers: { ...adminHeaders(), 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, agent: false }, (res) => {
        res.on('data', () => undefined);
        res.on('error', (error) => resolve({ status: res.statusCode ?? 0, length: res.headers['content-length'], error: error.message }));
        res.on('end', () => reject(new Error('the answer came whole')));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect([head.status, Number(head.length) > 0, head.error]).toEqual([200, true, 'aborted']);
    expect(s.requests().map((entry) => [entry.method, entry.status, entry.fault])).toEqual([['POST', 200, 'cut-answer']]);
    expect((await apiRequest(s, 'GET', '/api/dashboards/uid/d')).body.dashboard.title).toBe('Cut');
  });

  it('with thenDown, a cut-off answer leaves a sandbox that refuses every later connection (cut-answer thenDown); the write was done', async () => {
    const s = await startTestSandbox({ faults: { pathPrefix: '/api/dashboards/db', methods: ['POST'], script: [{ kind: 'cut-answer', thenDown: true }] } });
    const body = JSON.stringify({ dashboard: { uid: 'd', title: 'Cut' } });
    const cut = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${s.url}/api/dashboards/db`, { method: 'POST', headers: { ...adminHeaders(), 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, agent: false }, (res) => {
        res.on('data', () => undefined);
        res.on('error', () => resolve(res.statusCode ?? 0));
        res.on('end', () => reject(new Error('the answer came whole')));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(cut).toBe(200);
    await expect(rawGet(`${s.url}/api/dashboards/uid/d`)).rejects.toThrow(/ECONNREFUSED/);
    expect(s.requests().map((entry) => [entry.method, entry.status, entry.fault])).toEqual([['POST', 200, 'cut-answer']]);
  });

  it('applies a seeded error rate repeatably, only to matching paths and methods', async () => {
    const run = async () => {
      const s = await startTestSandbox({ faults: { errorRate: 0.5, errorStatus: 502, seed: 42, methods: ['GET'], pathPrefix: '/api/search' } });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await apiRequest(s, 'GET', '/api/search')).status);
      const health = await apiRequest(s, 'GET', '/api/health', undefined, {});
      const post = await apiRequest(s, 'POST', '/api/folders', { title: 'unaffected' });
      return { statuses, health: health.status, post: post.status, faults: s.requests().filter((e) => e.fault === 'error').length };
    };
    const a = await run();
    const b = await run();
    expect(a.statuses).toEqual(b.statuses);
    expect(new Set(a.statuses)).toEqual(new Set([200, 502]));
    expect(a.faults).toBe(a.statuses.filter((status) => status === 502).length);
    expect([a.health, a.post]).toEqual([200, 200]);
  });

  it('gives each request its own seeded draws: the same requests meet the same faults in any order of arrival, a resend its own', async () => {
    const titles = Array.from({ length: 24 }, (_, i) => `Folder ${i}`);
    const run = async (order: string[]) => {
      const s = await startTestSandbox({ faults: { errorRate: 0.5, seed: 7, methods: ['POST'], pathPrefix: '/api/folders' } });
      const first = new Map<string, number>();
      for (const title of order) first.set(title, (await apiRequest(s, 'POST', '/api/folders', { title })).status);
      // The same body again is the same request sent a second time (a retry): it gets the next draw of that request.
      const again = new Map<string, number>();
      for (const title of order) again.set(title, (await apiRequest(s, 'POST', '/api/folders', { title })).status);
      return { first: titles.map((title) => first.get(title)), again: titles.map((title) => again.get(title)) };
    };
    const forward = await run(titles);
    const backward = await run([...titles].reverse());
    expect(backward).toEqual(forward);
    expect(new Set(forward.first)).toEqual(new Set([200, 503]));
    // A resend is not doomed to its first answer: some request failed once and not the second time.
    expect(titles.some((_, i) => forward.first[i] === 503 && forward.again[i] !== 503)).toBe(true);
  });

  it('holds a request without answering: logged as it arrives (status 0), not handled, released when the client goes away', async () => {
    const s = await startTestSandbox({ faults: { script: [{ kind: 'hold' }] } });
    const client = new AbortController();
    const held = fetch(`${s.url}/api/folders`, { method: 'POST', headers: { 'content-type': 'application/json', ...adminHeaders() }, body: '{"title":"Held"}', signal: client.signal });
    await s.whenHeld(1);
    expect(s.requests()).toMatchObject([{ method: 'POST', path: '/api/folders', status: 0, fault: 'hold', body: { title: 'Held' } }]);
    client.abort();
    await expect(held).rejects.toThrow();
    expect((await apiRequest(s, 'GET', '/api/search?type=dash-folder')).body).toEqual([]);
  });

  it('answers held requests once released: handled as any other, their log entries get the status; over HTTP too', async () => {
    const s = await startTestSandbox({ faults: { methods: ['POST'], script: [{ kind: 'hold' }, { kind: 'hold' }, { kind: 'hold' }] } });
    const post = (title: string) => apiRequest(s, 'POST', '/api/folders', { title });
    const first = post('First');
    const second = post('Second');
    await s.whenHeld(2);
    // Resolves at once while they are held.
    await s.whenHeld(2);
    expect((await apiRequest(s, 'GET', '/api/search?type=dash-folder')).body).toEqual([]);
    expect(s.releaseHeld()).toBe(2);
    expect([(await first).status, (await second).status]).toEqual([200, 200]);
    expect(s.requests().filter((entry) => entry.method === 'POST').map(({ status, fault }) => ({ status, fault }))).toEqual([
      { status: 200, fault: 'hold' },
      { status: 200, fault: 'hold' },
    ]);
    expect(((await apiRequest(s, 'GET', '/api/search?type=dash-folder')).body as { title: string }[]).map((hit) => hit.title).sort()).toEqual(['First', 'Second']);

    const third = post('Third');
    await s.whenHeld(1);
    const release = await apiRequest(s, 'POST', '/__sandbox/release', undefined, {});
    expect([release.status, release.body]).toEqual([200, { message: 'held requests released', released: 1 }]);
    expect((await third).status).toBe(200);
    expect(s.releaseHeld()).toBe(0);
  });

  it('drops named query parameters before handling (a rewriting proxy): every page of a search is its first; the log keeps the path sent', async () => {
    const s = await startTestSandbox({ faults: { dropQueryParams: ['page'], pathPrefix: '/api/search' } });
    for (const title of ['A', 'B', 'C']) await apiRequest(s, 'POST', '/api/folders', { title });
    const page1 = await apiRequest(s, 'GET', '/api/search?type=dash-folder&limit=2&page=1');
    const page2 = await apiRequest(s, 'GET', '/api/search?type=dash-folder&limit=2&page=2');
    expect((page1.body as { title: string }[]).map((hit) => hit.title)).toEqual(['A', 'B']);
    expect(page2.body).toEqual(page1.body);
    expect(s.requests().at(-1)).toMatchObject({ path: '/api/search?type=dash-folder&limit=2&page=2', status: 200 });
    s.setFaults(undefined);
    const real = await apiRequest(s, 'GET', '/api/search?type=dash-folder&limit=2&page=2');
    expect((real.body as { title: string }[]).map((hit) => hit.title)).toEqual(['C']);
  });

  it('answers 429 with Retry-After at the configured rate and adds latency (logged as such)', async () => {
    const s = await startTestSandbox({ faults: { rateLimitRate: 1, retryAfterSeconds: 3, latencyMs: 5 } });
    const response = await apiRequest(s, 'GET', '/api/search');
    expect([response.status, response.headers.get('retry-after')]).toEqual([429, '3']);
    expect(s.requests()[0]).toMatchObject({ status: 429, fault: 'ratelimit' });
    s.setFaults({ latencyMs: 5 });
    await apiRequest(s, 'GET', '/api/search');
    expect(s.requests()[1]).toMatchObject({ status: 200, fault: 'latency' });
  });

  it('is controllable over HTTP: PUT /__sandbox/faults, GET and DELETE /__sandbox/requests (never logged or faulted)', async () => {
    const s = await startTestSandbox();
    const put = await apiRequest(s, 'PUT', '/__sandbox/faults', { script: [{ kind: 'status', status: 500 }] }, {});
    expect(put.status).toBe(200);
    const faulted = await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'x', title: 'X' } });
    expect([faulted.status, faulted.text]).toEqual([500, '{"message":"Internal Server Error"}']);
    const log = await apiRequest(s, 'GET', '/__sandbox/requests', undefined, {});
    expect(log.body).toEqual([
      { method: 'POST', path: '/api/dashboards/db', status: 500, orgId: 0, at: log.body[0].at, fault: 'status', body: { dashboard: { uid: 'x', title: 'X' } } },
    ]);
    expect(JSON.stringify(log.body)).not.toMatch(/authorization|Basic/i);
    expect((await apiRequest(s, 'DELETE', '/__sandbox/requests', undefined, {})).status).toBe(200);
    expect(s.requests()).toEqual([]);
    await apiRequest(s, 'PUT', '/__sandbox/faults', 'null', {});
    expect((await apiRequest(s, 'POST', '/api/dashboards/db', { dashboard: { uid: 'x', title: 'X' } })).status).toBe(200);
    const bad = await apiRequest(s, 'PUT', '/__sandbox/faults', '[1]', {});
    expect(bad.status).toBe(400);
  });

  it('refuses a fault config it cannot carry out with a 400 naming what is wrong, and keeps the faults it had', async () => {
    const s = await startTestSandbox();
    const typo = await apiRequest(s, 'PUT', '/__sandbox/faults', { script: [{ kind: 'pass' }, { kind: 'hold' }], methods: ['GET'] }, {});
    expect([typo.status, typo.body]).toEqual([
      400,
      { message: 'faults not changed: script[0]: unknown kind "pass"; known kinds: "status", "delay", "drop", "cut-answer", "hold", "login-page", "echo", "queue-full"' },
    ]);
    // Nothing was set: the next request is answered, not failed with a 500 or held.
    expect((await apiRequest(s, 'GET', '/api/search')).status).toBe(200);
    const refused = async (config: unknown) => {
      const answer = await apiRequest(s, 'PUT', '/__sandbox/faults', config, {});
      return [answer.status, answer.body.message];
    };
    expect(await refused({ script: [{ kind: 'status' }] })).toEqual([400, 'faults not changed: script[0]: kind "status" needs "status", an HTTP status (100-599), got undefined']);
    expect(await refused({ script: [{ kind: 'delay', ms: '5' }] })).toEqual([400, 'faults not changed: script[0]: kind "delay" needs "ms", a number of 0 or more, got "5"']);
    expect(await refused({ script: { kind: 'hold' } })).toEqual([400, 'faults not changed: script must be an array of faults, got {"kind":"hold"}']);
    expect(await refused({ errorRate: 5 })).toEqual([400, 'faults not changed: errorRate must be a number from 0 to 1, got 5']);
    expect(await refused({ methods: 'GET' })).toEqual([400, 'faults not changed: methods must be an array of strings, got "GET"']);
    expect((await refused({ errorrate: 0.5 }))[1]).toMatch(/^faults not changed: unknown fault setting "errorrate"; known: .*errorRate/);
    expect((await apiRequest(s, 'GET', '/__sandbox/faults', undefined, {})).body).toBeNull();
    expect((await apiRequest(s, 'GET', '/api/search')).status).toBe(200);
    await s.close();
  });

  it('goes away and keeps its port: held and open connections are cut, every new one is reset, and nothing else can listen there', async () => {
    const s = await startTestSandbox({ faults: { script: [{ kind: 'hold' }] } });
    const held = rawGet(`${s.url}/api/search`);
    await requestsHeld(s, 1);
    await s.goAway();
    await expect(held).rejects.toThrow();
    for (let attempt = 0; attempt < 3; attempt++) await expect(rawGet(`${s.url}/api/search`)).rejects.toMatchObject({ code: 'ECONNRESET' });
    const stranger = createServer();
    const taken = await new Promise<string>((resolve) => {
      stranger.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'no code'));
      stranger.listen(s.port, '127.0.0.1', () => resolve('listening'));
    });
    stranger.close();
    expect(taken).toBe('EADDRINUSE');
    await s.close();
  });
});
