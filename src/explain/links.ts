/**
 * Output links (shap's `links`): explanations are additive in link space. `logit` clips its
 * input to [1e-15, 1 − 1e-15] as shap's legacy `LogitLink` does, so probabilities of exactly 0
 * or 1 stay finite.
 */
import { KiteError } from '../core/index.js';

/** A link and its inverse. */
export interface Link {
  readonly name: 'identity' | 'logit';
  f(x: number): number;
  inverse(x: number): number;
}

/** `f(x) = x`. */
export const identityLink: Link = { name: 'identity', f: (x) => x, inverse: (x) => x };

/** `f(p) = log(p / (1 − p))` with p clipped to [1e-15, 1 − 1e-15]. */
export const logitLink: Link = {
  name: 'logit',
  f(x) {
    const p = Math.min(Math.max(x, 1e-15), 1 - 1e-15);
    return Math.log(p / (1 - p));
  },
  inverse: (x) => 1 / (1 + Math.exp(-x)),
};

/** Resolves a link given by name. */
export function resolveLink(link: Link | 'identity' | 'logit' | undefined): Link {
  if (link === undefined || link === 'identity') return identityLink;
  if (link === 'logit') return logitLink;
  if (typeof link === 'object' && typeof link.f === 'function') return link;
  throw new KiteError('INVALID_ARGUMENT', `unknown link ${JSON.stringify(link)}; use 'identity' or 'logit'`);
}
