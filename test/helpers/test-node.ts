/**
 * The node binary the spawned tests run dashsync with (the built CLI and the Action bundle): DASHSYNC_TEST_NODE when
 * set, else the one running vitest. `.ci/run` sets it to a Node 24, the Action's runtime (action.yml `node24`). It
 * must name node itself, not a shell script around it: a shell drops the runner's input variables, whose names hold
 * dashes (INPUT_GRAFANA-URL).
 */
export const TEST_NODE = process.env.DASHSYNC_TEST_NODE || process.execPath;
