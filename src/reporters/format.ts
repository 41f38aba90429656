// How a stage process ended, in words (durations: model's formatDuration).
export { formatDuration } from '../model/index.js';

/** Describes how a stage process ended: `exit 1`, `signal SIGKILL`, or null when neither is known. */
export function formatExit(ended: { exit_code: number | null; signal: string | null }): string | null {
  if (ended.signal) return `signal ${ended.signal}`;
  if (ended.exit_code !== null) return `exit ${ended.exit_code}`;
  return null;
}
