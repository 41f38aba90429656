// "Did you mean …?" suggestions for misspelt keys, ids and names.
import { editDistance } from '../model/index.js';

export { editDistance };

const MAX_COMPARED_LENGTH = 64;

/** The candidate closest to `name` when it is close enough to be a likely typo, else undefined. */
export function closestMatch(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length === 0 || name.length > MAX_COMPARED_LENGTH) return undefined;
  const lower = name.toLowerCase();
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name || candidate.length > MAX_COMPARED_LENGTH) continue;
    const other = candidate.toLowerCase();
    const isPrefix = lower.length >= 3 && other.startsWith(lower);
    const distance = other === lower ? 0 : isPrefix ? limit : editDistance(lower, other);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `, did you mean \`x\`?` when a close candidate exists, else the empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const match = closestMatch(name, candidates);
  return match === undefined ? '' : `, did you mean \`${match}\`?`;
}

/** Lists names as `a`, `b` and `c` for messages. */
export function listNames(names: readonly string[]): string {
  const quoted = names.map((n) => `\`${n}\``);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1) ?? ''}`;
}
