import { describe, expect, it } from 'vitest';
import { createPalette, resolveColor, stripAnsi } from '../../src/reporters/index.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('resolveColor', () => {
  it('colours a TTY and not a pipe', () => {
    expect(resolveColor(tty, {})).toBe(true);
    expect(resolveColor(pipe, {})).toBe(false);
    expect(resolveColor({}, {})).toBe(false);
  });

  it('honours NO_COLOR with any value, even an empty one, and even with FORCE_COLOR', () => {
    expect(resolveColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(resolveColor(tty, { NO_COLOR: '' })).toBe(false);
    expect(resolveColor(tty, { NO_COLOR: '0', FORCE_COLOR: '1' })).toBe(false);
  });

  it('lets FORCE_COLOR force colour on a pipe, and FORCE_COLOR=0 turn it off on a TTY', () => {
    expect(resolveColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(resolveColor(pipe, { FORCE_COLOR: '' })).toBe(true);
    expect(resolveColor(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(resolveColor(tty, { FORCE_COLOR: 'false' })).toBe(false);
  });

  it('does not colour a dumb terminal', () => {
    expect(resolveColor(tty, { TERM: 'dumb' })).toBe(false);
  });
});

describe('palette', () => {
  it('is the identity without colour and wraps with ANSI codes with colour', () => {
    expect(createPalette(false).red('x')).toBe('x');
    expect(createPalette(true).red('x')).toBe('\x1b[31mx\x1b[39m');
    expect(createPalette(true).dim('x')).toBe('\x1b[2mx\x1b[22m');
  });

  it('strips colour, cursor and hyperlink sequences', () => {
    const text = '\x1b[1;31merror\x1b[0m \x1b[2K\x1b]8;;https://x.test\x07link\x1b]8;;\x07';
    expect(stripAnsi(text)).toBe('error link');
  });
});
