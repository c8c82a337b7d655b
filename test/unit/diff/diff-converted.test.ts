import { describe, expect, it } from 'vitest';
import { diffConverted } from '../../../src/diff/drop-conversion-artifacts.js';

const none = { labels: {}, annotations: {} };
const classic = (spec: Record<string, unknown>) => ({ schema: 'v1' as const, spec, metadata: none });
const row = (id: number, title: string) => ({ id, type: 'row', title, collapsed: false, panels: [], gridPos: { h: 1, w: 24, x: 0, y: 0 } });

describe("diffConverted: a file against Grafana's conversion of its dashboard from the other schema", () => {
  it('takes the file\'s row ids for the rows the conversion numbered anew, matched by place and title, and shows a retitled row', () => {
    const file = classic({ title: 'T', panels: [row(1, 'A'), { id: 2, type: 'stat', title: 'S' }, row(3, 'B')] });
    const converted = classic({ title: 'T', panels: [row(4, 'A'), { id: 2, type: 'stat', title: 'S' }, row(5, 'B (renamed)')] });
    expect(diffConverted(converted, file).map((change) => `${change.kind} ${change.path}`)).toEqual(['added panels[id=3 "B"]', 'removed panels[id=5 "B (renamed)"]']);
  });

  it('leaves out values empty all the way down on one side, and a variable\'s one blank option, but not an option with a value', () => {
    const variable = (options?: unknown[]) => ({ name: 'q', type: 'textbox', query: '', ...(options ? { options } : {}) });
    const file = classic({ title: 'T', panels: [{ id: 1, type: 'logs', title: 'L' }], templating: { list: [variable([{ selected: true, text: '', value: '' }])] } });
    const converted = classic({ title: 'T', panels: [{ id: 1, type: 'logs', title: 'L', fieldConfig: { defaults: {}, overrides: [] } }], templating: { list: [variable()] } });
    expect(diffConverted(converted, file)).toEqual([]);
    const chosen = classic({ ...file.spec, templating: { list: [variable([{ selected: true, text: 'x', value: 'x' }])] } });
    expect(diffConverted(converted, chosen).map((change) => change.path)).toEqual(['templating.list[name="q"].options']);
  });
});
