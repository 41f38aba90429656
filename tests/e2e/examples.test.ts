// The repository's own examples: every pipeline runs offline, machines/ is fresh, the charts
// draw, and the README's library example works as written.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from './helpers.js';

// build-test runs this very test suite: never from inside it.
const RUNNABLE = ['hello', 'parallel', 'agent-loop', 'nested', 'release-notes', 'matrix', 'services'];

describe('example pipelines', () => {
  it('lists every example here (a new pipeline must be added to RUNNABLE or excluded on purpose)', () => {
    const names = readdirSync(join(REPO, 'pipelines'))
      .map((f) => f.replace(/\.yaml$/, ''))
      .sort();
    // dashboard-demo waits at a gate: tests/e2e/dashboard-attach.test.ts and dashboard-tmux.test.ts run it.
    expect(names).toEqual([...RUNNABLE, 'approval', 'build-test', 'dashboard-demo'].sort());
  });

  it('approval pauses for a person (exit 4), and approving it finishes the run', () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'flowstate-examples-'));
    const env = { FLOWSTATE_RUNS_DIR: runsDir };
    const run = runCli(REPO, ['run', 'pipelines/approval.yaml', '--json'], env);
    expect(run.code).toBe(4);
    const doc = JSON.parse(run.stdout);
    expect(doc.status).toBe('awaiting_approval');
    expect(runCli(REPO, ['approve', doc.run_id, '--by', 'test'], env).code).toBe(0);
    expect(JSON.parse(runCli(REPO, ['status', doc.run_id, '--json'], env).stdout).status).toBe('succeeded');
  });

  it.each(RUNNABLE)('%s runs offline and status/logs show it', (name) => {
    const runsDir = mkdtempSync(join(tmpdir(), 'flowstate-examples-'));
    const env = { FLOWSTATE_RUNS_DIR: runsDir };
    const inputs = name === 'release-notes' ? ['--input', 'component=demo'] : [];
    const run = runCli(REPO, ['run', `pipelines/${name}.yaml`, '--json', ...inputs], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.status).toBe('succeeded');
    const status = runCli(REPO, ['status', doc.run_id], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('succeeded');
    expect(runCli(REPO, ['logs', doc.run_id], env).code).toBe(0);
  });

  it('machines/ holds the current compiled charts (run `flowstate compile` when this fails)', () => {
    const out = mkdtempSync(join(tmpdir(), 'flowstate-machines-'));
    expect(runCli(REPO, ['compile', '--out', out]).code).toBe(0);
    const fresh = readdirSync(out).sort();
    expect(readdirSync(join(REPO, 'machines')).sort()).toEqual(fresh);
    for (const file of fresh) {
      expect(readFileSync(join(REPO, 'machines', file), 'utf8'), file).toBe(readFileSync(join(out, file), 'utf8'));
    }
  });

  it('viz draws the agent loop with its guard as the edge label, and dot accepts the dot output', () => {
    const mermaid = runCli(REPO, ['viz', 'pipelines/agent-loop.yaml', '--format', 'mermaid']);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toContain("evaluate --> execute : outputs.signal == 'fail'");
    const dot = runCli(REPO, ['viz', 'pipelines/agent-loop.yaml', '--format', 'dot']);
    expect(dot.code).toBe(0);
    const graphviz = spawnSync('dot', ['-Tsvg'], { input: dot.stdout, encoding: 'utf8' });
    if (graphviz.error) {
      console.warn('graphviz `dot` is not installed (apt-get install -y graphviz); skipping the render check');
      return;
    }
    expect(graphviz.stderr).toBe('');
    expect(graphviz.status).toBe(0);
    expect(graphviz.stdout).toContain('<svg');
  });

  it("the README's library example runs as written", () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const snippet = /## Library[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(snippet).toBeDefined();
    // Inside the package, `import ... from 'flowstate-cli'` resolves to this package (self-reference).
    const dir = join(REPO, '.tmp');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `readme-example-${process.pid}.mjs`);
    writeFileSync(file, snippet as string);
    const runsDir = mkdtempSync(join(tmpdir(), 'flowstate-readme-'));
    const result = spawnSync(process.execPath, [file], { cwd: REPO, encoding: 'utf8', env: { ...process.env, FLOWSTATE_RUNS_DIR: runsDir } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/1 run\.started/);
    expect(result.stdout).toMatch(/succeeded \d{8}-\d{6}-[a-z0-9]{4}/);
  });
});
