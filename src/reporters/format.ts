// Human formatting of durations.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** Formats a duration compactly: 12ms, 1.3s, 2m05s, 1h02m (negative or NaN counts as 0). */
export function formatDuration(ms: number): string {
  const safe = Number.isFinite(ms) && ms > 0 ? ms : 0;
  if (Math.round(safe) < SECOND) return `${Math.round(safe)}ms`;
  const tenths = Math.round(safe / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)}s`;
  const seconds = Math.round(safe / SECOND);
  if (seconds < HOUR / SECOND) return `${Math.floor(seconds / 60)}m${twoDigits(seconds % 60)}s`;
  const minutes = Math.round(safe / MINUTE);
  return `${Math.floor(minutes / 60)}h${twoDigits(minutes % 60)}m`;
}

/** Describes how a stage process ended: `exit 1`, `signal SIGKILL`, or null when neither is known. */
export function formatExit(ended: { exit_code: number | null; signal: string | null }): string | null {
  if (ended.signal) return `signal ${ended.signal}`;
  if (ended.exit_code !== null) return `exit ${ended.exit_code}`;
  return null;
}
