// Whether a stage waits for an approval before it starts, and why: the stage's own
// `approval:` first, then the first orchestrator.yaml `gate_policy` rule that matches.
import type { ApprovalSpec, GateRule, Stage } from '../model/index.js';

export interface GateSpec {
  message: string;
  /** `approval` for the stage's own, `gate_policy[i]` for a rule. */
  rule: string;
  timeoutMs?: number;
  onTimeout: ApprovalSpec['onTimeout'];
}

export interface GateInputs {
  /** The runtime an agent stage resolves to (undefined for other stages). */
  runtimeId?: string;
  rules: readonly GateRule[];
  /** Evaluates a rule's `when` against the run (inputs, stage outputs...). */
  holds: (expression: string) => boolean;
  /** Renders `${{ }}` templates in a message. */
  render: (text: string) => string;
}

/** True when every field the rule's `match` sets agrees with the stage. */
export function ruleMatches(rule: GateRule, stage: Stage, runtimeId: string | undefined): boolean {
  const { match } = rule;
  if (match.stage !== undefined && match.stage !== stage.id) return false;
  if (match.role !== undefined && (stage.kind !== 'agent' || stage.agent.role !== match.role)) return false;
  if (match.runtime !== undefined && (stage.kind !== 'agent' || runtimeId !== match.runtime)) return false;
  return true;
}

/** Decides whether the stage is gated; null when it runs without waiting. */
export function gateFor(stage: Stage, inputs: GateInputs): GateSpec | null {
  if (stage.approval) {
    const { message, timeoutMs, onTimeout } = stage.approval;
    return { message: inputs.render(message), rule: 'approval', onTimeout, ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
  }
  const index = inputs.rules.findIndex((rule) => ruleMatches(rule, stage, inputs.runtimeId) && (rule.when === undefined || inputs.holds(rule.when)));
  const rule = inputs.rules[index];
  if (rule === undefined) return null;
  return { message: inputs.render(rule.message), rule: `gate_policy[${index}]`, onTimeout: 'reject' };
}
