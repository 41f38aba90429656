// Masking on a worker: the coordinator's secret values (already filtered and sorted, longest first).

/** What a secret is replaced with (the same as engine/secrets MASK). */
const MASK = '***';

/** A masker replacing each of `values` (longest first) with `***`. */
export function maskerOf(values: readonly string[]): (text: string) => string {
  const sorted = [...values].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const value of sorted) if (out.includes(value)) out = out.split(value).join(MASK);
    return out;
  };
}
