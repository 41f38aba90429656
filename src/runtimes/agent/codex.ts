// Native adapter for the OpenAI Codex CLI, non-interactive mode:
//   codex exec --json --skip-git-repo-check -C DIR [-m MODEL] [--profile P] -o FILE [args...] -
// Format source: openai/codex, codex-rs/exec/src/cli.rs (flags) and codex-rs/exec/src/
// exec_events.rs + event_processor_with_jsonl_output.rs (the JSONL `ThreadEvent`s:
// thread.started, turn.started/completed/failed, item.started/updated/completed, error).
// Summary with verbatim lines: ../shared/reference/agent-cli-formats.md.
import { readFileSync, statSync } from 'node:fs';
import type { ProcessResult } from '../../exec/index.js';
import type { RuntimeSpec } from '../../model/index.js';
import { agentEnv, hasFlag, modelOf } from './common.js';
import { HumanTail, lastLines } from './human-tail.js';
import { clip, errorMessage, objectField, stringField, tokenField, type JsonObject } from './json-fields.js';
import { missingEvent, streamingSession, type EventParser } from './streaming.js';
import type { AgentAdapter, AgentRequest, AgentSession, AgentVerdict, PrepareContext } from './types.js';
import { UsageSum } from './usage-sum.js';

const MAX_LAST_MESSAGE_BYTES = 1024 * 1024;

/** The profile passed to codex: the runtime's own `profile`, else runtime_profile.backend_profile. */
export function codexProfile(req: AgentRequest): string | undefined {
  return req.runtime.profile ?? req.backendProfile;
}

/** The exact `codex exec` argv of an attempt; one --profile at most, none if args already set it. */
export function codexArgv(req: AgentRequest, cwd: string, lastMessageFile: string): string[] {
  const { runtime } = req;
  const argv = [...runtime.command, 'exec', '--json', '--skip-git-repo-check', '-C', cwd];
  const model = modelOf(req);
  if (model !== undefined && !hasFlag(runtime.args, ['-m', '--model'])) argv.push('-m', model);
  const profile = codexProfile(req);
  if (profile !== undefined && !hasFlag(runtime.args, ['-p', '--profile'])) argv.push('--profile', profile);
  argv.push('-o', lastMessageFile, ...runtime.args, '-');
  return argv;
}

/** Folds codex exec --json events: last agent_message, turn outcome, usage, thread id. */
export class CodexEventParser implements EventParser {
  private threadId: string | null = null;
  private lastMessage: string | undefined;
  private turnCompleted = false;
  private turnFailure: string | undefined;
  private lastError: string | undefined;
  /** The error the latest events were about; cleared by any sign of progress. */
  private stalledOn: string | undefined;
  private readonly usage = new UsageSum();
  private readonly notes: string[] = [];
  private readonly tail = new HumanTail();

  constructor(private readonly lastMessageFile?: string) {}

  /** One event; unknown types and item types are ignored. */
  handle(event: JsonObject): void {
    const type = stringField(event, 'type');
    if (type !== 'error') this.stalledOn = undefined;
    switch (type) {
      case 'thread.started':
        this.threadId = stringField(event, 'thread_id') ?? this.threadId;
        break;
      case 'item.completed':
        this.completeItem(objectField(event, 'item'));
        break;
      case 'turn.completed': {
        this.turnCompleted = true;
        const usage = objectField(event, 'usage');
        if (usage !== undefined) this.usage.add(tokenField(usage, 'input_tokens'), tokenField(usage, 'output_tokens'));
        break;
      }
      case 'turn.failed':
        this.turnFailure = errorMessage(event.error) ?? 'turn failed';
        this.tail.say(this.turnFailure, 'turn failed');
        break;
      case 'error':
        // Also sent for errors that codex retries: not fatal on its own.
        this.lastError = stringField(event, 'message') ?? errorMessage(event.error) ?? 'error';
        this.stalledOn = this.lastError;
        this.notes.push(`codex error event: ${clip(this.lastError)}`);
        this.tail.say(this.lastError, 'error');
        break;
    }
  }

  /** The turn ended (completed or failed): codex has nothing more to say. */
  finished(): boolean {
    return this.turnCompleted || this.turnFailure !== undefined;
  }

  /** The verdict: turn.failed or exit != 0 fail; a clean exit must have completed the turn. */
  verdict(result: ProcessResult): AgentVerdict {
    const text = this.lastMessage ?? this.readLastMessageFile() ?? '';
    let failure: string | null = null;
    if (this.turnFailure !== undefined) failure = `codex turn failed: ${clip(this.turnFailure)}`;
    else if (result.exitCode !== 0 && this.lastError !== undefined) failure = `codex: ${clip(this.lastError)}`;
    else if (result.exitCode === 0 && !this.turnCompleted) failure = missingEvent('codex', result, 'a turn.completed event');
    if (text !== '') this.tail.say(lastLines(text, 5), 'last message');
    const stalled = this.stalledOn === undefined ? {} : { stalled: describeStall(this.stalledOn) };
    return { text, failure, usage: this.usage.usage(), sessionId: this.threadId, notes: this.notes, tail: this.tail.lines(), ...stalled };
  }

  private completeItem(item: JsonObject | undefined): void {
    const type = stringField(item, 'type');
    if (type === 'agent_message') this.lastMessage = stringField(item, 'text') ?? this.lastMessage;
    else if (type === 'error') {
      const message = stringField(item, 'message') ?? 'error';
      this.notes.push(`codex item error: ${clip(message)}`);
      this.tail.say(message, 'error');
      this.stalledOn = message;
    }
  }

  /** The -o file: written by codex only when the turn completed. */
  private readLastMessageFile(): string | undefined {
    if (this.lastMessageFile === undefined) return undefined;
    try {
      if (statSync(this.lastMessageFile).size > MAX_LAST_MESSAGE_BYTES) return undefined;
      return readFileSync(this.lastMessageFile, 'utf8').trim();
    } catch {
      return undefined;
    }
  }
}

/** What codex's last error event says about a stall: offline ("waiting for network") or the message itself. */
function describeStall(message: string): string {
  return /waiting for network/i.test(message) ? `codex was waiting for network (last event: ${clip(message)})` : `last codex event: ${clip(message)}`;
}

/** codex: prompt on stdin (`-`), JSONL on stdout, last message also in a scratch file. */
export const codexAdapter: AgentAdapter = {
  name: 'codex',
  cli: 'codex',
  prepare(req: AgentRequest, ctx: PrepareContext): AgentSession {
    const lastMessageFile = ctx.scratch.file('last-message.txt');
    const invocation = { argv: codexArgv(req, ctx.cwd, lastMessageFile), env: agentEnv(req), stdin: req.prompt };
    return streamingSession('codex', invocation, new CodexEventParser(lastMessageFile));
  },
  versionArgv: (runtime: RuntimeSpec) => [...runtime.command, '--version'],
};
