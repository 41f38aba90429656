// Native adapter for OpenCode's non-interactive mode:
//   opencode run --format json [-m provider/model] [--agent A] [args...]   (cwd = DIR)
// Format source: sst/opencode, packages/opencode/src/cli/cmd/run.ts (`--format json` prints
// one {type, timestamp, sessionID, part} object a line: step_start, text, tool_use,
// step_finish, error) and packages/opencode/src/session/message-v2.ts (the part shapes:
// step-finish {reason, tokens {input, output, reasoning, cache {read, write}}, cost}).
// Summary with verbatim lines: ../shared/reference/agent-cli-formats.md.
import type { ProcessResult } from '../../exec/index.js';
import type { RuntimeSpec } from '../../model/index.js';
import { agentEnv, hasFlag, modelOf } from './common.js';
import { HumanTail, lastLines } from './human-tail.js';
import { clip, errorMessage, numberField, objectField, stringField, tokenField, type JsonObject } from './json-fields.js';
import { missingEvent, streamingSession, type EventParser } from './streaming.js';
import type { AgentAdapter, AgentRequest, AgentSession, AgentVerdict, PrepareContext } from './types.js';
import { UsageSum } from './usage-sum.js';

/** The exact `opencode run` argv of an attempt; the runtime's `profile` names the OpenCode agent. */
export function opencodeArgv(req: AgentRequest): string[] {
  const { runtime } = req;
  const argv = [...runtime.command, 'run', '--format', 'json'];
  const model = modelOf(req);
  if (model !== undefined && !hasFlag(runtime.args, ['-m', '--model'])) argv.push('-m', model);
  if (runtime.profile !== undefined && !hasFlag(runtime.args, ['--agent'])) argv.push('--agent', runtime.profile);
  return [...argv, ...runtime.args];
}

/** Folds opencode events: text parts per step, the step that stopped, summed tokens and cost. */
export class OpencodeEventParser implements EventParser {
  private sessionId: string | null = null;
  /** Text parts of the current step by part id (a part may be sent again, updated). */
  private stepTexts = new Map<string, string>();
  private finalText: string | undefined;
  private lastError: string | undefined;
  /** The error the latest events were about; cleared by any other event. */
  private stalledOn: string | undefined;
  private done = false;
  private readonly usage = new UsageSum();
  private readonly notes: string[] = [];
  private readonly tail = new HumanTail();

  /** One event; unknown types are ignored. */
  handle(event: JsonObject): void {
    this.sessionId = stringField(event, 'sessionID') ?? this.sessionId;
    const part = objectField(event, 'part');
    const type = stringField(event, 'type');
    if (type !== 'error') this.stalledOn = undefined;
    switch (type) {
      case 'step_start':
        this.stepTexts = new Map();
        break;
      case 'text':
        this.stepTexts.set(stringField(part, 'id') ?? `#${this.stepTexts.size}`, stringField(part, 'text') ?? '');
        break;
      case 'step_finish':
        this.finishStep(part);
        break;
      case 'tool_use':
        this.noteToolError(part);
        break;
      case 'done':
        this.done = true;
        break;
      case 'error':
        this.lastError = errorMessage(event.error) ?? 'error';
        this.stalledOn = this.lastError;
        this.notes.push(`opencode error event: ${clip(this.lastError)}`);
        this.tail.say(this.lastError, 'error');
        break;
    }
  }

  /** A `done` event or a step that stopped ends the session (opencode may linger after it). */
  finished(): boolean {
    return this.done || this.finalText !== undefined;
  }

  /** The verdict: exit != 0 fails; a clean exit must have a step that finished with reason stop. */
  verdict(result: ProcessResult): AgentVerdict {
    const said = this.finalText ?? [...this.stepTexts.values()].join('\n').trim();
    if (said !== '') this.tail.say(lastLines(said, 5), this.finalText === undefined ? 'assistant' : 'answer');
    const stalled = this.stalledOn === undefined ? {} : { stalled: `last opencode event: ${clip(this.stalledOn)}` };
    const base = { usage: this.usage.usage(), sessionId: this.sessionId, notes: this.notes, tail: this.tail.lines(), ...stalled };
    if (result.exitCode !== 0) {
      return { ...base, text: this.finalText ?? '', failure: this.lastError === undefined ? null : `opencode: ${clip(this.lastError)}` };
    }
    if (this.finalText === undefined) {
      const why = this.lastError === undefined ? '' : ` (last error: ${clip(this.lastError)})`;
      return { ...base, text: '', failure: `${missingEvent('opencode', result, 'a step_finish event with reason stop')}${why}` };
    }
    return { ...base, text: this.finalText, failure: null };
  }

  /** A tool call that failed is worth a line of the failure tail. */
  private noteToolError(part: JsonObject | undefined): void {
    const state = objectField(part, 'state');
    if (stringField(state, 'status') !== 'error') return;
    this.tail.say(errorMessage(state?.error) ?? 'failed', `tool ${stringField(part, 'tool') ?? '?'} error`);
  }

  private finishStep(part: JsonObject | undefined): void {
    const tokens = objectField(part, 'tokens');
    const cache = objectField(tokens, 'cache');
    const cost = numberField(part, 'cost');
    if (tokens !== undefined || cost !== undefined) {
      const input = tokenField(tokens, 'input') + tokenField(cache, 'read') + tokenField(cache, 'write');
      this.usage.add(input, tokenField(tokens, 'output') + tokenField(tokens, 'reasoning'), cost);
    }
    if (stringField(part, 'reason') === 'stop') this.finalText = [...this.stepTexts.values()].join('\n').trim();
  }
}

/** opencode: prompt on stdin, JSON events on stdout, cwd = the stage's directory. */
export const opencodeAdapter: AgentAdapter = {
  name: 'opencode',
  cli: 'opencode',
  prepare(req: AgentRequest, _ctx: PrepareContext): AgentSession {
    return streamingSession('opencode', { argv: opencodeArgv(req), env: agentEnv(req), stdin: req.prompt }, new OpencodeEventParser());
  },
  versionArgv: (runtime: RuntimeSpec) => [...runtime.command, '--version'],
};
