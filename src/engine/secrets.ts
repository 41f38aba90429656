// Masks secret values (env names like TOKEN/SECRET/PASSWORD/KEY/CREDENTIAL, and declared
// `secrets:`) in logs, journal and manifest.
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|KEY|CREDENTIAL/i;
const MASK = '***';
const MIN_SECRET_LENGTH = 4;

export type Redactor = (text: string) => string;

/** True when an environment variable of this name holds a secret. */
export function isSecretName(name: string, declared: readonly string[]): boolean {
  return declared.includes(name) || SECRET_NAME.test(name);
}

/** Builds a redactor from every secret value visible to the run (env and inputs). */
export function buildRedactor(
  sources: Record<string, unknown>[],
  declared: readonly string[],
): Redactor {
  const values = new Set<string>();
  for (const source of sources) {
    for (const [name, value] of Object.entries(source)) {
      if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) continue;
      if (isSecretName(name, declared)) values.add(value);
    }
  }
  const sorted = [...values].sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const value of sorted) if (out.includes(value)) out = out.split(value).join(MASK);
    return out;
  };
}

/** Applies a redactor to every string inside a JSON-like value. */
export function redactValue<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, redact)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, redact);
    return out as T;
  }
  return value;
}
