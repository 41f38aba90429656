// Masks secret values (env names like TOKEN/SECRET/PASSWORD/KEY/CREDENTIAL, declared `secrets:`,
// and values found during the run, e.g. a rendered secret env var) wherever flowstate persists
// or prints them: logs, journal, manifest, messages. Never what a stage wrote to its files.
// Not masked, as that would garble ordinary output: booleans, numbers, values under 6 characters.
import { isSecretName } from '../model/index.js';

export { isSecretName };

/** What a secret is replaced with. */
export const MASK = '***';
/** Shorter values are never masked (`false`, `1234`, `dev`...). */
export const MIN_SECRET_LENGTH = 6;
const NOT_SECRET = /^(?:true|false|yes|no|on|off|null|undefined|[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)$/i;

/** Masks the secrets in a text; `values` are the secrets known so far, longest first. */
export interface Redactor {
  (text: string): string;
  readonly values: readonly string[];
  /** Adds a value found to be secret during the run (a rendered secret env var, a parent's secret). */
  add(value: unknown): void;
}

/** The pieces of a value worth masking: the value, and each line of a multi-line one (PEM keys). */
function maskable(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  const parts = [value, ...(value.includes('\n') ? value.split(/\r?\n/) : [])];
  return parts.filter((part) => part.trim().length >= MIN_SECRET_LENGTH && !NOT_SECRET.test(part.trim()));
}

/** Builds a redactor from every secret value visible to the run (env and inputs), plus `extra` values. */
export function buildRedactor(sources: Record<string, unknown>[], declared: readonly string[], extra: readonly unknown[] = []): Redactor {
  const known = new Set<string>();
  let sorted: string[] = [];
  const redact = ((text: string): string => {
    let out = text;
    for (const value of sorted) if (out.includes(value)) out = out.split(value).join(MASK);
    return out;
  }) as Redactor;
  Object.defineProperty(redact, 'values', { get: () => sorted });
  redact.add = (value: unknown): void => {
    const fresh = maskable(value).filter((part) => !known.has(part));
    if (fresh.length === 0) return;
    for (const part of fresh) known.add(part);
    sorted = [...known].sort((a, b) => b.length - a.length);
  };
  for (const source of sources) {
    for (const [name, value] of Object.entries(source)) if (isSecretName(name, declared)) redact.add(value);
  }
  for (const value of extra) redact.add(value);
  return redact;
}

/** Applies a redactor to every string inside a JSON-like value (a copy; the input is not changed). */
export function redactValue<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, redact)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, redact);
    return out as T;
  }
  return value;
}
