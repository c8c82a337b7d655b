import { describe, expect, it } from 'vitest';
import { serializeBody, withJsonText } from '../../../src/grafana/http/json-body.js';

const MODEL = { uid: 'u1', title: 'T', panels: [{ id: 1, title: 'p "q"' }], tags: [] };

/** Where the top-level member `key` sits in a compact text that holds it once at the top level: from `"key":` to its value's end. */
function spanOf(text: Buffer, key: string): { start: number; end: number } {
  const start = text.indexOf(`"${key}":`);
  const value = JSON.stringify(JSON.parse(text.toString())[key]);
  return { start, end: start + key.length + 3 + Buffer.byteLength(value) };
}

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

  it('cuts a shown member a body took out from the text, with the comma that joined it, wherever it sits', () => {
    const members: [string, string][] = [['uid', '"u1"'], ['title', '"T"'], ['panels', '[{"id":1,"uid":"p"}]'], ['tags', '[]']];
    // Every pair of members shown, both taken out, one taken out, or none: the text sent is JSON.stringify of what is left.
    for (const [i, first] of members.entries()) {
      for (const second of members.slice(i)) {
        const text = Buffer.from(`{${members.map(([key, value]) => `"${key}":${value}`).join(',')}}`);
        const shown = Object.fromEntries([first, second].map(([key, value]) => [key, JSON.parse(value)]));
        const spans = Object.fromEntries([first, second].map(([key]) => [key, spanOf(text, key)]));
        const model = withJsonText(text, shown, spans);
        const all = Object.fromEntries(members.map(([key, value]) => [key, JSON.parse(value)]));
        for (const taken of [[first[0], second[0]], [first[0]], [second[0]], []]) {
          const spec: Record<string, unknown> = { ...model, version: 2 };
          for (const key of taken) delete spec[key];
          const left = Object.fromEntries(Object.entries(all).filter(([key]) => !taken.includes(key)));
          expect(JSON.parse(serializeBody({ spec }).toString())).toStrictEqual({ spec: { version: 2, ...left } });
        }
      }
    }
    const only = Buffer.from('{"uid":"u1"}');
    const { uid: _uid, ...empty } = withJsonText(only, { uid: 'u1' }, { uid: spanOf(only, 'uid') });
    expect(serializeBody({ spec: empty }).toString()).toBe('{"spec":{}}');
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
