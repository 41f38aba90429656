import { describe, expect, it } from 'vitest';
import { splitLongLine, TailBytes, TailLines } from '../../src/exec/tail.js';

describe('TailLines', () => {
  it('keeps the last N lines in order', () => {
    const tail = new TailLines(3);
    for (const line of ['1', '2', '3', '4', '5']) tail.pushLine(line);
    expect(tail.lines()).toEqual(['3', '4', '5']);
  });

  it('reads the last lines of raw blocks, empty lines and CRLF included', () => {
    const tail = new TailLines(3);
    tail.pushBlock(Buffer.from('a\nb\n'), 'lines');
    expect(tail.lines()).toEqual(['a', 'b']);
    tail.pushBlock(Buffer.from('\nc\r\nd\ne\n'), 'lines');
    expect(tail.lines()).toEqual(['c', 'd', 'e']);
    tail.pushBlock(Buffer.from('\n'), 'lines');
    tail.pushBlock(Buffer.from('last'), 'last');
    expect(tail.lines()).toEqual(['e', '', 'last']);
  });
});

describe('splitLongLine', () => {
  it('cuts at the limit without splitting a surrogate pair', () => {
    expect(splitLongLine('abcdef', 4)).toEqual(['abcd', 'ef']);
    expect(splitLongLine('abc😀d', 4)).toEqual(['abc', '😀d']);
    expect(splitLongLine('short', 10)).toEqual(['short']);
  });
});

describe('TailBytes', () => {
  it('keeps the last maxBytes and starts at a whole character', () => {
    const tail = new TailBytes(4); // the window starts inside 'ö' (2 bytes)
    tail.push(Buffer.from('hello '));
    tail.push(Buffer.from('wörld'));
    expect(tail.text()).toBe('rld');
    const whole = new TailBytes(5);
    whole.push(Buffer.from('hello wörld'));
    expect(whole.text()).toBe('örld');
    const ascii = new TailBytes(4);
    for (const part of ['ab', 'cd', 'ef']) ascii.push(Buffer.from(part));
    expect(ascii.text()).toBe('cdef');
  });

  it('keeps everything when under the bound', () => {
    const tail = new TailBytes(100);
    tail.push(Buffer.from('ünïcode'));
    expect(tail.text()).toBe('ünïcode');
  });
});
