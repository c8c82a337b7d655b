import { escapeGoHtml } from '../go-json-text.js';
import type { Reply } from '../http/reply.js';

/**
 * The k8s JSON serializer (k8s.io/apimachinery pkg/runtime/serializer/json/json.go, doEncode) writes every answer
 * with encoding/json: `json.NewEncoder(w).Encode(obj)`, or, for a list with StreamingCollectionsEncoding on
 * (collections.go), each part with json.Marshal and a closing `}\n`. Both escape `<>&` and U+2028/U+2029 inside
 * strings (the Encoder's default SetEscapeHTML(true)) and end the text with a newline. Objects, lists, Status errors,
 * discovery documents and Grafana's own `display` route (json.NewEncoder in pkg/registry/apis/iam/display/handler.go)
 * alike: src/sandbox/README.md, section "The text of /apis answers".
 */
export function k8sWireText(reply: Reply): Reply {
  if (reply.escaped || (reply.contentType !== undefined && !reply.contentType.includes('json'))) return reply;
  const { bytes, ...rest } = reply;
  const text = bytes ? bytes.toString('utf8') : reply.body;
  return { ...rest, body: `${escapeGoHtml(text)}\n`, escaped: true };
}

/** The end of a list written item by item (list-dashboards.ts): the items are escaped one by one, this closes it. */
export const LIST_CLOSE = ']}\n';
