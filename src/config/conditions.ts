// Bare expressions (`if`, route `when`) may also be written GitHub-style as `${{ expr }}`.

/** A bare expression and where it starts in the text as written. */
export interface BareExpression {
  source: string;
  offset: number;
}

const WRAPPED = /^(\s*\$\{\{)([\s\S]*)\}\}\s*$/;

/** Strips one `${{ … }}` wrapping the whole condition (when there is exactly one); booleans become `true`/`false`. */
export function unwrapCondition(written: string | boolean): BareExpression {
  if (typeof written === 'boolean') return { source: String(written), offset: 0 };
  const match = WRAPPED.exec(written);
  const [, opening, inner] = match ?? [];
  if (opening === undefined || inner === undefined || inner.includes('${{')) return { source: written, offset: 0 };
  const leading = inner.length - inner.trimStart().length;
  return { source: inner.trim(), offset: opening.length + leading };
}
