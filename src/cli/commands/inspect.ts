// `flowstate status`, `runs` and `logs`: read recorded runs back.
import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { followRun, listRuns, runLogs, runStatus, type LogFile, type RunStatusReport } from '../../api/index.js';
import { EXIT } from '../../errors/index.js';
import { placementText, type StagePlacement } from '../../model/index.js';
import { formatDuration, renderSummaryTable, resolveColor } from '../../reporters/index.js';
import { withCellsAfterParents } from '../../model/index.js';
import { exitCodeForStatus } from '../exit-codes.js';
import { copyFileTo, printJson, println, type CliIO } from '../io.js';
import { projectOptions } from '../options.js';
import type { CommandResult } from '../program.js';

const FOLLOW_POLL_MS = 200;

/** Registers status, runs and logs. */
export function registerInspectCommands(program: Command, io: CliIO, done: (r: CommandResult) => void): void {
  program
    .command('status')
    .description("show a run's status and stages (default: the newest run); exit code follows the run status")
    .argument('[run]', 'run id')
    .option('--last', 'the newest top-level run (the default; never a nested child run)')
    .option('--pipeline <name>', 'only runs of this pipeline: with `last`, its newest top-level run')
    .option('--json', 'print the manifest as JSON')
    .addHelpText('after', '\nExamples:\n  flowstate status\n  flowstate status 20261121-103000-k3f9 --json')
    .action((run: string | undefined, opts: { last?: boolean; pipeline?: string; json?: boolean }, cmd: Command) => {
      const view = runStatus({ ...projectOptions(cmd, io), run, last: opts.last, pipeline: opts.pipeline });
      if (opts.json) printJson(io, { ...view.manifest, resumable: view.resumable, waiting_gates: view.gates, ...remotePlacements(view) });
      else printStatus(io, view);
      done(exitCodeForStatus(view.status));
    });

  program
    .command('runs')
    .description('list recorded runs, newest first')
    .option('--pipeline <name>', 'only runs of this pipeline')
    .option('--json', 'print a JSON array of { run_id, pipeline, status, created_at, finished_at }')
    .addHelpText('after', '\nExamples:\n  flowstate runs\n  flowstate runs --pipeline build-test --json')
    .action((opts: { pipeline?: string; json?: boolean }, cmd: Command) => {
      const runs = listRuns({ ...projectOptions(cmd, io), pipeline: opts.pipeline });
      if (opts.json) {
        printJson(
          io,
          runs.map(({ run_id, pipeline, status, created_at, finished_at }) => ({ run_id, pipeline, status, created_at, finished_at })),
        );
      } else if (runs.length === 0) println(io.stdout, 'no runs yet');
      else for (const r of runs) println(io.stdout, `${r.run_id}  ${r.pipeline.padEnd(16)} ${r.status.padEnd(12)} ${duration(r.created_at, r.finished_at)}`);
      done(EXIT.ok);
    });

  program
    .command('logs')
    .description('print the logs of a run (all stages, or one), optionally following new output')
    .argument('<run>', 'run id (or "last": the newest top-level run)')
    .argument('[stage]', 'only this stage')
    .option('-f, --follow', 'keep printing new output until the run ends')
    .option('--pipeline <name>', 'only runs of this pipeline: with `last`, its newest top-level run')
    .addHelpText('after', '\nExamples:\n  flowstate logs last\n  flowstate logs 20261121-103000-k3f9 test --follow')
    .action(async (run: string, stage: string | undefined, opts: { follow?: boolean; pipeline?: string }, cmd: Command) => {
      const selector = { ...projectOptions(cmd, io), run: run === 'last' ? undefined : run, stage, pipeline: opts.pipeline };
      const { files } = runLogs(selector);
      await printLogFiles(io, files, stage === undefined);
      if (opts.follow) await followLogs(io, selector, files);
      done(EXIT.ok);
    });
}

/** Human status: header lines, then the stage table. */
function printStatus(io: CliIO, view: RunStatusReport): void {
  const m = view.manifest;
  println(io.stdout, `run       ${m.run_id}`);
  println(io.stdout, `pipeline  ${m.pipeline.name} (${m.pipeline.file})`);
  println(io.stdout, `status    ${view.status}${m.status_reason ? `: ${m.status_reason}` : ''}${view.resumable ? ' (resumable)' : ''}`);
  println(io.stdout, `started   ${m.created_at}  duration ${duration(m.created_at, m.finished_at)}`);
  println(io.stdout, `dir       ${view.paths.dir}`);
  for (const gate of view.gates) {
    const when = gate.expired ? 'expired' : 'times out';
    const timeout =
      gate.timeout_at === null ? '' : `, ${when} ${gate.timeout_at} (on_timeout: ${gate.on_timeout}${gate.expired ? '; applied by the next resume, approve or reject' : ''})`;
    println(io.stdout, `waiting   ${gate.stage}: ${gate.message} (for ${duration(gate.since, null)}${timeout}); flowstate approve|reject ${m.run_id} ${gate.stage}`);
  }
  println(io.stdout);
  const rows = withCellsAfterParents(Object.entries(m.stages), ([id]) => id).map(([id, s]) => ({
    stage: id,
    status: s.status,
    attempts: s.attempts,
    duration_ms: s.duration_ms,
    reason: s.reused_from !== undefined && !(s.reason ?? '').includes(s.reused_from) ? `${s.reason ?? 'reused'}; reused run ${s.reused_from}` : s.reason,
    ...(view.view.stages[id]?.placement?.executor === 'bullmq' ? { where: placementText(view.view.stages[id]?.placement ?? null) } : {}),
  }));
  println(io.stdout, renderSummaryTable(rows, resolveColor(io.stdout, io.env)));
}

/** `placements`: where each stage that ran on a remote worker ran (absent when every stage ran here; docs/scale-out.md). */
function remotePlacements(report: RunStatusReport): { placements?: Record<string, StagePlacement> } {
  const remote = Object.values(report.view.stages).filter((stage) => stage.placement?.executor === 'bullmq');
  if (remote.length === 0) return {};
  return { placements: Object.fromEntries(remote.map((stage) => [stage.id, stage.placement as StagePlacement])) };
}

/** Duration from creation to finish (or now). */
function duration(from: string, to: string | null): string {
  const end = to ? Date.parse(to) : Date.now();
  return formatDuration(Math.max(0, end - Date.parse(from)));
}

/** Prints whole log files (streamed: a log can be 100 MB), with a header per file when several are shown. */
async function printLogFiles(io: CliIO, files: LogFile[], headers: boolean): Promise<void> {
  for (const file of files) {
    if (headers) println(io.stdout, `==> ${file.stage} (attempt ${file.attempt}) <==`);
    await copyFileTo(io.stdout, file.path);
  }
}

/** Prints new bytes of the run's logs until the journal follower ends (run finished, or paused with no owner). */
async function followLogs(io: CliIO, selector: Parameters<typeof runLogs>[0], initial: LogFile[]): Promise<void> {
  const offsets = new Map(initial.map((f) => [f.path, statSync(f.path).size]));
  let ended = false;
  const follower = (async () => {
    for await (const _event of followRun(runLogs(selector).view.paths.dir, selector)) void _event;
  })().finally(() => {
    ended = true;
  });
  for (;;) {
    const finalPass = ended;
    for (const file of runLogs(selector).files) {
      const from = offsets.get(file.path) ?? 0;
      const size = statSync(file.path).size;
      if (size <= from) continue;
      if (!offsets.has(file.path) && selector.stage === undefined) println(io.stdout, `==> ${file.stage} (attempt ${file.attempt}) <==`);
      await copyFileTo(io.stdout, file.path, from, size - 1);
      offsets.set(file.path, size);
    }
    if (finalPass) return follower;
    await Promise.race([follower, new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS))]);
  }
}
