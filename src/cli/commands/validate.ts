// `flowstate validate`, `compile` and `viz`: static commands over pipeline files.
import { Option, type Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileToDir, validatePipelines, vizPipeline, type VizFormat } from '../../api/validate.js'; // not the index: no watch code
import { EXIT, formatDiagnostic } from '../../errors/index.js';
import { printJson, println, type CliIO } from '../io.js';
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
    .description('write the compiled state machine of each pipeline: <name>.json (XState config) and <name>.mmd')
    .argument('[pipelines...]', 'pipeline files or names (default: every pipelines/*.yaml)')
    .option('--out <dir>', 'output directory', 'machines')
    .addHelpText('after', '\nExamples:\n  flowstate compile\n  flowstate compile pipelines/agent-loop.yaml --out /tmp/charts')
    .action((files: string[], opts: { out: string }, cmd: Command) => {
      const written = compileToDir({ ...projectOptions(cmd, io), files, out: resolve(io.cwd, opts.out) });
      for (const file of written) println(io.stdout, `wrote ${file}`);
      done(EXIT.ok);
    });

  program
    .command('viz')
    .description('draw a pipeline as a state chart (mermaid, Graphviz dot, or JSON graph)')
    .argument('<pipeline>', 'pipeline file or name')
    .addOption(new Option('--format <format>', 'output format').choices(['mermaid', 'dot', 'json']).default('mermaid'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--run <run>', 'colour the chart by the stage statuses of this run ("last": the newest top-level run of --pipeline, else of this pipeline)')
    .option('--pipeline <name>', 'with --run last: the pipeline whose newest top-level run to use')
    .addHelpText('after', '\nExamples:\n  flowstate viz pipelines/agent-loop.yaml\n  flowstate viz hello --format dot | dot -Tsvg > hello.svg')
    .action((pipeline: string, opts: { format: VizFormat; output?: string; run?: string; pipeline?: string }, cmd: Command) => {
      const text = vizPipeline({ ...projectOptions(cmd, io), pipeline, format: opts.format, run: opts.run, runPipeline: opts.pipeline });
      if (opts.output) writeFileSync(resolve(io.cwd, opts.output), text);
      else io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      done(EXIT.ok);
    });
}

