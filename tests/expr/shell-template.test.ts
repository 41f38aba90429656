// The injection guard, proven against a real /bin/sh: hostile values in every quoting state
// must arrive verbatim and must never run anything.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { checkShellTemplate, ExpressionError, parseTemplate, renderShellTemplate, renderTemplate } from '../../src/expr/index.js';
import { makeContext } from './context-fixture.js';

const workDir = mkdtempSync(join(tmpdir(), 'flowstate-expr-shell-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
beforeEach(() => {
  for (const entry of readdirSync(workDir)) rmSync(join(workDir, entry), { recursive: true, force: true });
});

/** Runs `script` with `/bin/sh -c` in the scratch directory; returns stdout. */
function sh(script: string, env: Record<string, string> = {}): string {
  return execFileSync('/bin/sh', ['-c', script], {
    cwd: workDir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    encoding: 'utf8',
  });
}

/** Renders `template` with `inputs.v = value` and runs it. */
function runWith(template: string, value: unknown): { stdout: string; script: string } {
  const { script, env } = renderShellTemplate(parseTemplate(template), makeContext({ inputs: { v: value } }));
  return { stdout: sh(script, env), script };
}

const HOSTILE = [
  "'; touch pwned #",
  '$(touch pwned)',
  '`touch pwned`',
  '"; touch pwned; "',
  '\'"; touch pwned; "\'',
  'line1\nline2; touch pwned\n',
  '\\',
  '\\\\\'"\\"',
  '$HOME ${PATH} $1 $@ $$',
  '* ? [a-z]',
  "'\"'\"'",
  '-n',
  'EOF\ntouch pwned\nEOF',
  'END\ntouch pwned\n\tEND',
  '',
  '  spaced   out  ',
  '%s %d %%',
  'tab\there',
  '} ) ; | & > pwned',
  'ünïcödé ✓',
];

/** Script templates, one per quoting state, and the output each must produce for value `v`. */
const SHAPES: Array<[string, string, (v: string) => string]> = [
  ['unquoted', "printf '%s' ${{ inputs.v }}", (v) => v],
  ['double quotes', 'printf \'%s\' "<${{ inputs.v }}>"', (v) => `<${v}>`],
  ['single quotes', "printf '%s' '<${{ inputs.v }}>'", (v) => `<${v}>`],
  ['assignment', 'X=${{ inputs.v }}; printf \'%s\' "$X"', (v) => v],
  ['here-document', 'cat <<EOF\n<${{ inputs.v }}>\nEOF', (v) => `<${v}>\n`],
  ['here-document <<-', 'cat <<-END\n\t<${{ inputs.v }}>\n\tEND', (v) => `<${v}>\n`],
  ['$( ) in double quotes', "printf '%s' \"$(printf '%s' '<${{ inputs.v }}>')\"", (v) => `<${v}>`],
  ['backticks', 'X=`printf \'%s\' "<${{ inputs.v }}>"`; printf \'%s\' "$X"', (v) => `<${v}>`],
  ['${VAR:-default}', 'printf \'%s\' "${FLOWSTATE_UNSET:-<${{ inputs.v }}>}"', (v) => `<${v}>`],
  ['after a literal $', 'printf \'%s\' "$${{ inputs.v }}" $${{ inputs.v }}', (v) => `$${v}$${v}`],
  ['after a comment with a quote', "# it's here: ${{ inputs.v }}\nprintf '%s' ${{ inputs.v }}", (v) => v],
  ['after an escaped backslash', "printf '%s' \\\\${{ inputs.v }}", (v) => `\\${v}`],
  ['two values', "printf '%s|%s' ${{ inputs.v }} '${{ inputs.v }}'", (v) => `${v}|${v}`],
  // Function results are values like any other: they never become shell syntax either.
  ['format()', "printf '%s' ${{ format('<{0}|{0}>', inputs.v) }}", (v) => `<${v}|${v}>`],
  ['join(fromJSON(toJSON()))', "printf '%s' \"${{ join(fromJSON(toJSON(inputs.v)), '') }}\"", (v) => v],
  ['toJSON() in single quotes', "printf '%s' '${{ toJSON(inputs.v) }}'", (v) => JSON.stringify(v)],
];

describe('renderShellTemplate through a real /bin/sh', () => {
  it('a naive splice of the same values does run commands (the control case)', () => {
    const naive = renderTemplate(parseTemplate("printf '%s' ${{ inputs.v }}"), makeContext({ inputs: { v: '$(touch pwned)' } }));
    sh(naive);
    expect(readdirSync(workDir)).toEqual(['pwned']);
  });

  describe.each(SHAPES)('%s', (_name, template, expected) => {
    it.each(HOSTILE.map((value) => [JSON.stringify(value), value]))('value %s arrives verbatim and runs nothing', (_label, value) => {
      const { stdout, script } = runWith(template, value);
      expect(stdout).toBe(expected(value));
      expect(readdirSync(workDir)).toEqual([]);
      // The script does not depend on the value at all: it only names the variable.
      expect(script).toBe(runWith(template, 'neutral').script);
    });
  });

  it('holds for generated values in every quoting state (property)', () => {
    const piece = fc.constantFrom("'", '"', '\\', '$', '`', '(', ')', '{', '}', ';', '&', '|', '<', '>', '#', '*', ' ', '\n', '\t', 'EOF', 'END', 'touch pwned', 'a', 'é');
    const value = fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(fc.constantFrom(...SHAPES), value, ([, template, expected], v) => {
        const { stdout } = runWith(template, v);
        expect(stdout).toBe(expected(v));
        expect(readdirSync(workDir)).toEqual([]);
      }),
      { numRuns: 120 },
    );
  });

  it('holds for the fan-out contexts: `matrix.<key>` and a for_each item (property)', () => {
    const piece = fc.constantFrom("'", '"', '\\', '$', '`', '(', ')', ';', '&', '|', '>', '#', ' ', '\n', 'EOF', 'touch pwned', 'a');
    const value = fc.array(piece, { maxLength: 10 }).map((pieces) => pieces.join(''));
    const contexts = fc.constantFrom('matrix.v', 'file');
    fc.assert(
      fc.property(fc.constantFrom(...SHAPES), contexts, value, ([, template, expected], name, v) => {
        // A cell's context: the run's contexts plus `matrix` or the `as` name (src/engine/stage-context.ts).
        const ctx = { ...makeContext({}), matrix: { v }, file: v };
        const { script, env } = renderShellTemplate(parseTemplate(template.split('inputs.v').join(name)), ctx);
        expect(sh(script, env)).toBe(expected(v));
        expect(readdirSync(workDir)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('renderShellTemplate: variables', () => {
  it('names one variable per expression, in order, with stringified values', () => {
    const parts = parseTemplate('echo ${{ inputs.count }} "${{ inputs.nested }}" \'${{ inputs.missing }}\'');
    const { script, env } = renderShellTemplate(parts, makeContext());
    expect(env).toEqual({ FLOWSTATE_EXPR_0: '3', FLOWSTATE_EXPR_1: '{"deep":{"value":"x"}}', FLOWSTATE_EXPR_2: '' });
    expect(script).toBe('echo "${FLOWSTATE_EXPR_0}" "${FLOWSTATE_EXPR_1}" \'\'"${FLOWSTATE_EXPR_2}"\'\'');
  });

  it('uses a custom prefix', () => {
    const { script, env } = renderShellTemplate(parseTemplate('echo ${{ inputs.env }}'), makeContext(), 'FS_STAGE_A_');
    expect(script).toBe('echo "${FS_STAGE_A_0}"');
    expect(env).toEqual({ FS_STAGE_A_0: 'prod' });
    expect(sh(script, env)).toBe('prod\n');
  });

  it('refuses a prefix that is not a variable name', () => {
    expect(() => renderShellTemplate(parseTemplate('echo ${{ inputs.env }}'), makeContext(), 'X; rm -rf /')).toThrow(ExpressionError);
  });

  it('leaves a script without expressions unchanged', () => {
    const text = "echo 'it''s' \"$HOME\" $((1 + 2)) <<EOF\nbody\nEOF";
    expect(renderShellTemplate(parseTemplate(text), makeContext())).toEqual({ script: text, env: {} });
  });
});

describe('renderShellTemplate: spots where a value cannot be placed safely', () => {
  it.each<[string, string, string]>([
    ['arithmetic', 'echo $(( ${{ inputs.count }} + 1 ))', 'inside `$(( ))`'],
    ['quoted here-document', "cat <<'EOF'\n${{ inputs.env }}\nEOF", 'quoted here-document'],
    ['double-quoted here-document delimiter', 'cat <<"EOF"\n${{ inputs.env }}\nEOF', 'quoted here-document'],
    ['after a backslash', 'echo \\${{ inputs.env }}', 'cannot follow a backslash'],
    ['after a backslash in double quotes', 'echo "\\${{ inputs.env }}"', 'cannot follow a backslash'],
  ])('%s', (_name, template, message) => {
    const parts = parseTemplate(template);
    const attempt = () => renderShellTemplate(parts, makeContext());
    expect(attempt).toThrow(ExpressionError);
    expect(attempt).toThrow(message);
    expect(() => checkShellTemplate(parts)).toThrow(message);
    try {
      checkShellTemplate(parts);
    } catch (error) {
      const { index, source } = error as ExpressionError;
      expect(source.slice(index)).toMatch(/^inputs\.(count|env) \}\}/);
    }
  });

  it('accepts the same values once the here-document is unquoted or the backslash is escaped', () => {
    expect(() => checkShellTemplate(parseTemplate('cat <<EOF\n${{ inputs.env }}\nEOF\necho done'))).not.toThrow();
    expect(() => checkShellTemplate(parseTemplate('echo \\\\${{ inputs.env }}'))).not.toThrow();
  });

  it('tracks state across a here-document body (quotes in the body do not count)', () => {
    const { stdout } = runWith("cat <<EOF\nit's \"quoted\"\nEOF\nprintf '%s' ${{ inputs.v }}", "a'b");
    expect(stdout).toBe('it\'s "quoted"\na\'b');
  });
});
