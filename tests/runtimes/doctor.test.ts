// `flowstate doctor` through the built CLI: goldens for everything present, one runtime
// missing and an unknown role key in orchestrator.yaml; version probes that fail or hang;
// `run` refusing to start when a runtime is missing (while `validate` does not look at PATH).
// Regenerate goldens: UPDATE_GOLDENS=1 npx vitest run tests/runtimes/doctor.test.ts
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden, flowstate, transcript } from './cli-helpers.js';
import { REPO, tempDir } from './helpers.js';

const FIXTURES = join(REPO, 'tests/fixtures');
const PROJECT = join(FIXTURES, 'agent-project');
const MISSING = join(FIXTURES, 'agent-doctor-missing');
const BADROLE = join(FIXTURES, 'agent-doctor-badrole');

describe('flowstate doctor', () => {
  it('everything present: the role table with sources, overrides, runtimes with versions (exit 0)', () => {
    const run = flowstate(PROJECT, ['doctor']);
    expectGolden('doctor-ok.txt', transcript(['doctor'], run));
    expect(run.code).toBe(0);
  });

  it('everything present, --json', () => {
    const run = flowstate(PROJECT, ['doctor', '--json']);
    expectGolden('doctor-ok.json', run.stdout);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, exit_code: 0 });
    expect(run.code).toBe(0);
  });

  it('one runtime missing: names it, who needs it and the fix (exit 1)', () => {
    const run = flowstate(MISSING, ['doctor']);
    expectGolden('doctor-missing.txt', transcript(['doctor'], run));
    expect(run.code).toBe(1);
    const json = JSON.parse(flowstate(MISSING, ['doctor', '--json']).stdout);
    expect(json.runtimes.find((r: { id: string }) => r.id === 'aider')).toMatchObject({ status: 'missing', needed_by: ['review.execute'] });
  });

  it('an unknown role key in orchestrator.yaml: file:line:col and the valid set (exit 2)', () => {
    const run = flowstate(BADROLE, ['doctor']);
    expectGolden('doctor-badrole.txt', transcript(['doctor'], run));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^orchestrator\.yaml:10:5: unknown agent role `review` \(valid roles: interview, execute, evaluate, reflect\)$/m);
  });

  it('a runtime that does not answer --version within the timeout is broken (exit 1)', () => {
    const run = flowstate(PROJECT, ['doctor', '--timeout', '300', '--json'], { FAKE_AGENT_VERSION: 'hang' });
    expect(run.code).toBe(1);
    const codex = JSON.parse(run.stdout).runtimes.find((r: { id: string }) => r.id === 'codex');
    expect(codex).toMatchObject({ status: 'broken', problem: '`codex --version` did not answer within 300ms' });
  });

  it('a runtime whose --version fails is broken, quoting its answer', () => {
    const run = flowstate(PROJECT, ['doctor', 'mixed'], { FAKE_AGENT_VERSION: 'fail' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('`hermes --version` exited 1: hermes: broken installation');
  });

  it('rejects a bad --timeout', () => {
    expect(flowstate(PROJECT, ['doctor', '--timeout', 'soon']).code).toBe(2);
  });
});

describe('flowstate run with a missing runtime', () => {
  it('refuses to start (exit 2), naming stage, role, runtime and the fix, and records nothing', () => {
    const runs = tempDir();
    const run = flowstate(MISSING, ['run', 'review'], { FLOWSTATE_RUNS_DIR: runs });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'pipelines/review.yaml:7:3: stage `execute` (role `execute`) needs runtime `aider` (adapter command, chosen by runtime_profile.stages.execute), ' +
        'but its executable `aider-not-installed` is not on PATH. Fix: install it or add its directory to PATH, ' +
        'or map role `execute` to another runtime in orchestrator.yaml (`flowstate doctor` shows the table)',
    );
    expect(run.stdout).toBe('');
    expect(flowstate(MISSING, ['runs', '--json'], { FLOWSTATE_RUNS_DIR: runs }).stdout.trim()).toBe('[]');
  });

  it('validate does not look at PATH', () => {
    expect(flowstate(MISSING, ['validate']).code).toBe(0);
  });
});
