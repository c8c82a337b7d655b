import { describe, expect, it } from 'vitest';
import { serializeBody, withJsonText } from '../../../src/grafana/http/json-body.js';

const MODEL = { uid: 'u1', title: 'T', panels: [{ id: 1, title: 'p "q"' }], tags: [] };

describe('serializeBody: a member written as JSON text is sent as that text, with what was added to it', () => {
  it('sends the body a save built by spreading the model and adding id and version, as JSON.stringify would send its parse', () => {
    const model = withJsonText(Buffer.from(JSON.stringify(MODEL)), { uid: 'u1', title: 'T' });
    // What the legacy port and endpoint do: copy, set the version, add the id.
    const dashboard: Record<string, unknown> = { ...model };
    delete dashboard.version;
    dashboard.version = 4;
    const body = { dashboard: { ...dashboard, id: 17 }, folderUid: 'f', message: 'dashsync: m', overwrite: false, skipped: undefined };
    const sent = serializeBody(body);
    expect(JSON.parse(sent.toString())).toStrictEqual({ dashboard: { ...MODEL, version: 4, id: 17 }, folderUid: 'f', message: 'dashsync: m', overwrite: false });
    expect(JSON.parse(serializeBody({ dashboard: withJsonText(Buffer.from('{}'), {}) }).toString())).toStrictEqual({ dashboard: {} });
    expect(JSON.parse(serializeBody({ dashboard: withJsonText(Buffer.from('{"a":1}'), {}) }).toString())).toStrictEqual({ dashboard: { a: 1 } });
  });

  it('is JSON.stringify for any other body', () => {
    const body = { title: 'x', parentUid: null, nested: { list: [1, 'two'] } };
    expect(serializeBody(body)).toBe(JSON.stringify(body));
    expect(serializeBody([1, 2])).toBe('[1,2]');
  });

  it('refuses to send a text whose shown member was changed or removed: the text would say otherwise', () => {
    const model = withJsonText(Buffer.from(JSON.stringify(MODEL)), { uid: 'u1', title: 'T' });
    expect(() => serializeBody({ dashboard: { ...model, title: 'Other' } })).toThrow('a request body changed "title" of a dashboard sent as its file\'s text');
    const { uid: _uid, ...withoutUid } = model;
    expect(() => serializeBody({ dashboard: withoutUid })).toThrow('a request body removed "uid" of a dashboard sent as its file\'s text');
  });
});
