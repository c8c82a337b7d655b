import type { LiveInexactNumber } from '../grafana/legacy/find-live-inexact-number.js';
import { renderPath } from './render-path.js';
import { shownNumberLiteral } from '../files/shown-number-literal.js';

/** A number Grafana 11 holds as text that a 64-bit float cannot hold, in words: shown (cut at 40), where, and what a float makes of it. Pure. */
export function describeLiveNumber(inexact: LiveInexactNumber): { shown: string; where: string; asFloat: string } {
  const value = Number(inexact.literal);
  return {
    shown: shownNumberLiteral(inexact.literal),
    where: renderPath(inexact.path.map((step) => (typeof step === 'number' ? { index: step } : { key: step }))) || 'the top level',
    asFloat: Number.isFinite(value) ? JSON.stringify(value) : 'null',
  };
}
