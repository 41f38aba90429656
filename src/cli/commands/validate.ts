// `flowstate validate`, `compile` and `viz`: static commands over pipeline files.
import { Option, type Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileToDir, validatePipelines, vizPipeline, type VizFormat } from '../../api/validate.js'; // not the index: no watch code
import { EXIT, formatDiagnostic, UsageError } from '../../errors/index.js';
import type { ChartOptions } from '../../api/viz-chart.js';
import { printJson, println, type CliIO } from '../io.js';
import { STOP_SIGNALS } from '../signals.js';
import { projectOptions } from '../options.js';
import type { CommandResult } from '../program.js';

/** Registers validate, compile and viz. */
export function registerStaticCommands(program: Command, io: CliIO, done: (r: CommandResult) => void): void {
  program
    .command('validate')
    .description('check pipelines completely (schema, routes, expressions, runtimes) without running them')
    .argument('[pipelines...]', 'pipeline files or names (default: every pipelines/*.yaml)')
    .option('--json', 'print one JSON document')
    .addHelpText('after', '\nExamples:\n  flowstate validate\n  flowstate validate pipelines/hello.yaml --json')
    .action((files: string[], opts: { json?: boolean }, cmd: Command) => {
      const results = validatePipelines({ ...projectOptions(cmd, io), files });
      const ok = results.every((r) => r.ok);
      if (opts.json) printJson(io, { ok, results });
      else {
        for (const r of results) {
          for (const d of r.diagnostics) println(io.stderr, formatDiagnostic(d));
          if (r.ok) println(io.stdout, `✓ ${r.file}${r.name ? ` (${r.name})` : ''}`);
        }
        if (results.length === 0) println(io.stderr, 'no pipelines found (looked in pipelines/)');
      }
      done(ok && results.length > 0 ? EXIT.ok : EXIT.usage);
    });

  program
    .command('compile')
    .description('write the compiled state machine of each pipeline: <name>.json (XState config), <name>.mmd and <name>.svg')
    .argument('[pipelines...]', 'pipeline files or names (default: every pipelines/*.yaml)')
    .option('--out <dir>', 'output directory', 'machines')
    .addHelpText('after', '\nExamples:\n  flowstate compile\n  flowstate compile pipelines/agent-loop.yaml --out /tmp/charts')
    .action(async (files: string[], opts: { out: string }, cmd: Command) => {
      const written = await compileToDir({ ...projectOptions(cmd, io), files, out: resolve(io.cwd, opts.out) });
      for (const file of written) println(io.stdout, `wrote ${file}`);
      done(EXIT.ok);
    });

  program
    .command('viz')
    .description('draw a pipeline as a state chart (SVG or HTML with a run drawn on it, mermaid, Graphviz dot, or JSON graph)')
    .argument('<pipeline>', 'pipeline file or name')
    .addOption(new Option('--format <format>', 'output format').choices(['mermaid', 'dot', 'json', 'svg', 'html']).default('mermaid'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--run <run>', 'draw this run over the chart ("last": the newest top-level run of --pipeline, else of this pipeline)')
    .option('--last', 'draw the newest top-level run of this pipeline (same as --run last)')
    .option('--pipeline <name>', 'with --run last: the pipeline whose newest top-level run to use')
    .option('--serve', 'serve the HTML chart live on http://127.0.0.1 (follows the newest run unless --run names one; Ctrl-C stops)')
    .option('--port <n>', 'with --serve: the port (0: any free one)', '4280')
    .option('--host <address>', 'with --serve: bind this address instead of 127.0.0.1 (anyone who can reach it sees the run)')
    .addHelpText(
      'after',
      '\nExamples:\n  flowstate viz pipelines/agent-loop.yaml\n  flowstate viz agent-loop --serve\n  flowstate viz hello --format svg -o hello.svg\n  flowstate viz agent-loop --format html --last -o run.html\n  flowstate viz hello --format dot | dot -Tsvg > hello.svg',
    )
    .action(async (pipeline: string, opts: VizCliOptions, cmd: Command) => {
      if (opts.last && opts.run !== undefined) throw new UsageError('viz: give --run RUN or --last, not both');
      const run = opts.last ? 'last' : opts.run;
      if (opts.serve) {
        done(await serveViz(io, { ...projectOptions(cmd, io), pipeline, run, runPipeline: opts.pipeline }, opts));
        return;
      }
      if (opts.host !== undefined) throw new UsageError('viz: --host only goes with --serve');
      const common = { ...projectOptions(cmd, io), pipeline, run, runPipeline: opts.pipeline };
      const text =
        opts.format === 'svg' || opts.format === 'html'
          ? await (await import('../../api/viz-chart.js')).vizChart({ ...common, format: opts.format })
          : vizPipeline({ ...common, format: opts.format });
      if (opts.output) writeFileSync(resolve(io.cwd, opts.output), text);
      else io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      done(EXIT.ok);
    });
}

/** `viz --serve`: serves until Ctrl-C (SIGINT, SIGTERM, SIGHUP), then exits 0. */
async function serveViz(io: CliIO, chart: ChartOptions, opts: VizCliOptions): Promise<CommandResult> {
  if (opts.output !== undefined) throw new UsageError('viz: --serve serves the page; it does not go with -o');
  if (!/^\d+$/.test(opts.port)) throw new UsageError(`viz --serve: --port must be a number, got \`${opts.port}\``);
  const { serveChart, isLoopback } = await import('../../api/viz-serve.js');
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  for (const name of STOP_SIGNALS) process.on(name, stop);
  try {
    await serveChart({
      ...chart,
      port: Number(opts.port),
      host: opts.host,
      signal: controller.signal,
      onListening: (url) => {
        if (opts.host !== undefined && !isLoopback(opts.host)) println(io.stderr, `warning: serving on ${opts.host}: anyone who can reach this address sees the run`);
        println(io.stdout, `serving ${url} (Ctrl-C stops)`);
      },
    });
  } finally {
    for (const name of STOP_SIGNALS) process.removeListener(name, stop);
  }
  return EXIT.ok;
}

interface VizCliOptions {
  serve?: boolean;
  port: string;
  host?: string;
  format: VizFormat | 'svg' | 'html';
  output?: string;
  run?: string;
  last?: boolean;
  pipeline?: string;
}
