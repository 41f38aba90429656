// Run ids (UTC time + random suffix, sortable) and the check applied to every id that
// names a file or directory (DESIGN §4).
import { randomInt } from 'node:crypto';
import { UsageError } from '../errors/index.js';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const SUFFIX_LENGTH = 4;
/** Longest id accepted by checkId. */
export const MAX_ID_LENGTH = 128;

/** Matches ids made by newRunId, e.g. `20261121-103000-k3f9`. */
export const RUN_ID_PATTERN = /^\d{8}-\d{6}-[a-z0-9]{4}$/;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Base-36 digits in ASCII order, so that a lexical sort of ids is a numeric sort of times. */
const SORTABLE_DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A new run id: `YYYYMMDD-HHMMSS-mmxx` in UTC, where `mm` is the millisecond in base 36 and `xx`
 * is random: ids sort by creation time to the millisecond (runs started within one second keep
 * their order), and stay unique within one.
 */
export function newRunId(now: Date = new Date()): string {
  const date = `${pad(now.getUTCFullYear(), 4)}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  const ms = now.getUTCMilliseconds();
  let suffix = SORTABLE_DIGITS.charAt(Math.floor(ms / 36)) + SORTABLE_DIGITS.charAt(ms % 36);
  for (let i = 2; i < SUFFIX_LENGTH; i++) suffix += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return `${date}-${time}-${suffix}`;
}

/** Why `id` cannot name a file or directory, or null when it can. */
export function idProblem(id: string): string | null {
  if (id.length === 0) return 'must not be empty';
  if (id.length > MAX_ID_LENGTH) return `must be at most ${MAX_ID_LENGTH} characters`;
  if (id.includes('/') || id.includes('\\')) return "must not contain '/' or '\\'";
  if (id.includes('..')) return "must not contain '..'";
  if (id.startsWith('.')) return "must not start with '.'";
  // Control characters (C0, DEL, C1) could hide in terminals or break file names.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  if (/[\u0000-\u001f\u007f-\u009f]/.test(id)) return 'must not contain control characters';
  return null;
}

/** Returns `id` when it is safe to use as a path segment; throws UsageError otherwise. */
export function checkId(id: string, what: 'run' | 'stage' | 'pipeline'): string {
  if (typeof id !== 'string') throw new UsageError(`invalid ${what} id: expected a string`);
  const problem = idProblem(id);
  if (problem !== null) throw new UsageError(`invalid ${what} id ${JSON.stringify(id)}: ${problem}`);
  return id;
}
