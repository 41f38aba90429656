// The `meta` and `description` a stage's state carries for visualisations and tooling.
import type { Command, Stage } from '../model/pipeline.js';
import type { StateJson, StateMeta } from './machine-json.js';

const MAX_LABEL = 60;

function shorten(text: string): string {
  const lines = text.trim().split('\n');
  const first = (lines[0] ?? '').trim();
  const more = lines.length > 1 ? ' …' : '';
  if (first.length + more.length <= MAX_LABEL) return first + more;
  return `${first.slice(0, MAX_LABEL - 1)}…`;
}

function quoteArg(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  if (/[\n\r\t]/.test(arg)) {
    // ANSI-C quoting keeps the summary on one line: $'a\nb'
    const escapes: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return `$'${arg.replace(/[\\'\n\r\t]/g, (ch) => escapes[ch] ?? ch)}'`;
  }
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A one-line summary of a command, as a reader would type it. */
function commandLabel(command: Command): string {
  if (command.kind === 'shell') return shorten(command.script);
  return shorten(command.argv.map(quoteArg).join(' '));
}

/** The short summary shown for a stage: its command, `agent: <role>` or `pipeline: <file>`; `matrix: `/`for_each: ` first when it fans out. */
export function stageLabel(stage: Stage): string {
  const label = kindLabel(stage);
  return stage.fanout ? `${stage.fanout.kind}: ${label}` : label;
}

function kindLabel(stage: Stage): string {
  switch (stage.kind) {
    case 'command':
      return commandLabel(stage.run);
    case 'agent':
      return `agent: ${stage.agent.role}`;
    case 'pipeline':
      return `pipeline: ${stage.pipeline}`;
    case 'parallel':
      return `parallel: ${stage.branches.length} branch${stage.branches.length === 1 ? '' : 'es'}`;
  }
}

/** The `description` and `meta` fields of a stage's state. */
export function stageAnnotations(stage: Stage): Pick<StateJson, 'description' | 'meta'> {
  const meta: StateMeta = { kind: stage.kind, label: stageLabel(stage) };
  return stage.description === undefined ? { meta } : { description: stage.description, meta };
}
