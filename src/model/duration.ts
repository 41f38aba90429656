// The one duration formatter. Two styles: `elapsed` for measured times (12ms, 1.3s, 2m05s,
// 1h02m; fixed precision, so columns line up) and `setting` for configured limits, echoed the
// way people write them in a pipeline (250ms, 5s, 1.5s, 2m). Pure: no I/O.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** How a duration is shown: a measured time, or a configured limit as written in YAML. */
export type DurationStyle = 'elapsed' | 'setting';

/** Formats a duration: `elapsed` 12ms, 1.3s, 2m05s, 1h02m; `setting` 250ms, 5s, 1.5s, 2m (negative or NaN counts as 0). */
export function formatDuration(ms: number, style: DurationStyle = 'elapsed'): string {
  if (style === 'setting') return formatSetting(ms);
  const safe = Number.isFinite(ms) && ms > 0 ? ms : 0;
  if (Math.round(safe) < SECOND) return `${Math.round(safe)}ms`;
  const tenths = Math.round(safe / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)}s`;
  const seconds = Math.round(safe / SECOND);
  if (seconds < HOUR / SECOND) return `${Math.floor(seconds / 60)}m${twoDigits(seconds % 60)}s`;
  const minutes = Math.round(safe / MINUTE);
  return `${Math.floor(minutes / 60)}h${twoDigits(minutes % 60)}m`;
}

/** A configured limit as people write it: 250ms, 5s, 1.5s, 2m. */
function formatSetting(ms: number): string {
  if (ms < SECOND) return `${Math.round(ms)}ms`;
  if (ms % MINUTE === 0) return `${ms / MINUTE}m`;
  const seconds = ms / SECOND;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)}s`;
}
