// The footer's key hints (or the prompt being typed) and the full help on `?`.
import type { DashboardState } from './state.js';
import { STAGE_LOOKS } from './glyphs.js';
import { esc, type Paint } from './paint.js';

/** The keys, as the help lists them. */
export const KEY_HELP: ReadonlyArray<[string, string]> = [
  ['↑ ↓ j k', 'select a stage (in the log: scroll)'],
  ['Enter Tab', 'switch focus between stages and log'],
  ['g G', 'top / bottom'],
  ['PgUp PgDn', 'page up / down'],
  ['/', 'filter stages (in the log: search; n N next/previous)'],
  ['a r', 'approve / reject the selected waiting gate'],
  ['R', 're-run from the selected stage (a new run)'],
  ['c', 'cancel the run (asks first)'],
  ['f', 'follow the run on/off'],
  ['s', 'plain streamed output and back'],
  ['?', 'this help'],
  ['q', 'quit (a run of this process: detach or cancel)'],
];

/** The footer line: the prompt or question when one is open, else short key hints. */
export function footerText(state: DashboardState, paint: Paint): string {
  const mode = state.mode;
  if (mode.kind === 'prompt') return `${paint('yellow', esc(mode.label))} ${esc(mode.text)}${paint('inverse', ' ')}  ${paint('gray', 'Enter ok, Esc cancel')}`;
  if (mode.kind === 'confirm') return paint('yellow', esc(mode.question));
  const hints =
    state.focus === 'log'
      ? 'j/k scroll  / search  n/N next  g/G  Enter stages'
      : 'j/k select  Enter log  / filter  a/r approve/reject  R re-run  c cancel  f follow  s plain  ? help  q quit';
  return paint('gray', hints);
}

/** The help overlay: keys, then what each glyph means. */
export function helpLines(paint: Paint): string[] {
  const keys = KEY_HELP.map(([key, what]) => ` ${paint('bold', key.padEnd(10))} ${what}`);
  const glyphs = Object.values(STAGE_LOOKS).map((look) => `${paint(look.colour, look.glyph)} ${look.word}`);
  const legend: string[] = [];
  for (let i = 0; i < glyphs.length; i += 4) legend.push(` ${glyphs.slice(i, i + 4).join('   ')}`);
  return [...keys, '', ...legend, '', paint('gray', ' any key closes this help')];
}
