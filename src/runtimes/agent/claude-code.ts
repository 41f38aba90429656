// Native adapter for Claude Code in print mode:
//   claude -p --output-format stream-json --verbose [--model M] [args...]   (cwd = DIR)
// Format source: Claude Code's CLI reference (docs.anthropic.com/en/docs/claude-code/
// cli-reference: -p, --output-format stream-json requires --verbose) and the message types of
// the Claude Agent SDK (@anthropic-ai/claude-agent-sdk, sdk.d.ts: SDKSystemMessage 'init',
// SDKAssistantMessage, SDKUserMessage, SDKResultMessage with subtype success | error_*).
// Summary with verbatim lines: ../shared/reference/agent-cli-formats.md.
import type { ProcessResult } from '../../exec/index.js';
import type { RuntimeSpec } from '../../model/index.js';
import { agentEnv, hasFlag, modelOf } from './common.js';
import { HumanTail, lastLines } from './human-tail.js';
import { arrayField, clip, errorMessage, isJsonObject, numberField, objectField, stringField, tokenField, type JsonObject } from './json-fields.js';
import { missingEvent, streamingSession, type EventParser } from './streaming.js';
import type { AgentAdapter, AgentRequest, AgentSession, AgentVerdict, PrepareContext } from './types.js';
import { UsageSum } from './usage-sum.js';

/** The exact `claude -p` argv of an attempt. */
export function claudeArgv(req: AgentRequest): string[] {
  const { runtime } = req;
  const argv = [...runtime.command, '-p', '--output-format', 'stream-json', '--verbose'];
  const model = modelOf(req);
  if (model !== undefined && !hasFlag(runtime.args, ['--model'])) argv.push('--model', model);
  return [...argv, ...runtime.args];
}

interface ClaudeResult {
  subtype: string;
  isError: boolean;
  text: string | undefined;
  errors: string[];
}

/** Folds stream-json messages: session id, the result message, its usage and cost. */
export class ClaudeEventParser implements EventParser {
  private sessionId: string | null = null;
  private lastAssistantText: string | undefined;
  private result: ClaudeResult | undefined;
  /** The API retry the latest events were about; cleared by any other message. */
  private retrying: string | undefined;
  private readonly usage = new UsageSum();
  private readonly tail = new HumanTail();

  /** One message; unknown types are ignored. */
  handle(event: JsonObject): void {
    this.sessionId = stringField(event, 'session_id') ?? this.sessionId;
    const type = stringField(event, 'type');
    const subtype = stringField(event, 'subtype');
    this.retrying = undefined;
    if (type === 'assistant') this.lastAssistantText = assistantText(objectField(event, 'message')) ?? this.lastAssistantText;
    else if (type === 'result') this.takeResult(event);
    else if (type === 'system' && subtype === 'api_retry') this.noteRetry(event);
  }

  /** The result message is claude's terminal record. */
  finished(): boolean {
    return this.result !== undefined;
  }

  /** The verdict: no result, is_error, an error_* subtype (and a non-zero exit) fail. */
  verdict(result: ProcessResult): AgentVerdict {
    const base = { usage: this.usage.usage(), sessionId: this.sessionId, notes: [], ...(this.retrying ? { stalled: this.retrying } : {}) };
    const claude = this.result;
    const assistant = this.lastAssistantText;
    if (assistant !== undefined && assistant.trim() !== (claude?.text ?? '').trim()) this.tail.say(lastLines(assistant, 5), 'assistant');
    if (claude === undefined) {
      return { ...base, text: assistant ?? '', failure: missingEvent('claude', result, 'a result event'), tail: this.tail.lines() };
    }
    const text = claude.text ?? '';
    const failed = claude.isError || claude.subtype.startsWith('error');
    const flag = claude.isError ? ', is_error' : '';
    for (const error of claude.errors) this.tail.say(error, 'error');
    if (text !== '') this.tail.say(lastLines(text, 5), `result (${claude.subtype}${flag})`);
    if (!failed) return { ...base, text, failure: null, tail: this.tail.lines() };
    const detail = claude.errors.length > 0 ? claude.errors.join('; ') : text;
    return { ...base, text, failure: `claude result ${claude.subtype}${flag}${detail ? `: ${clip(detail)}` : ''}`, tail: this.tail.lines() };
  }

  /** `system/api_retry`: claude is retrying a failed API request (offline, overloaded, ...). */
  private noteRetry(event: JsonObject): void {
    const attempt = numberField(event, 'attempt');
    const max = numberField(event, 'max_retries');
    const error = errorMessage(event.error) ?? stringField(event, 'error_status') ?? 'API error';
    const retry = `claude was retrying an API request${attempt === undefined ? '' : ` (attempt ${attempt}${max === undefined ? '' : ` of ${max}`})`}: ${clip(error)}`;
    this.tail.say(retry);
    this.retrying = retry;
  }

  private takeResult(event: JsonObject): void {
    const usage = objectField(event, 'usage');
    const cost = numberField(event, 'total_cost_usd') ?? numberField(event, 'cost_usd');
    if (usage !== undefined || cost !== undefined) {
      const input = tokenField(usage, 'input_tokens') + tokenField(usage, 'cache_creation_input_tokens') + tokenField(usage, 'cache_read_input_tokens');
      this.usage.add(input, tokenField(usage, 'output_tokens'), cost);
    }
    this.result = {
      subtype: stringField(event, 'subtype') ?? 'success',
      isError: event.is_error === true,
      text: stringField(event, 'result'),
      errors: arrayField(event, 'errors').map((e) => (typeof e === 'string' ? e : JSON.stringify(e))),
    };
  }
}

/** The text blocks of an assistant message, joined; undefined when it has none. */
function assistantText(message: JsonObject | undefined): string | undefined {
  const texts = arrayField(message, 'content')
    .filter(isJsonObject)
    .filter((block) => block.type === 'text')
    .map((block) => stringField(block, 'text') ?? '');
  return texts.length === 0 ? undefined : texts.join('\n');
}

/** claude: prompt on stdin, stream-json on stdout, cwd = the stage's directory. */
export const claudeCodeAdapter: AgentAdapter = {
  name: 'claude-code',
  cli: 'claude',
  prepare(req: AgentRequest, _ctx: PrepareContext): AgentSession {
    return streamingSession('claude', { argv: claudeArgv(req), env: agentEnv(req), stdin: req.prompt }, new ClaudeEventParser());
  },
  versionArgv: (runtime: RuntimeSpec) => [...runtime.command, '--version'],
};
