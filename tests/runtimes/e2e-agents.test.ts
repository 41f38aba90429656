// End to end through the built CLI: agent-loop run by each fake agent CLI put first on PATH
// (the evaluate -> execute loop is driven by the agent's JSON signal and ended by it), and a
// replay of a pipeline with mixed runtimes: runtime_id, adapter and source per stage in
// events.jsonl, usage per stage, per run and per runtime in the manifest.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JournalEvent, StageFinishedEvent, StageStartedEvent, Usage } from '../../src/model/index.js';
import { newManifest, rebuildManifestFromJournal } from '../../src/store/index.js';
import { readEvents, readRunManifest } from '../e2e/helpers.js';
import { flowstate } from './cli-helpers.js';
import { recorded, REPO, tempDir } from './helpers.js';

const PROJECT = join(REPO, 'tests/fixtures/agent-project');
const LOOP_ORDER = ['interview', 'execute', 'evaluate', 'execute', 'evaluate', 'reflect'];

const started = (events: JournalEvent[]) => events.filter((e): e is StageStartedEvent => e.type === 'stage.started');
const finished = (events: JournalEvent[]) => events.filter((e): e is StageFinishedEvent => e.type === 'stage.finished');

/** Usage times n (cost rounded like a sum of n floats would be compared). */
function times(usage: Usage, n: number): Usage {
  return { input_tokens: usage.input_tokens * n, output_tokens: usage.output_tokens * n, ...(usage.cost_usd === undefined ? {} : { cost_usd: usage.cost_usd * n }) };
}

/** Runs a pipeline of the fixture project with its runs and the fakes' record in a temp dir. */
function runProject(args: string[]) {
  const runs = tempDir('flowstate-e2e-agents-');
  const run = flowstate(PROJECT, [...args, '--json'], { FLOWSTATE_RUNS_DIR: runs, FAKE_AGENT_RECORD: join(runs, 'record.jsonl') });
  if (run.code !== 0) throw new Error(`flowstate ${args.join(' ')} exited ${run.code}: ${run.stderr}${run.stdout}`);
  const doc = JSON.parse(run.stdout) as { run_id: string; status: string; run_dir: string };
  return { runs, doc, events: readEvents(doc.run_dir), manifest: readRunManifest(doc.run_dir) };
}

/** The exact argv each fake receives for a stage of the loop (cwd = the project root). */
const EXPECTED_ARGV: Record<string, (call: { argv: string[] }) => string[]> = {
  codex: (call) => ['exec', '--json', '--skip-git-repo-check', '-C', PROJECT, '--profile', 'worker', '-o', call.argv[call.argv.indexOf('-o') + 1], '-'],
  claude: () => ['-p', '--output-format', 'stream-json', '--verbose', '--model', 'sonnet'],
  opencode: () => ['run', '--format', 'json'],
  hermes: (call) => ['chat', '-q', call.argv[2], '--format', 'stream-json'],
};

const ADAPTER: Record<string, string> = { codex: 'codex', claude: 'claude-code', opencode: 'opencode', hermes: 'hermes' };
const USAGE: Record<string, Usage> = {
  codex: { input_tokens: 1000, output_tokens: 50 },
  claude: { input_tokens: 1110, output_tokens: 40, cost_usd: 0.0412 },
  opencode: { input_tokens: 1250, output_tokens: 55, cost_usd: 0.005 },
  hermes: { input_tokens: 300, output_tokens: 25 },
};

describe.each(Object.keys(ADAPTER))('agent-loop through the fake %s', (cli) => {
  it('loops evaluate -> execute on the agent’s "fail", ends on its "pass", journals who ran what', () => {
    const { runs, doc, events, manifest } = runProject(['--config', `orchestrator.${cli}.yaml`, 'run', 'agent-loop']);
    expect(doc.status).toBe('succeeded');
    expect(started(events).map((e) => [e.stage, e.runtime_id, e.adapter, e.runtime_source])).toEqual(LOOP_ORDER.map((stage) => [stage, 'agent', ADAPTER[cli], 'default']));
    const routes = events.filter((e) => e.type === 'route.decided').map((e) => (e.type === 'route.decided' ? `${e.from}->${e.to}` : ''));
    expect(routes.filter((r) => r.startsWith('evaluate->'))).toEqual(['evaluate->execute', 'evaluate->reflect']);
    expect(
      finished(events)
        .filter((e) => e.stage === 'evaluate')
        .map((e) => e.outputs.signal),
    ).toEqual(['fail', 'pass']);
    expect(manifest.stages.execute).toMatchObject({ visits: 2, status: 'succeeded', runtime_id: 'agent', outputs: { signal: 'done', version: '0.1.2' } });
    const expected = times(USAGE[cli], LOOP_ORDER.length);
    expect(manifest.usage.input_tokens).toBe(expected.input_tokens);
    expect(manifest.usage.output_tokens).toBe(expected.output_tokens);
    expect(manifest.usage.cost_usd ?? 0).toBeCloseTo(expected.cost_usd ?? 0, 9);
    expect(manifest.usage_by_runtime?.agent).toEqual(manifest.usage);
    const calls = recorded(runs);
    expect(calls.map((c) => c.role)).toEqual(LOOP_ORDER);
    for (const call of calls) {
      expect(call.argv).toEqual(EXPECTED_ARGV[cli](call));
      expect(call.cwd).toBe(PROJECT);
    }
    expect(cli === 'hermes' ? calls[0].argv[2] : calls[0].stdin).toBe('Clarify the task: add a --version flag');
  });
});

describe('a pipeline with mixed runtimes', () => {
  it('records runtime_id, adapter and where the choice came from on every stage.started; usage per runtime', () => {
    const { runs, events, manifest } = runProject(['run', 'mixed']);
    expect(manifest.status).toBe('succeeded');
    const who = started(events).map((e) => [e.stage, e.runtime_id, e.adapter ?? null, e.runtime_source ?? null]);
    expect(who).toEqual([
      ['interview', 'codex', 'codex', 'role'],
      ['execute', 'opencode', 'opencode', 'role'],
      ['evaluate', 'claude_code', 'claude-code', 'role'],
      ['execute', 'opencode', 'opencode', 'role'],
      ['evaluate', 'claude_code', 'claude-code', 'role'],
      ['reflect', 'hermes', 'hermes', 'default'],
      ['summary', 'plain_codex', 'command', 'stage'],
      ['report', null, null, null],
    ]);
    const usageOf = (stage: string) =>
      finished(events)
        .filter((e) => e.stage === stage)
        .map((e) => e.usage ?? null);
    expect(usageOf('interview')).toEqual([USAGE.codex]);
    expect(usageOf('summary')).toEqual([null]);
    expect(usageOf('report')).toEqual([null]);
    const summary = recorded(runs).at(-1);
    expect(summary).toMatchObject({ cli: 'codex', argv: ['exec', '--skip-git-repo-check', '-'], stdin: 'Summarise 0.1.2' });
    expect(manifest.stages.summary.outputs).toEqual({ signal: 'ok', text: 'Learned: small steps, real tests.\n{"signal":"ok"}' });
    const byRuntime = manifest.usage_by_runtime ?? {};
    expect(Object.keys(byRuntime).sort()).toEqual(['claude_code', 'codex', 'hermes', 'opencode']);
    expect(byRuntime.codex).toEqual(USAGE.codex);
    expect(byRuntime.hermes).toEqual(USAGE.hermes);
    expect(byRuntime.opencode.input_tokens).toBe(2 * 1250);
    expect(byRuntime.claude_code.cost_usd).toBeCloseTo(2 * 0.0412, 9);
    expect(manifest.usage.input_tokens).toBe(1000 + 2 * 1250 + 2 * 1110 + 300);
  });

  it('replaying events.jsonl rebuilds the same stage runtimes and usage totals', () => {
    const { events, manifest } = runProject(['run', 'mixed']);
    const base = newManifest({ runId: manifest.run_id, pipeline: manifest.pipeline, stageIds: Object.keys(manifest.stages) });
    const rebuilt = rebuildManifestFromJournal(events, base);
    const runtimes = (m: typeof manifest) => Object.fromEntries(Object.entries(m.stages).map(([id, s]) => [id, [s.runtime_id, s.status, s.visits]]));
    expect(runtimes(rebuilt)).toEqual(runtimes(manifest));
    expect(rebuilt.usage).toEqual(manifest.usage);
    expect(rebuilt.usage_by_runtime).toEqual(manifest.usage_by_runtime);
  });
});
