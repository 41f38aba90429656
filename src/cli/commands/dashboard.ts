// `flowstate dashboard [RUN|--last]`: attach the dashboard to any run - live in another process,
// paused at a gate, or finished (replayed from its journal: the same picture as live). Without an
// interactive terminal it prints the run's events as plain lines instead.
import type { Command } from 'commander';
import { cancelRun, decideGate, followRun, locateRun, rerunFrom, runOwner, type RunResult } from '../../api/index.js';
import { applyRunEvent, emptyRunView } from '../../model/index.js';
import { EXIT } from '../../errors/index.js';
import type { ProjectOptions } from '../../api/project.js';
import type { Dashboard, DashboardActions, DashboardOptions } from '../../reporters/dashboard/index.js';
import { closeDashboard, openDashboard, wantsDashboard } from '../dashboard-ui.js';
import { createReporter, deliverEvent, resolveColor } from '../../reporters/index.js';
import { exitCodeForStatus } from '../exit-codes.js';
import type { CliIO } from '../io.js';
import { projectOptions } from '../options.js';
import type { CommandResult } from '../program.js';
import { decidedMessage } from '../run-ui.js';
import { withRunSignals } from '../signals.js';

interface DashboardFlags {
  last?: boolean;
  pipeline?: string;
  ui?: boolean;
}

/** Registers `dashboard`. */
export function registerDashboardCommand(program: Command, io: CliIO, done: (r: CommandResult) => void): void {
  program
    .command('dashboard')
    .description('show a run in the live dashboard: one running in another process, paused at a gate, or finished (replayed)')
    .argument('[run]', 'run id ("last", the default, for the newest top-level run)')
    .option('--last', 'the newest top-level run')
    .option('--pipeline <name>', 'only runs of this pipeline: with `last`, its newest top-level run')
    .option('--no-ui', "print the run's events as plain lines instead (the default without an interactive terminal)")
    .addHelpText(
      'after',
      '\nKeys: j/k select, Enter log, / filter, a/r approve/reject, R re-run from, c cancel, f follow, s plain, ? help, q quit.\n\nExamples:\n  flowstate dashboard --last\n  flowstate dashboard 20261121-103000-k3f9',
    )
    .action(async (run: string | undefined, flags: DashboardFlags, cmd: Command) => {
      const project = projectOptions(cmd, io);
      const selector = { ...project, run: run === 'last' ? undefined : run, last: flags.last, pipeline: flags.pipeline };
      const paths = locateRun(selector);
      if (!wantsDashboard(io, { ui: flags.ui === false ? false : undefined })) return done(await printPlain(io, paths.dir));
      done(await attach(io, project, paths.dir));
    });
}

/** Without a terminal: the run's events as the plain reporter prints them, until the run ends or pauses. */
async function printPlain(io: CliIO, runDir: string): Promise<CommandResult> {
  const reporter = createReporter('plain', { out: io.stdout, color: resolveColor(io.stdout, io.env), runDir });
  const view = emptyRunView();
  await withRunSignals(io, async (signal) => {
    for await (const event of followRun(runDir, { signal })) {
      applyRunEvent(view, event);
      deliverEvent(reporter, event);
    }
  });
  reporter.close();
  return view.status ? exitCodeForStatus(view.status) : EXIT.ok;
}

type Opener = (options: Omit<DashboardOptions, 'input' | 'output' | 'color'>) => Dashboard;

/** The dashboard on the run's journal (replay, then live) until the user quits; `open` puts it on a terminal (tests: a fake one). */
export async function attach(io: CliIO, project: ProjectOptions, runDir: string, open: Opener = (options) => openDashboard(io, options).dashboard): Promise<CommandResult> {
  return withRunSignals(io, async (signal) => {
    let following = new AbortController();
    let owned: Promise<RunResult | undefined> | null = null; // a run this process drives (resumed by an approval, or a re-run)
    const own = new AbortController();
    const stop = AbortSignal.any([signal, own.signal]);
    let runId = runDir.split('/').pop() as string;
    let dashboard!: Dashboard;
    const follow = (dir: string): void => {
      const controller = new AbortController();
      following = controller;
      void (async () => {
        for await (const event of followRun(dir, { signal: AbortSignal.any([controller.signal, signal]), untilPaused: false })) dashboard.onEvent(event);
      })().catch((error: unknown) => dashboard.notify(`error: cannot follow the run: ${error instanceof Error ? error.message : String(error)}`));
    };
    const actions: DashboardActions = {
      decide: async (stage, decision, comment) => {
        // Nobody runs a paused run: deciding resumes it in this process (as `flowstate approve` does), which then owns it.
        const resumesHere = runOwner({ ...project, run: runId })?.state !== 'live';
        const decided = decideGate({ ...project, run: runId, stage, decision, comment: comment || undefined, signal: stop });
        if (!resumesHere) return decidedMessage(await decided, decision);
        owned = decided.then((r) => r.run);
        owned.catch(() => undefined); // reported below
        // It settles when the resumed run ends: report its errors (a conflict, a refusal) when they come.
        decided.catch((error: unknown) => dashboard.notify(`error: ${error instanceof Error ? error.message : String(error)}`));
        return `${decision} \`${stage}\`; the run continues in this process`;
      },
      cancel: async () => {
        if (owned) {
          own.abort();
          return 'cancelling: stages get SIGTERM (the run stays resumable)';
        }
        const { pid } = cancelRun({ ...project, run: runId });
        return `sent SIGINT to pid ${pid}, the process running the run (as Ctrl-C there): it cancels the run`;
      },
      rerunFrom: async (stage) => {
        const from = runId;
        owned = rerunFrom({
          ...project,
          run: from,
          from: stage,
          signal: stop,
          wait: true,
          onStart: ({ run_id, run_dir }) => {
            following.abort();
            runId = run_id;
            dashboard.reset(run_dir);
          },
          onEvent: (event) => dashboard.onEvent(event),
        });
        owned.catch((error: unknown) => dashboard.notify(`error: ${error instanceof Error ? error.message : String(error)}`));
        return `started a new run from \`${stage}\` (parent ${from})`;
      },
    };
    dashboard = open({ runDir, actions, owned: () => owned !== null && !stop.aborted });
    signal.addEventListener('abort', () => setImmediate(() => dashboard.close()), { once: true }); // after the signal's listeners (see run-ui.ts)
    follow(runDir);
    const how = await dashboard.quit;
    following.abort();
    if (how === 'cancel') own.abort();
    closeDashboard(io, dashboard, how === 'detach' ? 'detach' : 'quit');
    const result = owned ? await (owned as Promise<RunResult | undefined>).catch(() => undefined) : undefined;
    const status = result?.status ?? dashboard.view.status;
    return status && status !== 'running' && status !== 'awaiting_approval' ? exitCodeForStatus(status) : EXIT.ok;
  });
}
