// Text with blessed style tags when colour is on, plain text when off (NO_COLOR, dumb terminals).
import type { Colour } from './glyphs.js';

export type Ink = Colour | 'bold' | 'inverse' | 'underline';

/** Styles text (already escaped) or returns it as is. */
export type Paint = (ink: Ink, text: string) => string;

/** Escapes blessed's tag braces in user text (stage ids, log lines, messages). */
export function esc(text: string): string {
  return text.replace(/[{}]/g, (brace) => (brace === '{' ? '{open}' : '{close}'));
}

/** The painter for a colour decision; bold and inverse are kept without colour (they are not colour). */
export function createPaint(color: boolean): Paint {
  return (ink, text) => {
    if (text === '') return text;
    const tag = ink === 'bold' || ink === 'inverse' || ink === 'underline' ? ink : `${ink}-fg`;
    if (!color && tag.endsWith('-fg')) return text;
    return `{${tag}}${text}{/${tag}}`;
  };
}
