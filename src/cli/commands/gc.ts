// `flowstate gc`: remove old finished runs and orphaned fingerprint cache entries.
import type { Command } from 'commander';
import { collectGarbage, parseDuration } from '../../api/index.js';
import { EXIT, UsageError } from '../../errors/index.js';
import { printJson, println, type CliIO } from '../io.js';
import { projectOptions } from '../options.js';
import type { CommandResult } from '../program.js';

/** Registers `gc`. */
export function registerGcCommand(program: Command, io: CliIO, done: (r: CommandResult) => void): void {
  program
    .command('gc')
    .description(
      'remove finished and cancelled runs beyond --keep per pipeline (never live, waiting or interrupted top-level runs), abandoned nested runs, unused cache entries and stray temporary files',
    )
    .option('--keep <n>', 'newest finished runs to keep per pipeline', '10')
    .option('--older-than <duration>', 'only remove runs that finished longer ago than this (e.g. 7d, 12h)')
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--json', 'print one JSON document')
    .addHelpText('after', '\nExamples:\n  flowstate gc --dry-run\n  flowstate gc --keep 3 --older-than 7d')
    .action((opts: { keep: string; olderThan?: string; dryRun?: boolean; json?: boolean }, cmd: Command) => {
      const keep = Number(opts.keep);
      if (!Number.isInteger(keep) || keep < 0) throw new UsageError(`--keep expects a whole number >= 0, got \`${opts.keep}\``);
      const olderThanMs = opts.olderThan === undefined ? undefined : parseAge(opts.olderThan);
      const result = collectGarbage({ ...projectOptions(cmd, io), keep, olderThanMs, dryRun: opts.dryRun });
      if (opts.json) printJson(io, result);
      else {
        const verb = result.dryRun ? 'would remove' : 'removed';
        for (const path of [...result.runs, ...result.cacheEntries, ...result.tempFiles]) println(io.stdout, `${verb} ${path}`);
        const temp = result.tempFiles.length > 0 ? ` and ${result.tempFiles.length} stray temporary file(s)` : '';
        println(io.stdout, `${verb} ${result.runs.length} run(s) and ${result.cacheEntries.length} cache entr${result.cacheEntries.length === 1 ? 'y' : 'ies'}${temp}`);
      }
      done(EXIT.ok);
    });
}

/** Parses an age such as `7d`, `12h` or `30m` (days are allowed here on top of durations). */
function parseAge(text: string): number {
  const days = /^(\d+)d$/.exec(text);
  if (days) return Number(days[1]) * 86_400_000;
  try {
    return parseDuration(text);
  } catch (error) {
    throw new UsageError(`--older-than expects an age such as 7d, 12h or 30m, got \`${text}\``, { cause: error });
  }
}
