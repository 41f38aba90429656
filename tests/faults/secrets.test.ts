// Secret probes: every channel a secret can surface through (logs, journal, manifest, status,
// runs, logs command, viz, --dry-run, error messages, nested runs) masks it, including a PEM key
// over several lines, a secret cut by the 64 KiB line-piece boundary, an approval message, a
// secret handed to a nested run via `with:`, stage env, and a value spliced into a secret env
// var. Over-redaction is a bug too: booleans, numbers and short values stay as they are, and
// what a stage wrote to its outputs file is never rewritten.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, runCli } from '../e2e/helpers.js';
import { expectNoStackTrace, journalOf, runDirs } from './helpers.js';

const TOK = 'tok-Secret-1111';
const GHV = 'ghv-Secret-2222';
const API = 'api-Secret-3333';
const DB = 'hunter2-db-pass';
const PEM_LINES = ['-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'secondLineOfKeyMaterial0123', '-----END PRIVATE KEY-----'];
const SECRETS = [TOK, GHV, API, DB, ...PEM_LINES.slice(1, 3)];

const PIPELINE = `version: 1
name: s
secrets: [tok]
inputs:
  tok: { type: string }
  ghv: { type: string }
env:
  GH_TOKEN: "\${{ inputs.ghv }}"
stages:
  pem:
    run: printf '%s\\n' "$PEM_KEY"
  long:
    run: [node, -e, "process.stdout.write('x'.repeat(65530) + process.env.API_TOKEN + 'y'.repeat(10) + '\\\\n')"]
  dbenv:
    env: { DB_PASSWORD: ${DB} }
    run: echo "connecting with $DB_PASSWORD"
  gh:
    run: echo "gh says $GH_TOKEN and \${{ inputs.ghv }}"
  child:
    pipeline: child.yaml
    with: { key: "\${{ inputs.tok }}" }
  gate:
    approval: { message: "deploy with \${{ inputs.tok }}" }
    run: echo deployed
`;
const CHILD =
  'version: 1\nname: child\ninputs:\n  key: { type: string }\nstages:\n  c:\n    run: echo "child got ${{ inputs.key }}"; echo "k=${{ inputs.key }}" >> "$FLOWSTATE_OUTPUT"\n';
const ENV = { PEM_KEY: PEM_LINES.join('\n'), API_TOKEN: API };
const INPUTS = ['--input', `tok=${TOK}`, '--input', `ghv=${GHV}`];

/** Every file flowstate wrote under the runs dir (outputs/ holds what stages wrote themselves). */
function runsText(project: string): string {
  const root = join(project, '.runs');
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((name) => !name.split('/').includes('outputs') && statSync(join(root, name)).isFile())
    .map((name) => readFileSync(join(root, name), 'utf8'))
    .join('\n');
}

function expectNoSecret(channel: string, text: string): void {
  for (const secret of SECRETS) expect(text.includes(secret), `${channel} shows ${secret}`).toBe(false);
}

describe('secrets are masked in every channel', () => {
  it('logs, journal, manifest, status, runs, logs, viz, --dry-run, nested runs, approval message', () => {
    const project = makeProject({ 's.yaml': PIPELINE, 'child.yaml': CHILD });
    const run = runCli(project, ['run', 's.yaml', ...INPUTS], ENV);
    expectNoStackTrace(run.stderr);
    expect(run.code).toBe(4); // paused at the gate
    const [runDir] = runDirs(project, 's');
    const runId = runDir.split('/').pop() as string;
    expectNoSecret('run output', run.stdout + run.stderr);
    expectNoSecret('the runs dir', runsText(project));
    // Masked, not lost: each channel shows *** where the secret was.
    expect(readFileSync(join(runDir, 'logs/pem.1.log'), 'utf8')).toBe('***\n***\n***\n***\n'); // each line of the key
    expect(readFileSync(join(runDir, 'logs/long.1.log'), 'utf8')).toBe(`${'x'.repeat(65530)}***${'y'.repeat(10)}\n`);
    expect(readFileSync(join(runDir, 'logs/dbenv.1.log'), 'utf8')).toBe('connecting with ***\n');
    expect(readFileSync(join(runDir, 'logs/gh.1.log'), 'utf8')).toBe('gh says *** and ***\n');
    const events = journalOf(runDir);
    expect(events.find((e) => e.type === 'gate.waiting')).toMatchObject({ message: 'deploy with ***' });
    expect(events.find((e) => e.type === 'run.started')).toMatchObject({ inputs: { tok: '***', ghv: '***' } });
    const [childDir] = runDirs(project, 'child');
    expect(journalOf(childDir).find((e) => e.type === 'run.started')).toMatchObject({ inputs: { key: '***' } });
    expect(readFileSync(join(childDir, 'logs/c.1.log'), 'utf8')).toBe('child got ***\n');

    for (const args of [
      ['status', runId, '--json'],
      ['runs', '--json'],
      ['logs', runId],
      ['viz', 's.yaml', '--run', runId, '--format', 'json'],
    ]) {
      const shown = runCli(project, args);
      expectNoStackTrace(shown.stderr);
      expectNoSecret(args.join(' '), shown.stdout + shown.stderr);
    }
    for (const extra of [[], ['--json']]) {
      const dry = runCli(project, ['run', 's.yaml', '--dry-run', ...INPUTS, ...extra], ENV);
      expect(dry.code).toBe(0);
      expectNoSecret(`run --dry-run ${extra.join(' ')}`, dry.stdout + dry.stderr);
      expect(dry.stdout).toContain('***');
    }
  }, 120_000);

  it('resume without the secret inputs refuses (exit 2) naming them and --input; never runs with ***', () => {
    const project = makeProject({ 's.yaml': PIPELINE, 'child.yaml': CHILD });
    expect(runCli(project, ['run', 's.yaml', ...INPUTS], ENV).code).toBe(4);
    const [runDir] = runDirs(project, 's');
    const before = journalOf(runDir).length;
    const refused = runCli(project, ['resume', runDir.split('/').pop() as string], ENV);
    expectNoStackTrace(refused.stderr);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/secret inputs `tok`, `ghv` again.*--input tok=\.\.\. --input ghv=\.\.\./);
    expect(journalOf(runDir)).toHaveLength(before); // nothing ran, nothing recorded
    const approved = runCli(project, ['approve', runDir.split('/').pop() as string, '--input', `tok=${TOK}`, '--input', `ghv=${GHV}`], ENV);
    expectNoStackTrace(approved.stderr);
    expect(approved.code).toBe(0);
    expectNoSecret('approve', approved.stdout + approved.stderr + runsText(project));
  }, 90_000);

  it('retry without the secret inputs refuses the same way', () => {
    const project = makeProject({ 'r.yaml': 'version: 1\nname: r\nsecrets: [tok]\ninputs:\n  tok: { type: string }\nstages:\n  a:\n    run: exit 1\n' });
    expect(runCli(project, ['run', 'r.yaml', '--input', `tok=${TOK}`]).code).toBe(1);
    const refused = runCli(project, ['retry', 'last']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/needs its secret input `tok` again \(secrets are never stored\): retry with --input tok=\.\.\./);
    expect(runDirs(project, 'r')).toHaveLength(1);
  });

  it('an invalid value of a secret input is not echoed in the error', () => {
    const project = makeProject({ 'e.yaml': 'version: 1\nname: e\ninputs:\n  api_key: { type: string, enum: [key-one-aaaa, key-two-bbbb] }\nstages:\n  a:\n    run: echo a\n' });
    const bad = runCli(project, ['run', 'e.yaml', '--input', 'api_key=wrong-secret-value']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/input `api_key` must be one of key-one-aaaa, key-two-bbbb \(the secret value given is not shown\)/);
    expect(bad.stderr).not.toContain('wrong-secret-value');
  });
});

describe('over-redaction', () => {
  it('never masks booleans, numbers or short values, and never rewrites the outputs file', () => {
    const stages =
      '  check:\n    run: echo false; echo 12345678; echo abc; echo "ok=false" >> "$FLOWSTATE_OUTPUT"\n' +
      "    next:\n      - { when: outputs.ok == 'false', to: taken }\n      - { to: end }\n" +
      '  taken:\n    run: echo took the route > route.txt\n';
    const project = makeProject({ 'o.yaml': `version: 1\nname: o\nstages:\n${stages}` });
    const run = runCli(project, ['run', 'o.yaml'], { TOKENIZERS_PARALLELISM: 'false', PIN_KEY: '12345678', API_KEY: 'abc' });
    expect(run.code).toBe(0);
    expect(existsSync(join(project, 'route.txt'))).toBe(true);
    const [runDir] = runDirs(project, 'o');
    expect(readFileSync(join(runDir, 'logs/check.1.log'), 'utf8')).toBe('false\n12345678\nabc\n');
    expect(readFileSync(join(runDir, 'outputs/check.1'), 'utf8')).toBe('ok=false\n');
    expect(journalOf(runDir).find((e) => e.type === 'stage.finished' && e.stage === 'check')).toMatchObject({ outputs: { ok: 'false' } });
    expect(runsText(project)).not.toContain('***');
  });
});
