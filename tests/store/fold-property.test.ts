// One fold: the manifest a live run writes is a projection of the run view. Real runs (a loop
// with retries, a parallel group, an approval gate, a nested pipeline) are recorded in this
// process; every manifest.json seen on disk must equal the fold of the journal prefix it
// claims (journal_seq), and the writer path fed any prefix, from any resume split, must too.
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decideGate, runPipeline } from '../../src/api/index.js';
import { foldRunView, stageRecordOf, type JournalEvent, type RunManifest, type RunView } from '../../src/model/index.js';
import { ManifestReplay, ManifestWriter, newManifest, readJournal, readManifest, runPathsAt } from '../../src/store/index.js';

const FILES: Record<string, string> = {
  'orchestrator.yaml': 'version: 1\n',
  'pipelines/all.yaml': `version: 1
name: all
stages:
  work:
    run: n=$(cat work.n 2>/dev/null || echo 0); echo $((n+1)) > work.n; [ $n -ne 0 ] && [ $n -ne 2 ]
    retry: { max: 1 }
  check:
    run: if [ -f checked ]; then echo signal=pass >> "$FLOWSTATE_OUTPUT"; else touch checked; echo signal=fail >> "$FLOWSTATE_OUTPUT"; fi
    max_visits: 3
    next:
      - { when: "outputs.signal == 'fail'", to: work }
      - { to: group }
  group:
    parallel:
      x: { run: echo x }
      y: { run: 'echo y; exit 1' }
    on_failure: continue
  deploy:
    approval: { message: "Ship it?" }
    run: echo deployed
  nested:
    pipeline: pipelines/child.yaml
`,
  'pipelines/child.yaml': 'version: 1\nname: child\nstages:\n  inner:\n    run: echo inner\n',
};

interface Recorded {
  events: JournalEvent[];
  /** Every distinct manifest.json seen on disk while the run went on. */
  manifests: RunManifest[];
}

/** The manifest fields the fold decides: stage records and status. */
function decided(m: Pick<RunManifest, 'stages' | 'status'>): { stages: RunManifest['stages']; status: string } {
  return { stages: m.stages, status: m.status };
}

/** The same fields from a view (stage records projected). */
function decidedOf(view: RunView): { stages: RunManifest['stages']; status: string } {
  return { stages: Object.fromEntries(Object.values(view.stages).map((s) => [s.id, stageRecordOf(s)])), status: view.status ?? 'running' };
}

let recorded: Recorded;

beforeAll(async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'flowstate-fold-'));
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(cwd, name)), { recursive: true });
    writeFileSync(join(cwd, name), text);
  }
  const manifests: RunManifest[] = [];
  let runDir = '';
  const seen = new Set<string>();
  const capture = (): void => {
    let text: string;
    try {
      text = readFileSync(join(runDir, 'manifest.json'), 'utf8');
    } catch {
      return;
    }
    if (!seen.has(text)) manifests.push(readManifest(runPathsAt(runDir)));
    seen.add(text);
  };
  const paused = await runPipeline({ cwd, pipeline: 'all', onStart: (run) => (runDir = run.run_dir), onEvent: capture });
  expect(paused.status).toBe('awaiting_approval');
  const done = await decideGate({ cwd, run: paused.run_id, decision: 'approved', by: 'test', onEvent: capture });
  expect(done.run?.status).toBe('succeeded'); // branch y failed; the group continues (on_failure: continue)
  capture();
  recorded = { events: readJournal(join(runDir, 'events.jsonl')).events, manifests };
}, 60_000);

describe('the manifest is a projection of the run view', () => {
  it('records a loop with retries, a parallel group, a gate and a nested pipeline', () => {
    const types = recorded.events.map((e) => e.type);
    expect(types.filter((t) => t === 'stage.retrying').length).toBeGreaterThan(0);
    expect(types).toContain('gate.decided');
    expect(types).toContain('run.resumed');
    const view = foldRunView(recorded.events);
    expect(view.stages.work?.visits).toBe(2);
    expect(view.stages.y?.parent).toBe('group');
    expect(view.stages.nested?.child_run).toBeDefined();
    expect(recorded.manifests.length).toBeGreaterThan(5);
    // The XState snapshot (no event carries it) is still taken when the manifest is written.
    expect(recorded.manifests.filter((m) => m.machine.snapshot !== null).length).toBeGreaterThan(3);
  });

  it('every manifest.json written during the run equals the fold of the journal up to its journal_seq', () => {
    for (const manifest of recorded.manifests) {
      const seq = manifest.journal_seq ?? 0;
      const view = foldRunView(recorded.events.slice(0, seq));
      expect(decided(manifest), `manifest at seq ${seq}`).toEqual(decidedOf(view));
      expect(manifest.usage).toEqual(view.usage);
    }
  });

  it('the writer path, fed any prefix from any resume split, writes the fold of that prefix', () => {
    const events = recorded.events;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: events.length }), fc.nat(), (n, splitSeed) => {
        const split = splitSeed % (n + 1);
        const dir = mkdtempSync(join(tmpdir(), 'flowstate-fold-prop-'));
        const paths = runPathsAt(dir);
        // A resumed run's recorder starts from the fold of what was journalled before it.
        const before = foldRunView(events.slice(0, split));
        const manifest = newManifest({ runId: events[0]?.run_id ?? 'r', pipeline: { name: 'all', file: 'pipelines/all.yaml', hash: 'h' }, stageIds: [] });
        const replay = new ManifestReplay(manifest, before);
        const writer = new ManifestWriter(paths, manifest, { intervalMs: 60_000 });
        for (const event of events.slice(split, n)) writer.update(() => replay.apply(event));
        writer.close();
        const written = readManifest(paths);
        expect(decided(written)).toEqual(decidedOf(foldRunView(events.slice(0, n))));
        expect(written.journal_seq).toBe(n);
      }),
      { numRuns: 60 },
    );
  });
});
