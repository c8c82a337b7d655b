import { randomInt } from 'node:crypto';
import { generateUid } from '../generate-uid.js';

const k8sAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * metadata.generateName: the k8s SimpleNameGenerator (base cut to 58 characters + 5 random characters of
 * k8s.io/apimachinery/pkg/util/rand) in 12.x; Grafana's ShortUIDNameGenerator (base + util.GenerateShortUID(),
 * pkg/apiserver/registry/generic/namegenerator.go) in 13.
 */
export function generateName(base: string, style: 'k8s' | 'shortuid'): string {
  if (style === 'shortuid') return base + generateUid('shortid');
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += k8sAlphabet[randomInt(k8sAlphabet.length)];
  return base.slice(0, 58) + suffix;
}
