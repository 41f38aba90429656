// Native adapter for Hermes (NousResearch hermes-agent), one-shot JSONL mode:
//   hermes chat -q PROMPT --format stream-json [-m MODEL] [args...]   (cwd = DIR)
// Format source: NousResearch/hermes-agent, hermes_cli (the `chat` command's -q and
// `--format stream-json` writer: system init, text deltas, tool_use, tool_result, result
// {session_id, exit_code, text, tokens, duration_ms}), lines written by Python's json.dumps.
// Summary with verbatim lines: ../shared/reference/agent-cli-formats.md.
import type { ProcessResult } from '../../exec/index.js';
import type { RuntimeSpec } from '../../model/index.js';
import { AgentSetupError } from './errors.js';
import { agentEnv, hasFlag, modelOf } from './common.js';
import { HumanTail, lastLines } from './human-tail.js';
import { clip, errorMessage, numberField, objectField, stringField, tokenField, type JsonObject } from './json-fields.js';
import { missingEvent, streamingSession, type EventParser } from './streaming.js';
import type { AgentAdapter, AgentRequest, AgentSession, AgentVerdict, PrepareContext } from './types.js';
import { UsageSum } from './usage-sum.js';

/** Linux refuses a single argument of 128 KiB or more (MAX_ARG_STRLEN, with its NUL). */
export const MAX_ARGUMENT_BYTES = 128 * 1024 - 1;
/** Text deltas kept for an answer when the result event has no text. */
const MAX_DELTA_CHARS = 1024 * 1024;

/** The exact `hermes chat` argv of an attempt (the prompt is an argument: hermes has no stdin mode). */
export function hermesArgv(req: AgentRequest): string[] {
  const { runtime } = req;
  if (Buffer.byteLength(req.prompt) > MAX_ARGUMENT_BYTES) {
    throw new AgentSetupError(
      `hermes takes the prompt as an argument (-q) and this one is ${Buffer.byteLength(req.prompt)} bytes, ` +
        `over the ${MAX_ARGUMENT_BYTES}-byte limit of one argument: shorten the prompt or use another runtime`,
    );
  }
  const argv = [...runtime.command, 'chat', '-q', req.prompt, '--format', 'stream-json'];
  const model = modelOf(req);
  if (model !== undefined && !hasFlag(runtime.args, ['-m', '--model'])) argv.push('-m', model);
  return [...argv, ...runtime.args];
}

/** Folds hermes events: session id, text deltas, the result event. */
export class HermesEventParser implements EventParser {
  private sessionId: string | null = null;
  private deltas = '';
  private result: { exitCode: number; text: string | undefined; error: string | undefined } | undefined;
  private readonly usage = new UsageSum();
  private readonly tail = new HumanTail();

  /** One event; unknown types are ignored. */
  handle(event: JsonObject): void {
    this.sessionId = stringField(event, 'session_id') ?? this.sessionId;
    const type = stringField(event, 'type');
    if (type === 'text' && this.deltas.length < MAX_DELTA_CHARS) this.deltas += stringField(event, 'text') ?? '';
    if (type === 'tool_result' && event.is_error === true) {
      this.tail.say(stringField(event, 'output') ?? 'failed', `tool ${stringField(event, 'name') ?? '?'} error`);
    }
    if (type !== 'result') return;
    const tokens = objectField(event, 'tokens');
    if (tokens !== undefined) {
      this.usage.add(tokenField(tokens, 'input') + tokenField(tokens, 'cache_read') + tokenField(tokens, 'cache_write'), tokenField(tokens, 'output'));
    }
    this.result = {
      exitCode: numberField(event, 'exit_code') ?? 0,
      text: stringField(event, 'text'),
      error: errorMessage(event.error),
    };
  }

  /** The result event is hermes's terminal record. */
  finished(): boolean {
    return this.result !== undefined;
  }

  /** The verdict: success iff a result arrived with exit_code 0 (and the process exited 0). */
  verdict(result: ProcessResult): AgentVerdict {
    const base = { usage: this.usage.usage(), sessionId: this.sessionId, notes: [] };
    const hermes = this.result;
    if (hermes?.error !== undefined) this.tail.say(hermes.error, 'error');
    const text = (hermes?.text ?? this.deltas).trim();
    if (text !== '') this.tail.say(lastLines(text, 5), hermes === undefined ? 'assistant' : 'result');
    const tail = this.tail.lines();
    if (hermes === undefined) return { ...base, text, tail, failure: missingEvent('hermes', result, 'a result event') };
    if (hermes.exitCode === 0) return { ...base, text, tail, failure: null };
    const why = hermes.error === undefined ? '' : `: ${clip(hermes.error)}`;
    return { ...base, text, tail, failure: `hermes result exit_code ${hermes.exitCode}${why}` };
  }
}

/** hermes: prompt in argv (stdin stays closed), JSONL on stdout, cwd = the stage's directory. */
export const hermesAdapter: AgentAdapter = {
  name: 'hermes',
  cli: 'hermes',
  prepare(req: AgentRequest, _ctx: PrepareContext): AgentSession {
    return streamingSession('hermes', { argv: hermesArgv(req), env: agentEnv(req) }, new HermesEventParser());
  },
  versionArgv: (runtime: RuntimeSpec) => [...runtime.command, '--version'],
};
