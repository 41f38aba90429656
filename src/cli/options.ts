// Option parsing shared by commands: global project options and `--input k=v` pairs.
import type { Command } from 'commander';
import { UsageError } from '../errors/index.js';
import type { ProjectOptions } from '../api/index.js';
import type { CliIO } from './io.js';

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses `--input key=value` pairs; a pair without `=` is a usage error. */
export function parseInputPairs(pairs: string[] = []): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--input expects key=value, got \`${pair}\``);
    inputs[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return inputs;
}

/** `--max-parallel N`: a whole number >= 1. */
export function parseMaxParallel(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--max-parallel expects a whole number >= 1, got \`${value}\``);
  return n;
}

/** The help text of `--max-parallel`. */
export const MAX_PARALLEL_HELP = 'at most N command stages (cells and branches included) at once; default: orchestrator.yaml max_parallel, else the number of CPUs';

/** The roots already announced on an output, so a command says it once. */
const announcedRoots = new WeakMap<CliIO, string>();

/** The project options (--config, --runs-dir) from the root program; the project root is printed (stderr) when it is not the current directory. */
export function projectOptions(command: Command, io: CliIO): ProjectOptions {
  const globals = command.optsWithGlobals<{ config?: string; runsDir?: string }>();
  const onRoot = (root: string): void => {
    if (announcedRoots.get(io) === root) return;
    announcedRoots.set(io, root);
    io.stderr.write(`project root: ${root}\n`);
  };
  return { cwd: io.cwd, configFile: globals.config, runsDir: globals.runsDir, onRoot };
}

/** `--executor`, `--redis`, `--queue` on run and resume (docs/scale-out.md). */
export function addExecutorOptions(command: Command): Command {
  return command
    .option('--executor <kind>', 'where stages run: local or bullmq (default: orchestrator.yaml executor, else local)')
    .option('--redis <url>', 'Redis URL of the bullmq executor (implies --executor bullmq; or FLOWSTATE_REDIS_URL)')
    .option('--queue <name>', 'queue name prefix shared with the workers (default: flowstate)');
}

/** The executor flags as the API takes them; a bad --executor value is a usage error. */
export function executorOption(flags: { executor?: string; redis?: string; queue?: string }): { kind?: 'local' | 'bullmq'; redis?: string; queue?: string } | undefined {
  if (flags.executor === undefined && flags.redis === undefined && flags.queue === undefined) return undefined;
  if (flags.executor !== undefined && flags.executor !== 'local' && flags.executor !== 'bullmq')
    throw new UsageError(`--executor expects local or bullmq, got \`${flags.executor}\``);
  return { kind: flags.executor, redis: flags.redis, queue: flags.queue };
}
