import type { Reply } from '../http/reply.js';
import { statusReply } from './k8s-status.js';

/** What a GET or LIST answers with: the objects themselves, or only their metadata (meta.k8s.io). */
export type OutputForm = { as: 'object' } | { as: 'PartialObjectMetadata' | 'PartialObjectMetadataList'; apiVersion: string };

const META_VERSIONS = new Set(['v1', 'v1beta1']);

/**
 * The Accept header as k8s.io/apiserver negotiates it (endpoints/handlers/negotiation/negotiate.go
 * NegotiateMediaTypeOptions, with rest.go RequestScope.AllowsConversion): clauses by preference; one
 * for JSON whose `as;g;v` names PartialObjectMetadata(List) in meta.k8s.io v1/v1beta1 asks for
 * metadata only; a clause asking for any other conversion is skipped; when no clause fits, the
 * server's first media type (JSON) without conversion. The sandbox serves JSON only and does not
 * emulate `as=Table` (skipped like an unknown conversion).
 */
export function negotiateOutput(accept: string | undefined): OutputForm {
  for (const clause of parseAccept(accept ?? '')) {
    if (!(clause.type === 'application' && (clause.subtype === 'json' || clause.subtype === '*')) && !(clause.type === '*' && clause.subtype === '*')) continue;
    const { as, g, v } = clause.params;
    if (as === undefined && g === undefined && v === undefined) return { as: 'object' };
    if (g === 'meta.k8s.io' && META_VERSIONS.has(v ?? '') && (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList')) {
      return { as, apiVersion: `meta.k8s.io/${v}` };
    }
  }
  return { as: 'object' };
}

/** goautoneg.ParseAccept: `type/subtype;k=v;q=…` clauses, highest q first (stable otherwise). */
function parseAccept(header: string): { type: string; subtype: string; params: Record<string, string> }[] {
  const clauses = header.split(',').flatMap((part, index) => {
    const [range = '', ...rest] = part.split(';').map((piece) => piece.trim());
    const [type = '', subtype = '*'] = range.split('/');
    if (type === '') return [];
    const params: Record<string, string> = {};
    let q = 1;
    for (const piece of rest) {
      const eq = piece.indexOf('=');
      if (eq < 0) continue;
      const key = piece.slice(0, eq).trim();
      const value = piece.slice(eq + 1).trim();
      if (key === 'q') q = Number(value) || 0;
      else params[key] = value;
    }
    return [{ type, subtype, params, q, index }];
  });
  return clauses.sort((a, b) => b.q - a.q || a.index - b.index);
}

/** handlers/response.go errNotAcceptable: metadata of one object asked of a list, or a list's metadata asked of one object. */
export function notAcceptable(form: OutputForm, goType: string): Reply {
  const message =
    form.as === 'PartialObjectMetadata'
      ? `you requested PartialObjectMetadata, but the requested object is a list (${goType})`
      : `you requested PartialObjectMetadataList, but the requested object is not a list (${goType})`;
  return statusReply({ message, reason: 'NotAcceptable', code: 406 });
}
