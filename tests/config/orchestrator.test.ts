import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findProjectRoot, loadOrchestrator } from '../../src/config/index.js';
import { NotFoundError, ValidationError } from '../../src/errors/index.js';

let dir: string;
const savedEnv = process.env.FLOWSTATE_RUNS_DIR;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flowstate-orch-'));
  delete process.env.FLOWSTATE_RUNS_DIR;
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  if (savedEnv === undefined) delete process.env.FLOWSTATE_RUNS_DIR;
  else process.env.FLOWSTATE_RUNS_DIR = savedEnv;
});

const FULL = `version: 1
runs_dir: var/runs
runtimes:
  codex: { adapter: codex, command: codex, profile: worker }
  claude_code: { adapter: claude-code, command: claude --verbose, model: sonnet, env: { DEBUG: 1 } }
  local: { adapter: command, command: [node, scripts/echo-agent.mjs], args: [--fast] }
runtime_profile:
  default: local
  backend_profile: worker
  stages: { interview: codex, evaluate: claude_code }
gate_policy:
  - { match: { role: execute }, when: "inputs.env == 'prod'", message: "Agent edits \${{ inputs.env }}" }
retry_policy: { max: 1, delay: 2s }
`;

function diagnosticsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);
  }
  throw new Error('expected a ValidationError');
}

describe('findProjectRoot', () => {
  it('walks up to the nearest orchestrator.yaml', () => {
    writeFileSync(path.join(dir, 'orchestrator.yaml'), 'version: 1\n');
    const nested = path.join(dir, 'a', 'b');
    mkdirSync(nested, { recursive: true });
    expect(findProjectRoot(nested)).toEqual({ root: dir, configFile: path.join(dir, 'orchestrator.yaml') });
  });

  it('falls back to cwd when there is none', () => {
    const nested = path.join(dir, 'x');
    mkdirSync(nested);
    const found = findProjectRoot(nested);
    // A machine could have an orchestrator.yaml above the temp dir; then that one is the root.
    if (found.configFile === null) expect(found.root).toBe(nested);
    else expect(nested.startsWith(found.root)).toBe(true);
  });
});

describe('loadOrchestrator', () => {
  it('normalises every section', () => {
    writeFileSync(path.join(dir, 'orchestrator.yaml'), FULL);
    const orch = loadOrchestrator({ cwd: dir });
    expect(orch.file).toBe(path.join(dir, 'orchestrator.yaml'));
    expect(orch.root).toBe(dir);
    expect(orch.runsDir).toBe(path.join(dir, 'var/runs'));
    expect(orch.runtimes.claude_code).toEqual({ id: 'claude_code', adapter: 'claude-code', command: ['claude', '--verbose'], model: 'sonnet', args: [], env: { DEBUG: '1' } });
    expect(orch.runtimes.local.command).toEqual(['node', 'scripts/echo-agent.mjs']);
    expect(orch.runtimes.local.args).toEqual(['--fast']);
    expect(orch.runtimeProfile).toEqual({ default: 'local', backendProfile: 'worker', stages: { interview: 'codex', evaluate: 'claude_code' } });
    expect(orch.gatePolicy).toEqual([{ match: { role: 'execute' }, when: "inputs.env == 'prod'", message: 'Agent edits ${{ inputs.env }}' }]);
    expect(orch.retryPolicy).toEqual({ max: 1, delayMs: 2000, backoff: 1, maxDelayMs: 300_000 });
  });

  it('uses defaults without a file, with runs beside cwd', () => {
    const cwd = path.join(dir, 'project');
    mkdirSync(cwd);
    const orch = loadOrchestrator({ cwd, configFile: undefined });
    if (orch.file !== null) return; // an orchestrator.yaml above the temp dir would be found instead
    expect(orch).toEqual({ file: null, root: cwd, runsDir: path.join(cwd, '.runs'), runtimes: {}, runtimeProfile: { stages: {} }, gatePolicy: [] });
  });

  it('lets --runs-dir win over FLOWSTATE_RUNS_DIR, which wins over runs_dir', () => {
    writeFileSync(path.join(dir, 'orchestrator.yaml'), FULL);
    const sub = path.join(dir, 'sub');
    mkdirSync(sub);
    process.env.FLOWSTATE_RUNS_DIR = 'env-runs';
    expect(loadOrchestrator({ cwd: sub }).runsDir).toBe(path.join(sub, 'env-runs'));
    expect(loadOrchestrator({ cwd: sub, runsDirOverride: '../flag-runs' }).runsDir).toBe(path.join(dir, 'flag-runs'));
    delete process.env.FLOWSTATE_RUNS_DIR;
    expect(loadOrchestrator({ cwd: sub }).runsDir).toBe(path.join(dir, 'var/runs'));
  });

  it('reads --config instead of discovering', () => {
    const other = path.join(dir, 'conf');
    mkdirSync(other);
    writeFileSync(path.join(other, 'custom.yaml'), 'version: 1\nruntime_profile: { default: x }\nruntimes: { x: { adapter: command, command: echo } }\n');
    const orch = loadOrchestrator({ cwd: dir, configFile: 'conf/custom.yaml' });
    expect(orch.root).toBe(other);
    expect(orch.runsDir).toBe(path.join(other, '.runs'));
    expect(orch.runtimeProfile.default).toBe('x');
  });

  it('refuses a --config file that does not exist', () => {
    expect(() => loadOrchestrator({ cwd: dir, configFile: 'nope.yaml' })).toThrow(NotFoundError);
  });

  it('reports unknown runtimes in the profile with a suggestion', () => {
    writeFileSync(
      path.join(dir, 'orchestrator.yaml'),
      'version: 1\nruntimes:\n  local: { adapter: command, command: x }\nruntime_profile:\n  default: locl\n  stages: { reflect: hermes }\n',
    );
    expect(diagnosticsOf(() => loadOrchestrator({ cwd: dir }))).toEqual([
      '5:12: unknown runtime `locl`, did you mean `local`? (runtimes: local)',
      '6:22: unknown runtime `hermes` (runtimes: local)',
    ]);
  });

  it('reports unknown role keys with the valid set', () => {
    writeFileSync(path.join(dir, 'orchestrator.yaml'), 'version: 1\nruntime_profile:\n  stages:\n    evaluation: x\n');
    expect(diagnosticsOf(() => loadOrchestrator({ cwd: dir }))).toEqual([
      '4:5: unknown agent role `evaluation`, did you mean `evaluate`? (valid roles: interview, execute, evaluate, reflect)',
    ]);
  });

  it('reports YAML problems of orchestrator.yaml', () => {
    writeFileSync(path.join(dir, 'orchestrator.yaml'), '- a\n- b\n');
    expect(diagnosticsOf(() => loadOrchestrator({ cwd: dir }))).toEqual(['1:1: orchestrator.yaml file must be a mapping of keys to values, found a list']);
    writeFileSync(path.join(dir, 'orchestrator.yaml'), '');
    expect(diagnosticsOf(() => loadOrchestrator({ cwd: dir }))).toEqual(['1:1: the file is empty: orchestrator.yaml needs at least `version`']);
  });

  it('reports missing version and unknown top-level keys', () => {
    writeFileSync(path.join(dir, 'orchestrator.yaml'), 'runs: .runs\n');
    expect(diagnosticsOf(() => loadOrchestrator({ cwd: dir }))).toEqual([
      '1:1: missing required key `version`',
      '1:1: unknown key `runs` at the top level, did you mean `runs_dir`?',
    ]);
  });
});
