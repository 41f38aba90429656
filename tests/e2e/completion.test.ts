// `flowstate completion bash|zsh|fish` exercised in the real shells: the printed script is
// sourced, then its completion function runs on COMP_WORDS/COMP_CWORD (bash), on words/CURRENT
// with zsh's completion builtins stubbed (zsh), or through `complete -C` (fish), calling the
// built CLI through a `flowstate` on PATH inside a project with pipelines and recorded runs.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, makeProject, runCli } from './helpers.js';

let dir: string;
let env: NodeJS.ProcessEnv;
const runIds: string[] = [];

beforeAll(() => {
  dir = makeProject({}, null);
  expect(runCli(dir, ['init', '--agents']).code).toBe(0);
  for (const [pipeline, who] of [
    ['hello', 'a'],
    ['hello', 'b'],
  ]) {
    const run = runCli(dir, ['run', pipeline, '--input', `who=${who}`, '--json']);
    expect(run.code).toBe(0);
    runIds.push(JSON.parse(run.stdout).run_id as string);
  }
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin/flowstate'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(join(dir, 'bin/flowstate'), 0o755);
  env = { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}`, NO_COLOR: '1', FLOWSTATE_RUNS_DIR: '' };
  for (const shell of ['bash', 'zsh', 'fish']) {
    const script = runCli(dir, ['completion', shell]);
    expect(script.code).toBe(0);
    writeFileSync(join(dir, `completion.${shell}`), script.stdout);
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a shell in the project with the given script text; stdout split into lines. */
function shell(name: string, args: string[], words: string[] = []): { lines: string[]; stderr: string; code: number | null } {
  const result = spawnSync(name, [...args, ...words], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { lines: result.stdout.split('\n').filter((l) => l !== ''), stderr: result.stderr, code: result.status };
}

/** bash: what the completion function puts in COMPREPLY for `flowstate WORDS...` (the last word is completed). */
function bashComplete(...words: string[]): string[] {
  const body =
    'source ./completion.bash; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; ' + '_flowstate_completion; printf "%s\\n" "${COMPREPLY[@]}"';
  const result = shell('bash', ['--norc', '--noprofile', '-c', body, 'flowstate', 'flowstate'], words);
  expect(result.stderr).toBe('');
  return result.lines;
}

/** True when a shell is installed (zsh and fish are optional; .ci/run installs them). */
function has(name: string): boolean {
  const found = spawnSync(name, ['--version'], { encoding: 'utf8' }).status === 0;
  if (!found) console.warn(`${name} is not installed (apt-get install -y ${name}); skipping its completion checks`);
  return found;
}

describe('bash completion', { timeout: 120_000 }, () => {
  it('registers a completion function for flowstate (complete -p)', () => {
    expect(shell('bash', ['--norc', '--noprofile', '-c', 'source ./completion.bash && complete -p flowstate']).lines).toEqual(['complete -F _flowstate_completion flowstate']);
  });

  it('completes commands (hidden ones stay hidden) and their options and choices', () => {
    expect(bashComplete('r')).toEqual(['run', 'runs', 'resume', 'reject', 'retry']);
    const all = bashComplete('');
    expect(all).toEqual(expect.arrayContaining(['init', 'run', 'watch', 'viz', 'status', 'logs', 'completion', 'help']));
    expect(all.some((c) => c.startsWith('__'))).toBe(false);
    expect(bashComplete('run', '--f')).toEqual(['--from', '--force']);
    expect(bashComplete('viz', 'hello', '--format', '')).toEqual(['mermaid', 'dot', 'json', 'svg', 'html']);
    expect(bashComplete('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(bashComplete('help', 'wa')).toEqual(['watch']);
  });

  it('completes pipeline names from the project, then files when no name matches', () => {
    expect(bashComplete('run', '')).toEqual(['agent-loop', 'hello']);
    expect(bashComplete('watch', 'he')).toEqual(['hello']);
    expect(bashComplete('validate', 'hello', 'ag')).toEqual(['agent-loop']);
    expect(bashComplete('runs', '--pipeline', '')).toEqual(['agent-loop', 'hello']);
    expect(bashComplete('run', 'pipelines/he')).toEqual(['pipelines/hello.yaml']);
  });

  it('completes run ids for status, logs, resume, approve and retry, and stage ids for logs RUN STAGE', () => {
    const newestFirst = [...runIds].reverse();
    expect(bashComplete('status', '')).toEqual(newestFirst);
    expect(bashComplete('resume', runIds[0].slice(0, 10))).toEqual(expect.arrayContaining([runIds[0]]));
    expect(bashComplete('logs', '')).toEqual(['last', ...newestFirst]);
    expect(bashComplete('approve', '')).toEqual(['last', ...newestFirst]);
    expect(bashComplete('retry', 'la')).toEqual(['last']);
    expect(bashComplete('logs', runIds[0], '')).toEqual(['greet', 'measure', 'report']);
    expect(bashComplete('logs', 'last', 'me')).toEqual(['measure']);
    expect(bashComplete('--runs-dir', '/nonexistent', 'status', '')).toEqual([]);
  });

  it('treats names as data: shell syntax in a file name is neither run nor globbed', () => {
    writeFileSync(join(dir, 'pipelines', '$(touch pwned).yaml'), 'version: 1\n');
    writeFileSync(join(dir, 'pipelines', '*.yaml'), 'version: 1\n');
    try {
      expect(bashComplete('run', '')).toEqual(['$(touch pwned)', '*', 'agent-loop', 'hello']);
      expect(existsSync(join(dir, 'pwned'))).toBe(false);
    } finally {
      rmSync(join(dir, 'pipelines', '$(touch pwned).yaml'));
      rmSync(join(dir, 'pipelines', '*.yaml'));
    }
  });

  it('refuses an unknown shell with the valid ones (exit 2)', () => {
    const result = runCli(dir, ['completion', 'tcsh']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Allowed choices are bash, zsh, fish.');
    expect(result.stdout).toBe('');
  });

  it('completes nothing, quietly, in a broken project', () => {
    const broken = makeProject({}, 'version: [\n');
    try {
      const result = spawnSync(process.execPath, [CLI, '__complete', '--', 'status', ''], { cwd: broken, encoding: 'utf8' });
      expect(result.status).toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe('');
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});

describe('zsh and fish completion', { timeout: 120_000 }, () => {
  it('zsh: the script parses, and its function offers commands, pipelines, run ids and files', () => {
    if (!has('zsh')) return;
    expect(shell('zsh', ['-n', 'completion.zsh']).code).toBe(0);
    const stubs =
      'compdef() { :; }; _describe() { print -l -- "${(@P)${@[-1]}}"; }; compadd() { print -l -- "${(@P)2}"; }; _files() { print -- ":files $*"; }; ' +
      'source ./completion.zsh; words=(flowstate "$@"); CURRENT=$#words; _flowstate';
    const complete = (...words: string[]): string[] => shell('zsh', ['-f', '-c', stubs, 'zsh'], words).lines;
    expect(complete('ru')).toEqual(['run:run a pipeline; the run is recorded under the runs dir and can be inspected with status/logs', 'runs:list recorded runs, newest first']);
    expect(complete('run', '')).toEqual(['agent-loop:pipeline', 'hello:pipeline']);
    expect(complete('status', '')).toEqual([...runIds].reverse().map((id) => `${id}:hello succeeded`));
    expect(complete('--config', '')).toEqual([':files ']);
  });

  it('fish: the script parses, and `complete -C` offers commands, pipelines, run ids and stage ids', () => {
    if (!has('fish')) return;
    expect(shell('fish', ['--no-execute', 'completion.fish']).code).toBe(0);
    const complete = (line: string): string[] => shell('fish', ['--no-config', '-c', 'source completion.fish; complete -C $argv[1]'], [line]).lines.map((l) => l.split('\t')[0]);
    expect(complete('flowstate ru')).toEqual(['run', 'runs']);
    expect(complete('flowstate watch ')).toEqual(['agent-loop', 'hello']);
    expect(complete(`flowstate logs ${runIds[1]} `)).toEqual(['greet', 'measure', 'report']);
    expect(complete('flowstate status ')).toEqual(expect.arrayContaining(runIds));
  });
});
