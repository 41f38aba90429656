// The generic command adapter: any runtime without a native adapter. The prompt goes to
// stdin; the final answer is stdout; outputs are the last JSON object in it, plus `text`.
import { spawnProcess } from '../../exec/index.js';
import { outcomeFromProcess } from '../command.js';
import { readOutputFile } from '../outputs.js';
import type { AttemptContext, AttemptOutcome } from '../types.js';
import type { RuntimeSpec } from '../../model/index.js';
import { lastJsonObject } from './last-json.js';

export interface AgentRequest {
  prompt: string;
  role: string;
  runtime: RuntimeSpec;
  model?: string;
  backendProfile?: string;
}

const MAX_ANSWER_BYTES = 1024 * 1024;

/** Runs an agent through its runtime's command, prompt on stdin, and reads its answer. */
export async function runGenericAgent(req: AgentRequest, ctx: AttemptContext): Promise<AttemptOutcome> {
  const [file, ...fixed] = req.runtime.command;
  const argv = [file, ...fixed, ...req.runtime.args];
  const model = req.model ?? req.runtime.model;
  const result = await spawnProcess({
    command: { kind: 'argv', argv },
    cwd: ctx.cwd,
    env: {
      ...ctx.env,
      ...req.runtime.env,
      FLOWSTATE_ROLE: req.role,
      ...(model ? { FLOWSTATE_MODEL: model } : {}),
    },
    stdin: req.prompt,
    logFile: ctx.logFile,
    timeoutMs: ctx.timeoutMs,
    killGraceMs: ctx.killGraceMs,
    signal: ctx.signal,
    onLine: ctx.onLine,
    onSpawn: ctx.onSpawn,
    redact: ctx.redact,
    captureStdout: { maxBytes: MAX_ANSWER_BYTES },
  });
  const text = result.stdout.trim();
  const fromAnswer = lastJsonObject(text) ?? {};
  const outputs = { ...fromAnswer, ...readOutputFile(ctx.outputFile), text };
  return outcomeFromProcess(result, result.outcome === 'exited' ? outputs : {});
}
