// completeWords on a small spec: how the words typed so far pick commands, options, option
// values and positional arguments (the project-backed values are covered end to end in
// tests/e2e/completion.test.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeWords, type CliSpec } from '../../src/api/index.js';

const SPEC: CliSpec = {
  globalOptions: [
    { flags: ['--config'], takesValue: true, description: 'config' },
    { flags: ['--runs-dir'], takesValue: true, description: 'runs dir' },
  ],
  commands: [
    {
      name: 'viz',
      description: 'draw',
      options: [
        { flags: ['--format'], takesValue: true, choices: ['mermaid', 'dot'], description: 'format' },
        { flags: ['-o', '--output'], takesValue: true, description: 'file' },
        { flags: ['--json'], takesValue: false, description: 'json' },
      ],
      arguments: [{ kind: 'pipeline', variadic: false }],
    },
    { name: 'completion', description: 'script', options: [], arguments: [{ kind: 'shell', variadic: false }] },
    { name: 'help', description: 'help', options: [], arguments: [{ kind: 'command', variadic: false }] },
  ],
};
const EMPTY = mkdtempSync(join(tmpdir(), 'flowstate-complete-'));

/** The candidate values and fallback for `flowstate WORDS...`. */
function complete(...words: string[]): { values: string[]; fallback: string } {
  const result = completeWords(SPEC, words, EMPTY);
  return { values: result.candidates.map((c) => c.value), fallback: result.fallback };
}

describe('completeWords', () => {
  it('completes commands, then their options (long spellings, plus --help), then option values', () => {
    expect(complete('')).toEqual({ values: ['viz', 'completion', 'help'], fallback: 'none' });
    expect(complete('--config', 'x.yaml', 'v')).toEqual({ values: ['viz'], fallback: 'none' });
    expect(complete('viz', '--')).toEqual({ values: ['--format', '--output', '--json', '--config', '--runs-dir', '--help'], fallback: 'none' });
    expect(complete('viz', '--format', '')).toEqual({ values: ['mermaid', 'dot'], fallback: 'none' });
    expect(complete('viz', '-o', '')).toEqual({ values: [], fallback: 'files' });
    expect(complete('--runs-dir', '')).toEqual({ values: [], fallback: 'dirs' });
  });

  it('counts positionals past options and their values, and stops after the last argument', () => {
    expect(complete('viz', '--format', 'dot', '')).toEqual({ values: [], fallback: 'files' });
    expect(complete('viz', '--format=dot', '--json', 'p', '')).toEqual({ values: [], fallback: 'none' });
    expect(complete('viz', '--', '--not-an-option', '')).toEqual({ values: [], fallback: 'none' });
    expect(complete('completion', 'z')).toEqual({ values: ['zsh'], fallback: 'none' });
    expect(complete('help', 'c')).toEqual({ values: ['completion'], fallback: 'none' });
    expect(complete('nonsense', '')).toEqual({ values: [], fallback: 'none' });
  });
});
