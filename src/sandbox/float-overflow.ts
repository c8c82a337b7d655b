/**
 * Grafana 12 and 13 decode a dashboard's spec with Go's encoding/json into a map (`common.Unstructured`,
 * pkg/apimachinery/apis/common/v0alpha1/unstructured.go: `json.Unmarshal(b, &u.Object)`), so every number
 * becomes a float64: one beyond its range (`1e400`) fails the decode ("cannot unmarshal number 1e400 into Go
 * value of type float64"), and the apiserver refuses the object. JSON.parse turns such a literal into Infinity.
 */

/** Strings (skipped whole) or number literals. */
const TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
/** A literal can only overflow with an exponent of three digits or more, or with more than 308 digits. */
const MAY_OVERFLOW = /[eE]\+?\d{3}|\d{309}/;

/** Pure: the first number literal of a JSON text whose value is beyond a float64 (`1e400`, `-1e999`); undefined when none is. */
export function findFloatOverflow(text: string): string | undefined {
  if (!MAY_OVERFLOW.test(text)) return undefined;
  for (const [token] of text.matchAll(TOKEN)) {
    if (token.charCodeAt(0) !== 0x22 && !Number.isFinite(Number(token))) return token;
  }
  return undefined;
}

/** The message the apiserver's decode gives (k8s transformDecodeError around encoding/json's UnmarshalTypeError). */
export function floatOverflowMessage(kind: string, version: string, literal: string): string {
  return `${kind} in version "${version}" cannot be handled as a ${kind}: json: cannot unmarshal number ${literal} into Go value of type float64`;
}
