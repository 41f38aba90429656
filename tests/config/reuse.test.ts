// Reuse helpers: the dotenv parser, and template-input substitution keeping values as values.
import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../src/config/env-file.js';
import { inputReads, substituteInText, valueExpression } from '../../src/config/template-inputs.js';
import { evaluate, parseExpression, parseTemplate, renderTemplate } from '../../src/expr/index.js';
import { makeContext } from '../expr/context-fixture.js';

describe('parseDotenv', () => {
  it('reads NAME=value lines: export, quotes, escapes, comments, spaces, CRLF, a later line winning', () => {
    const text =
      '\uFEFF# top\r\nexport A=1\r\nB = two words # note\nC="line\\nnext \\"q\\" \\$x #not-comment"\nD=\'single $HOME \\n\'\nE=\nF=a#b\nA=again\n\n   # indented comment\n';
    expect(parseDotenv(text)).toEqual({
      values: { A: 'again', B: 'two words', C: 'line\nnext "q" $x #not-comment', D: 'single $HOME \\n', E: '', F: 'a#b' },
      problems: [],
    });
  });

  it('reports bad lines at their line and column, and keeps the good ones', () => {
    const { values, problems } = parseDotenv('OK=1\n=x\nexport  9X=1\nNAME value\n__proto__=1\nQ="open\n');
    expect(values).toEqual({ OK: '1' });
    expect(problems.map((p) => `${p.line}:${p.col}`)).toEqual(['2:1', '3:9', '4:6', '5:1', '6:3']);
  });

  it('gives a plain object (no prototype tricks through names)', () => {
    const { values } = parseDotenv('toString=x\nhasOwnProperty=y\n');
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    expect(values).toEqual({ toString: 'x', hasOwnProperty: 'y' });
  });
});

describe('template inputs', () => {
  it('finds reads rooted at `inputs`, not inside strings or after a dot', () => {
    const source = "inputs.a == 'inputs.b' && x.inputs.c != inputs['d-e'] && inputs [\"f\"] == inputs . g";
    expect(inputReads(source).map((read) => read.name)).toEqual(['a', 'd-e', 'f', 'g']);
  });

  it('turns values into expressions that give exactly the value, whatever it holds', () => {
    const hostile = "it's \\ ${x} {0} \n\t $(touch pwned)";
    const ctx = makeContext({ inputs: { env: 'prod', n: 2 } });
    for (const value of [hostile, '', 'plain', 3, true]) expect(evaluate(parseExpression(valueExpression(value)), ctx)).toBe(value);
    expect(valueExpression('${{ inputs.env }}')).toBe('(inputs.env)');
    const mixed = valueExpression("{a} ${{ inputs.env }}-${{ inputs.n }} 'q'");
    expect(mixed).toBe("format('{{a}} {0}-{1} \\'q\\'', (inputs.env), (inputs.n))");
    expect(evaluate(parseExpression(mixed), ctx)).toBe("{a} prod-2 'q'");
  });

  it('substitutes inside ${{ }} (and whole bare conditions), leaving other text alone', () => {
    const values = new Map([['dir', "'src'"]]);
    expect(substituteInText('lint ${{ inputs.dir }} inputs.dir', values, false)).toBe("lint ${{ ('src') }} inputs.dir");
    expect(substituteInText("inputs.dir != 'x'", values, true)).toBe("('src') != 'x'");
    expect(renderTemplate(parseTemplate(substituteInText('${{ format("<{0}>", inputs.dir) }}', values, false)), makeContext())).toBe('<src>');
  });
});
