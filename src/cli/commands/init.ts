// `flowstate init [--agents] [--force]`: a starter project in the current directory.
import type { Command } from 'commander';
import { initProject, type InitResult } from '../../api/index.js';
import { EXIT } from '../../errors/index.js';
import { renderTable } from '../../reporters/index.js';
import { printJson, println, type CliIO } from '../io.js';
import type { CommandResult } from '../program.js';

/** Registers `init`. */
export function registerInitCommand(program: Command, io: CliIO, done: (r: CommandResult) => void): void {
  program
    .command('init')
    .description('start a project here: orchestrator.yaml, pipelines/hello.yaml, .runs/ in .gitignore')
    .option('--agents', 'also write pipelines/agent-loop.yaml and a local echo agent every agent role is mapped to')
    .option('--force', 'overwrite files that already exist (default: refuse and write nothing)')
    .option('--json', 'print one JSON document')
    .addHelpText('after', '\nExit codes: 0 written, 5 a file exists (nothing written; --force overwrites).\n\nExamples:\n  flowstate init\n  flowstate init --agents')
    .action((opts: { agents?: boolean; force?: boolean; json?: boolean }) => {
      const result = initProject({ cwd: io.cwd, agents: opts.agents, force: opts.force });
      if (opts.json) printJson(io, result);
      else printSummary(io, result);
      done(EXIT.ok);
    });
}

/** What was written, the install note when needed, and the next three commands. */
function printSummary(io: CliIO, result: InitResult): void {
  for (const file of result.files) println(io.stdout, `${file.action.padEnd(11)} ${file.path}`);
  if (result.gitignore !== 'unchanged') println(io.stdout, `${result.gitignore.padEnd(11)} .gitignore (ignores .runs/)`);
  if (result.location.kind === 'elsewhere') {
    println(io.stdout);
    println(io.stdout, 'note: flowstate-cli is not installed in this project; the editor schemas in the files resolve');
    println(io.stdout, '      once it is: npm install --save-dev flowstate-cli   (then call it as npx flowstate)');
  }
  println(io.stdout);
  println(io.stdout, 'Next, try:');
  for (const line of renderTable(
    result.next.map((step) => [step.command, `# ${step.why}`]),
    { gap: '   ' },
  ))
    println(io.stdout, line);
}
