import type { GrafanaPort } from '../../src/grafana/port.js';

/** A plan's dashboard reads, each as the port gave it: the head of a dashboard decided without its model, or its whole model (parsed, or its answer's bytes handed over unparsed for the decision worker). */
export function observedReads(grafana: GrafanaPort): { port: GrafanaPort; heads: string[]; models: string[] } {
  const heads: string[] = [];
  const models: string[] = [];
  const port: GrafanaPort = {
    ...grafana,
    async *readDashboards(uids, options) {
      for await (const read of grafana.readDashboards(uids, options)) {
        if ('asPushed' in read) heads.push(read.uid);
        else if ('unparsed' in read || read.live) models.push(read.uid);
        yield read;
      }
    },
  };
  return { port, heads, models };
}
