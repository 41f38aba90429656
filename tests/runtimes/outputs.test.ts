// FLOWSTATE_OUTPUT parsing: `key=value` lines, `key<<EOF` blocks or one JSON object; anything else
// is an error naming the line (the stage that wrote it fails, never a silently missing value).
import { describe, expect, it } from 'vitest';
import { OutputFileError, parseOutputText } from '../../src/runtimes/index.js';

describe('parseOutputText', () => {
  it('reads key=value lines, heredoc blocks and one JSON object', () => {
    expect(parseOutputText('a=1\n\nb=x=y\nmsg<<EOF\nl1\nl2\nEOF\n')).toEqual({ a: '1', b: 'x=y', msg: 'l1\nl2' });
    expect(parseOutputText(' {"v": 2, "s": "x"}\n')).toEqual({ v: 2, s: 'x' });
    expect(parseOutputText('\n  \n')).toEqual({});
  });

  it.each([
    ['a=1\nnot a pair\n', /^\$FLOWSTATE_OUTPUT line 2: `not a pair` is not `key=value`/],
    ['{"a": 1}\nb=2\n', /^\$FLOWSTATE_OUTPUT is not one JSON object/],
    ['[1, 2]', /^\$FLOWSTATE_OUTPUT line 1: `\[1, 2\]` is not `key=value`/],
    ['a=1\nmsg<<EOF\nno end\n', /^\$FLOWSTATE_OUTPUT line 2: `msg<<EOF` has no closing `EOF` line/],
    ['my key=1\n', /line 1: `my key=1`: `my key` is not a valid output key/],
    ['__proto__=1\n', /line 1: output key `__proto__` is not allowed/],
    ['{"__proto__": 1}', /output key `__proto__` is not allowed/],
  ])('refuses %j', (text, message) => {
    expect(() => parseOutputText(text)).toThrow(OutputFileError);
    expect(() => parseOutputText(text)).toThrow(message);
  });
});
