// `flowstate worker`: take stage jobs from Redis (docs/scale-out.md); SIGTERM/Ctrl-C stops taking
// jobs, lets the running ones finish, and exits 0; a second signal kills the running stages.
import type { Command } from 'commander';
import { serveWorker } from '../../api/worker.js';
import { EXIT, UsageError } from '../../errors/index.js';
import { println, type CliIO } from '../io.js';
import { projectOptions } from '../options.js';
import type { CommandResult } from '../program.js';
import { withRunSignals } from '../signals.js';

interface WorkerFlags {
  redis?: string;
  queue?: string;
  labels?: string;
  concurrency?: string;
  root?: string;
  id?: string;
  lockMs?: string;
}

/** Registers `worker`. */
export function registerWorkerCommand(program: Command, io: CliIO, done: (r: CommandResult) => void): void {
  program
    .command('worker')
    .description('run stages of remote runs: take jobs from Redis (runs started with --executor bullmq)')
    .option('--redis <url>', 'Redis URL (default: FLOWSTATE_REDIS_URL, else executor.redis of orchestrator.yaml)')
    .option('--labels <a,b>', 'labels of this worker: it also takes stages whose runs_on lists only these')
    .option('--concurrency <n>', 'jobs at once per queue served', '1')
    .option('--queue <name>', 'queue name prefix (default: executor.queue, else flowstate)')
    .option('--root <dir>', 'project checkout the stages run in (default: the project root)')
    .option('--id <id>', 'worker id in the journal (default: host:pid)')
    .option('--lock-ms <ms>', 'a worker silent this long is taken for dead and its stage re-runs elsewhere (default 30000)')
    .addHelpText(
      'after',
      '\nExamples:\n  flowstate worker --redis redis://queue-host:6379\n  FLOWSTATE_REDIS_URL=redis://:secret@queue-host:6379 flowstate worker --labels gpu --concurrency 4',
    )
    .action(async (flags: WorkerFlags, cmd: Command) => {
      await withRunSignals(
        io,
        (signal) =>
          serveWorker(
            {
              ...projectOptions(cmd, io),
              redis: flags.redis,
              queue: flags.queue,
              labels: flags.labels
                ?.split(',')
                .map((l) => l.trim())
                .filter((l) => l !== ''),
              concurrency: wholeNumber('--concurrency', flags.concurrency ?? '1'),
              root: flags.root,
              id: flags.id,
              lockMs: flags.lockMs === undefined ? undefined : wholeNumber('--lock-ms', flags.lockMs),
              onNote: (text) => println(io.stderr, text),
            },
            signal,
            (info) => println(io.stderr, `worker ${info.id} ready: ${info.redis}, queues ${info.queues.join(', ')}, root ${info.root}`),
          ),
        'stopping: no new jobs; running jobs finish (signal again to kill them)',
      );
      done(EXIT.ok);
    });
}

/** A whole number >= 1 for an option. */
function wholeNumber(option: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`${option} expects a whole number >= 1, got \`${value}\``);
  return n;
}
