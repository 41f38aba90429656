// Durations of the pipeline language: `500ms`, `10s`, `5m`, `1h`, `1h30m`, or a number of seconds.
import { UsageError } from '../errors/index.js';
import type { DocPath, Problem } from './positions.js';

/** Units in the only order they may appear, with their length in milliseconds. */
const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];
const PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/y;
/** Longest duration accepted: about 24 days, the largest setTimeout delay. */
export const MAX_DURATION_MS = 2_147_483_647;

export const DURATION_HINT = 'use e.g. 500ms, 10s, 5m, 1h or 1h30m (units h, m, s, ms in that order), or a number of seconds';

/** Parses a duration into milliseconds; throws UsageError on anything else. */
export function parseDuration(text: string | number): number {
  const ms = typeof text === 'number' ? secondsToMs(text) : stringToMs(text);
  // A bare number given as text (a command-line flag, a quoted YAML value) is ambiguous: ask for the unit.
  if (ms === undefined && typeof text === 'string' && /^\d+(\.\d+)?$/.test(text)) {
    throw new UsageError(`invalid duration \`${text}\`: add a unit, e.g. \`${text}ms\` or \`${text}s\``);
  }
  if (ms === undefined) throw new UsageError(`invalid duration \`${String(text)}\`: ${DURATION_HINT}`);
  if (ms > MAX_DURATION_MS) throw new UsageError(`duration \`${String(text)}\` is too long (at most 24 days)`);
  return ms;
}

function secondsToMs(seconds: number): number | undefined {
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  return Math.round(seconds * 1000);
}

function stringToMs(text: string): number | undefined {
  if (text.length === 0 || text.length > 64) return undefined;
  let total = 0;
  let position = 0;
  let nextUnit = 0;
  while (position < text.length) {
    PART.lastIndex = position;
    const match = PART.exec(text);
    if (!match) return undefined;
    const unitIndex = UNITS.findIndex(([unit]) => unit === match[2]);
    const unit = UNITS[unitIndex];
    if (unit === undefined || unitIndex < nextUnit) return undefined;
    total += Number(match[1]) * unit[1];
    nextUnit = unitIndex + 1;
    position = PART.lastIndex;
  }
  return Math.round(total);
}
/** Milliseconds of a schema-valid duration; too-long ones become a problem. */
export function durationMs(value: string | number | undefined, path: DocPath, ctx: { problems: Problem[] }): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseDuration(value);
  } catch (error) {
    ctx.problems.push({ path, at: 'value', message: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}
