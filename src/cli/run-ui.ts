// `run --ui`: drives a run with the dashboard as its reporter. The dashboard opens once the run
// directory exists (errors before that print as usual); keys act through the same API as the
// commands: a/r = decideGate (`flowstate approve|reject`), R = rerunFrom (`run --from`), c = what
// Ctrl-C does (abort the run: stages get SIGTERM, the run stays resumable).
import { decideGate } from '../api/approve.js';
import type { ProjectOptions } from '../api/project.js';
import { rerunFrom } from '../api/rerun-from.js';
import type { RunResult } from '../api/run-pipeline.js';
import type { Dashboard, DashboardActions, QuitChoice } from '../reporters/dashboard/index.js';
import { closeDashboard, openDashboard } from './dashboard-ui.js';
import type { CliIO } from './io.js';
import type { RunHooks } from './run-hooks.js';
import { withRunSignals } from './signals.js';

/** How long the dashboard stays after the run ends before closing on its own (a key keeps it open). */
export const AUTO_EXIT_MS = 3000;

/** The footer message for a decision the API accepted. */
export function decidedMessage(result: { applied: string; stage: string; run_id: string }, decision: string): string {
  if (result.applied === 'live_run') return `${decision} \`${result.stage}\`; the run continues`;
  if (result.applied === 'resumed') return `${decision} \`${result.stage}\`; the run was resumed here and has ended`;
  return `${decision} \`${result.stage}\`; continue with \`flowstate resume ${result.run_id}\``;
}

/** Runs `drive` with the dashboard; resolves with the latest run's result once the dashboard is closed and no run is live. */
export async function runWithDashboard(
  io: CliIO,
  project: ProjectOptions,
  flags: { verbose?: boolean },
  drive: (hooks: RunHooks & { wait: true }) => Promise<RunResult>,
): Promise<RunResult> {
  const own = new AbortController();
  let dashboard: Dashboard | undefined;
  let runId = '';
  let live: Promise<RunResult> | undefined;
  let result: RunResult | undefined;
  let closedHow: QuitChoice | 'ended' = 'ended';
  return withRunSignals(io, async (signal) => {
    const stop = AbortSignal.any([signal, own.signal]);
    // SIGTERM/SIGHUP: give the terminal back now, but after the signal's listeners ran: closing
    // removes blessed's own listener mid-dispatch, which then thinks it is alone and exits 0.
    signal.addEventListener('abort', () => setImmediate(() => dashboard?.close()), { once: true });
    const hooks = (onNewRun?: (dir: string) => void): RunHooks & { wait: true } => ({
      signal: stop,
      wait: true,
      onStart: ({ run_id, run_dir }) => {
        runId = run_id;
        if (!dashboard) dashboard = open(run_dir);
        else onNewRun?.(run_dir);
      },
      onEvent: (event) => dashboard?.onEvent(event),
      onStageLine: (stage, line, stream) => dashboard?.onStageLine?.(stage, line, stream),
    });
    const actions: DashboardActions = {
      decide: async (stage, decision, comment) => decidedMessage(await decideGate({ ...project, run: runId, stage, decision, comment: comment || undefined }), decision),
      cancel: async () => {
        own.abort();
        return 'cancelling: stages get SIGTERM (the run stays resumable)';
      },
      rerunFrom: async (stage) => {
        const from = runId;
        const before = result;
        // A refusal (a secret input to give again, an invalid pipeline) shows in the header; the last result stands.
        live = rerunFrom({ ...project, run: from, from: stage, ...hooks((dir) => dashboard?.reset(dir)) }).catch((error: unknown) => {
          dashboard?.notify(`error: ${error instanceof Error ? error.message : String(error)}`);
          return before as RunResult;
        });
        return `started a new run from \`${stage}\` (parent ${from})`;
      },
    };
    const open = (runDir: string): Dashboard => {
      const opened = openDashboard(io, { runDir, owned: () => !own.signal.aborted, actions, autoExitMs: AUTO_EXIT_MS, verbose: flags.verbose }).dashboard;
      void opened.quit.then((how) => {
        closedHow = how;
        if (how === 'cancel') own.abort();
        if (how === 'detach') closeDashboard(io, opened, 'detach');
      });
      return opened;
    };
    try {
      live = drive(hooks());
      result = await live;
      for (;;) {
        if (dashboard && closedHow === 'ended' && !stop.aborted) await dashboard.quit;
        const pending: Promise<RunResult> = live;
        result = await pending;
        if (pending === live) break; // no re-run was started meanwhile
      }
    } finally {
      // Also when the run threw: the terminal is always given back.
      if (dashboard && closedHow !== 'detach') closeDashboard(io, dashboard, closedHow);
    }
    return result;
  });
}
