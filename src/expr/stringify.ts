// How a value becomes text when spliced into a template or an environment variable.

/** How a value is spliced into text: undefined/null -> '', objects -> JSON, others -> String. */
export function stringifyValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value) ?? '';
  if (typeof value === 'function' || typeof value === 'symbol') return '';
  return String(value);
}
