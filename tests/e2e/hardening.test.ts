// Secrets never reach logs, journal or manifest; gc removes only what is safe to remove.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, pipelineYaml, runCli } from './helpers.js';
import { interruptRun } from './interrupt.js';

/** Every file flowstate wrote in a run directory, concatenated (outputs/ holds what stages wrote). */
function runDirText(dir: string): string {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => !name.startsWith('outputs'))
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path, 'utf8'))
    .join('\n');
}

describe('secrets', () => {
  it('masks secret env values and declared secret inputs in logs, journal and manifest', () => {
    const stages =
      '  leak:\n    run: echo "token=$API_TOKEN pw=${{ inputs.password }}"; echo "out=$API_TOKEN" >> "$FLOWSTATE_OUTPUT"\n' +
      '  broken:\n    run: echo "failing with $API_TOKEN" >&2; exit 1\n';
    const project = makeProject({ 's.yaml': pipelineYaml('s', stages, 'secrets: [password]\ninputs:\n  password: { type: string }\n') });
    const run = runCli(project, ['run', 's.yaml', '--input', 'password=open-sesame-42'], { API_TOKEN: 'tok-hunter2-secret' });
    expect(run.code).toBe(1);
    const runDir = join(project, '.runs/s', readdirSync(join(project, '.runs/s'))[0]);
    const everything = runDirText(runDir) + run.stdout + run.stderr;
    expect(everything).not.toContain('tok-hunter2-secret');
    expect(everything).not.toContain('open-sesame-42');
    expect(readFileSync(join(runDir, 'logs/leak.1.log'), 'utf8')).toBe('token=*** pw=***\n');
    expect(JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')).inputs.password).toBe('***');
    // What the stage wrote to its outputs file is its own: never rewritten.
    expect(readFileSync(join(runDir, 'outputs/leak.1'), 'utf8')).toBe('out=tok-hunter2-secret\n');
  });
});

describe('gc', () => {
  it('removes old finished runs and orphaned cache entries, never a resumable run', async () => {
    const project = makeProject({
      'g.yaml': pipelineYaml('g', '  a:\n    run: echo a >> ledger; sleep ${{ inputs.sleep }}\n', 'inputs:\n  sleep: { type: string, default: "0" }\n'),
    });
    for (let i = 0; i < 3; i++) expect(runCli(project, ['run', 'g.yaml']).code).toBe(0);
    const interrupted = await interruptRun(project, 'g.yaml', ['--input', 'sleep=5'], () => readFileSync(join(project, 'ledger'), 'utf8').split('\n').length > 4);
    mkdirSync(join(project, '.runs/.cache/ghost'), { recursive: true });
    writeFileSync(join(project, '.runs/.cache/ghost/x.json'), '{}');
    const before = readdirSync(join(project, '.runs/g')).sort();
    expect(before).toHaveLength(4);
    const listed = JSON.parse(runCli(project, ['runs', '--json']).stdout) as { run_id: string; status: string }[];
    const newestFinished = listed.find((r) => r.status === 'succeeded')?.run_id;
    const dry = runCli(project, ['gc', '--keep', '1', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would remove 2 run(s) and 1 cache entry');
    expect(readdirSync(join(project, '.runs/g')).sort()).toEqual(before);
    expect(runCli(project, ['gc', '--keep', '1']).code).toBe(0);
    const after = readdirSync(join(project, '.runs/g')).sort();
    expect(after).toHaveLength(2);
    expect(after).toContain(interrupted);
    expect(after).toContain(newestFinished);
    expect(existsSync(join(project, '.runs/.cache/ghost/x.json'))).toBe(false);
    expect(runCli(project, ['gc', '--keep', 'x']).code).toBe(2);
  });
});

describe('user errors on run bookkeeping commands', () => {
  it('gc --older-than rejects an age it cannot read; resume says when there is no run', () => {
    const project = makeProject({ 'g.yaml': pipelineYaml('g', '  a:\n    run: echo a\n') });
    const badAge = runCli(project, ['gc', '--older-than', 'soon']);
    expect(badAge.code).toBe(2);
    expect(badAge.stderr).toMatch(/--older-than expects an age such as 7d, 12h or 30m, got `soon`/);
    const noRuns = runCli(project, ['resume', '--last']);
    expect(noRuns.code).toBe(2);
    expect(noRuns.stderr).toMatch(/no runs yet/);
    expect(noRuns.stderr).not.toMatch(/^\s+at /m);
  });
});
