// The approval step of a stage visit: journal `gate.waiting`, wait for (or pause until) a
// decision, journal `gate.decided`. Runs before the visit's first attempt.
import { resolveRuntimeId } from '../runtimes/index.js';
import { evaluateCondition, parseExpression, parseTemplate, renderTemplate } from '../expr/index.js';
import { gateDecidedDraft, gateWaitingDraft, rejectionReason, type Stage } from '../model/index.js';
import { gateFor } from './gates.js';
import type { VisitProgress } from './resume-point.js';
import type { RunState } from './run-state.js';
import { expressionContext } from './stage-context.js';
import type { EngineRun, GateDecision } from './types.js';

/** `pass`: run the stage; `stop`: the stage ends here (rejected, paused or halted). */
export type GateResult = 'pass' | 'stop';

/** Applies the stage's gate, if it has one; resumes a wait that a previous runner began. */
export async function passGate(run: EngineRun, state: RunState, stage: Stage, resumed: VisitProgress | undefined, signal: AbortSignal): Promise<GateResult> {
  const record = state.stage(stage.id);
  const waiting = resumed?.gate ?? openGate(run, state, stage);
  if (!waiting) return 'pass';
  record.status = 'awaiting_approval';
  const decision: GateDecision | null = waiting.decision
    ? { ...waiting.decision, journalled: true }
    : await run.services.awaitGate({ stage: stage.id, attempt: waiting.attempt, message: waiting.message, timeoutAt: waiting.timeoutAt, onTimeout: waiting.onTimeout, signal });
  if (decision === null) return 'stop';
  if (decision.decision === 'needs_review') {
    state.requestHalt?.('needs_review', `approval of stage \`${stage.id}\` timed out (on_timeout: needs_review)`);
    return 'stop';
  }
  if (!decision.journalled) {
    run.services.emit(gateDecidedDraft(stage.id, waiting.attempt, { ...decision, decision: decision.decision }));
  }
  if (decision.decision === 'approved') {
    record.status = 'pending';
    return 'pass';
  }
  record.status = 'failed';
  record.reason = rejectionReason(decision.by, decision.comment);
  return 'stop';
}

/** Decides whether the stage is gated now and journals `gate.waiting` if so. */
function openGate(run: EngineRun, state: RunState, stage: Stage): VisitProgress['gate'] | undefined {
  const ctx = expressionContext(run, state, stage.id);
  const gate = gateFor(stage, {
    runtimeId: stage.kind === 'agent' ? resolveRuntimeId(stage, run.orchestrator)?.id : undefined,
    rules: run.orchestrator.gatePolicy,
    holds: (expression) => evaluateCondition(parseExpression(expression), ctx),
    // A message is only shown to a person: a missing output there reads as '' rather than failing the stage.
    render: (text) => renderTemplate(parseTemplate(text), ctx, true),
  });
  if (!gate) return undefined;
  const attempt = state.stage(stage.id).attempts + 1;
  const timeoutAt = gate.timeoutMs !== undefined ? Date.now() + gate.timeoutMs : null;
  run.services.emit(
    gateWaitingDraft({
      stage: stage.id,
      attempt,
      message: gate.message,
      rule: gate.rule,
      timeout_at: timeoutAt === null ? null : new Date(timeoutAt).toISOString(),
      on_timeout: gate.onTimeout,
    }),
  );
  return { attempt, message: gate.message, timeoutAt, onTimeout: gate.onTimeout };
}
