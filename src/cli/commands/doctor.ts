// `flowstate doctor`: the role -> runtime table, runtime checks and pipeline validation.
import type { Command } from 'commander';
import { runDoctor, type DoctorReport, type RuntimeCheck } from '../../api/index.js';
import { formatDiagnostic, UsageError, type ExitCode } from '../../errors/index.js';
import { renderTable } from '../../reporters/index.js';
import { printJson, println, type CliIO } from '../io.js';
import { projectOptions } from '../options.js';
import type { CommandResult } from '../program.js';

interface DoctorFlags {
  json?: boolean;
  timeout?: string;
}

/** Registers `doctor`. */
export function registerDoctorCommand(program: Command, io: CliIO, done: (r: CommandResult) => void): void {
  program
    .command('doctor')
    .description('check orchestrator.yaml, every pipeline and every agent runtime they need (on PATH, answers --version)')
    .argument('[pipelines...]', 'pipeline files or names (default: every pipelines/*.yaml)')
    .option('--json', 'print one JSON document')
    .option('--timeout <ms>', 'how long each runtime has to answer --version', '5000')
    .addHelpText(
      'after',
      '\nExit codes: 0 all present, 1 a runtime a pipeline needs is missing or broken, 2 invalid config or pipeline.\n\nExamples:\n  flowstate doctor\n  flowstate doctor pipelines/agent-loop.yaml --json',
    )
    .action(async (files: string[], flags: DoctorFlags, cmd: Command) => {
      const report = await runDoctor({ ...projectOptions(cmd, io), files, versionTimeoutMs: parseTimeout(flags.timeout) });
      if (flags.json) printJson(io, report);
      else printReport(io, report);
      done(report.exit_code as ExitCode);
    });
}

/** --timeout in milliseconds, a positive integer. */
function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new UsageError(`--timeout expects milliseconds (a positive integer), got \`${value}\``);
  return Number(value);
}

/** The human report: config, role table, overrides, runtimes, pipelines, verdict. */
function printReport(io: CliIO, report: DoctorReport): void {
  const out = (text = ''): void => println(io.stdout, text);
  const table = (rows: string[][]): string => renderTable(rows).join('\n');
  if (!report.config.ok) {
    for (const d of report.config.diagnostics) println(io.stderr, formatDiagnostic(d));
    out('✗ orchestrator.yaml is invalid (see above); nothing else was checked');
    return;
  }
  out(`config: ${report.config.file === null ? 'no orchestrator.yaml (defaults: no runtimes, plain command pipelines only)' : `✓ ${report.config.file}`}`);
  out();
  out('roles:');
  out(table(report.roles.map((r) => [r.role, r.runtime_id ?? '-', r.adapter ? `(${r.adapter})` : '', r.set_by ?? 'not mapped'])));
  if (report.overrides.length > 0) {
    out();
    out('stage overrides (agent.runtime on the stage):');
    out(table(report.overrides.map((o) => [`${o.pipeline}.${o.stage}`, o.runtime_id, `(role ${o.role})`])));
  }
  out();
  out('runtimes:');
  out(table(report.runtimes.map(runtimeRow)));
  out();
  out('pipelines:');
  for (const p of report.pipelines) {
    for (const d of p.diagnostics) println(io.stderr, formatDiagnostic(d));
    out(`  ${p.ok ? '✓' : '✗'} ${p.file}${p.name ? ` (${p.name})` : ''}`);
  }
  if (report.pipelines.length === 0) out('  (none found in pipelines/)');
  out();
  out(verdict(report));
}

/** One runtime line: mark, id, version or problem, who needs it, and last (unaligned) where it is. */
function runtimeRow(check: RuntimeCheck): string[] {
  const mark = { ok: '✓', missing: '✗', broken: '✗', unused: '·' }[check.status];
  const found = check.status === 'ok' ? (check.version ?? '') : check.status === 'unused' ? 'not referenced, not checked' : (check.problem ?? '');
  return [mark, check.id, `(${check.adapter})`, found, usedBy(check), check.path === null ? '' : `at ${check.path}`];
}

/** "roles a, b; pipeline: stage, stage" — who relies on a runtime. */
function usedBy(check: RuntimeCheck): string {
  const parts = check.roles.length > 0 ? [`${check.roles.length === 1 ? 'role' : 'roles'} ${check.roles.join(', ')}`] : [];
  const byPipeline = new Map<string, string[]>();
  for (const need of check.needed_by) {
    const dot = need.indexOf('.');
    const pipeline = need.slice(0, dot);
    byPipeline.set(pipeline, [...(byPipeline.get(pipeline) ?? []), need.slice(dot + 1)]);
  }
  for (const [pipeline, stages] of byPipeline) parts.push(`${pipeline}: ${stages.join(', ')}`);
  return parts.length > 0 ? `used by ${parts.join('; ')}` : '';
}

/** The last line: ok, or what is wrong and how to fix it. */
function verdict(report: DoctorReport): string {
  if (report.ok) return 'ok: everything the pipelines need is present';
  if (report.pipelines.some((p) => !p.ok)) return '✗ some pipelines are invalid (diagnostics above)';
  const unmet = report.runtimes.filter((r) => r.needed_by.length > 0 && r.status !== 'ok').map((r) => r.id);
  return (
    `✗ missing or broken runtime(s) that pipelines need: ${unmet.join(', ')}. ` +
    'Fix: install them or add their directory to PATH, or map their roles to another runtime in orchestrator.yaml'
  );
}
