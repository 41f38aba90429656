// Typed reads of fields in parsed JSON events, tolerant of missing fields and wrong types.

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The field as a string, or undefined. */
export function stringField(obj: JsonObject | undefined, key: string): string | undefined {
  const value = obj === undefined ? undefined : obj[key];
  return typeof value === 'string' ? value : undefined;
}

/** The field as a finite number, or undefined. */
export function numberField(obj: JsonObject | undefined, key: string): number | undefined {
  const value = obj === undefined ? undefined : obj[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A token count: a non-negative integer field, else 0. */
export function tokenField(obj: JsonObject | undefined, key: string): number {
  const value = numberField(obj, key);
  return value === undefined || value < 0 ? 0 : Math.round(value);
}

/** The field as a JSON object, or undefined. */
export function objectField(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = obj === undefined ? undefined : obj[key];
  return isJsonObject(value) ? value : undefined;
}

/** The field as an array (empty when absent or not an array). */
export function arrayField(obj: JsonObject | undefined, key: string): unknown[] {
  const value = obj === undefined ? undefined : obj[key];
  return Array.isArray(value) ? value : [];
}

/** A readable message from an error value: a string, or an object with message / data.message / name. */
export function errorMessage(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!isJsonObject(value)) return undefined;
  return (
    stringField(value, 'message') ??
    stringField(objectField(value, 'data'), 'message') ??
    stringField(objectField(value, 'error'), 'message') ??
    stringField(value, 'name') ??
    JSON.stringify(value)
  );
}

/** Shortens text for a message: one line, at most `max` characters. */
export function clip(text: string, max = 200): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}
