// `flowstate watch`: run a pipeline, then re-run it on every change (the loop is src/watch,
// printing is reporters/watch-reporter.ts; this file parses flags and handles Ctrl-C).
import type { Command } from 'commander';
import { CONFIG_QUIET_MS, DEFAULT_DEBOUNCE_MS, killAllStages, ON_BUSY, parseDuration, watchPipeline, type OnBusy, type WatchHandle, type WatchSummary } from '../../api/watch.js';
import { EXIT, UsageError } from '../../errors/index.js';
import { createWatchReporter, resolveColor } from '../../reporters/index.js';
import { println, type CliIO } from '../io.js';
import { STOP_SIGNALS } from '../signals.js';
import { collect, parseInputPairs, projectOptions } from '../options.js';
import type { CommandResult } from '../program.js';
// The dashboard (blessed) is imported only when it is shown.
import { wantsDashboard } from '../ui-choice.js';

interface WatchFlags {
  input?: string[];
  target?: string;
  from?: string;
  debounce: string;
  onBusy: string;
  killGrace?: string;
  verbose?: boolean;
  ui?: boolean;
}

/** Registers `watch`. */
export function registerWatchCommand(program: Command, io: CliIO, done: (r: CommandResult) => void): void {
  program
    .command('watch')
    .description('run a pipeline, then re-run it whenever its sources, watch: globs, pipeline files or orchestrator.yaml change')
    .argument('<pipeline>', 'pipeline file or name')
    .option('-i, --input <key=value>', 'set a pipeline input (repeatable)', collect)
    .option(
      '--debounce <duration>',
      `quiet time after the last change before re-running (at least ${CONFIG_QUIET_MS}ms after a pipeline or orchestrator.yaml change)`,
      `${DEFAULT_DEBOUNCE_MS}ms`,
    )
    .option('--on-busy <policy>', 'a change while a run is in flight: restart (cancel it and run again), queue, or ignore', 'restart')
    .option('--kill-grace <duration>', 'how long a cancelled stage gets between SIGTERM and SIGKILL (default 2s)')
    .option('--target <stage>', 'run only this stage and the stages it needs')
    .option('--from <stage>', 'start at this stage; earlier stages are skipped')
    .option('-v, --verbose', 'print stage output lines as they come')
    .option('--ui', 'show the live dashboard, kept up across re-runs (the default on an interactive terminal, outside CI)')
    .option('--no-ui', 'plain output, even on an interactive terminal')
    .addHelpText(
      'after',
      '\nStages with `sources` are skipped while their fingerprint is unchanged, so a re-run starts at the\n' +
        'first affected stage. The changed paths reach stages as FLOWSTATE_CHANGED_FILES (one per line).\n' +
        'Ctrl-C stops watching (the run in flight is cancelled); Ctrl-C again kills its processes at once.\n' +
        '\nExamples:\n  flowstate watch build-test\n  flowstate watch pipelines/dev.yaml --debounce 200ms --on-busy queue',
    )
    .action(async (pipeline: string, flags: WatchFlags, cmd: Command) => {
      const options = {
        ...projectOptions(cmd, io),
        pipeline,
        inputs: parseInputPairs(flags.input),
        target: flags.target,
        from: flags.from,
        debounceMs: parseDuration(flags.debounce),
        onBusy: parseOnBusy(flags.onBusy),
        killGraceMs: flags.killGrace === undefined ? undefined : parseDuration(flags.killGrace),
      };
      if (wantsDashboard(io, flags)) {
        const { watchWithDashboard } = await import('../watch-ui.js');
        const summary = await watchWithDashboard(
          io,
          projectOptions(cmd, io),
          (hooks) => watchPipeline({ ...options, ...hooks }),
          (handle) => untilStopped(io, handle),
        );
        return done(summary.cancelled ? EXIT.interrupted : EXIT.ok);
      }
      const printer = createWatchReporter({ out: io.stdout, err: io.stderr, color: resolveColor(io.stdout, io.env), verbose: flags.verbose === true });
      const handle = await watchPipeline({
        ...options,
        onEvent: (event) => printer.onWatchEvent(event),
        onStageLine: (stage, line, stream) => printer.onStageLine(stage, line, stream),
      });
      const summary = await untilStopped(io, handle);
      printer.close();
      done(summary.cancelled ? EXIT.interrupted : EXIT.ok);
    });
}

/** Validates --on-busy. */
function parseOnBusy(value: string): OnBusy {
  const policy = ON_BUSY.find((p) => p === value);
  if (!policy) throw new UsageError(`--on-busy must be one of ${ON_BUSY.join(', ')}, got \`${value}\``);
  return policy;
}

/** Resolves when the watch stopped: the first SIGINT/SIGTERM/SIGHUP closes it, a second kills the stages' groups. */
async function untilStopped(io: CliIO, handle: WatchHandle): Promise<WatchSummary> {
  let signals = 0;
  const onSignal = (): void => {
    signals++;
    if (signals === 1) {
      println(io.stderr, 'stopping: the run in flight is cancelled (press Ctrl-C again to kill its processes now)');
      void handle.close();
      return;
    }
    println(io.stderr, `killed ${killAllStages()} stage process group(s)`);
  };
  for (const name of STOP_SIGNALS) process.on(name, onSignal);
  try {
    return await handle.closed;
  } finally {
    for (const name of STOP_SIGNALS) process.removeListener(name, onSignal);
  }
}
