// orchestrator.yaml rules beyond the schema: referenced runtimes exist; gate expressions parse.
import type { OrchestratorDocument } from '../model/generated/orchestrator-document.js';
import { didYouMean } from './did-you-mean.js';
import { checkConditionAt, checkTemplateAt } from './expression-sites.js';
import type { ExpressionScope } from './expression-scope.js';
import type { DocPath, Problem } from './positions.js';

/** Gate rules apply to every pipeline, so their inputs and stages cannot be checked here. */
const GATE_SCOPE: ExpressionScope = { outputs: false };

/** Problems of runtime references and gate_policy expressions. */
export function checkOrchestrator(doc: OrchestratorDocument): Problem[] {
  const runtimes = Object.keys(doc.runtimes ?? {});
  const problems: Problem[] = [];
  const checkRuntime = (id: string | undefined, path: DocPath) => {
    if (id === undefined || runtimes.includes(id)) return;
    const known = runtimes.length > 0 ? `runtimes: ${runtimes.join(', ')}` : 'no runtimes are defined under `runtimes`';
    problems.push({ path, at: 'value', message: `unknown runtime \`${id}\`${didYouMean(id, runtimes)} (${known})` });
  };
  const profile = doc.runtime_profile;
  checkRuntime(profile?.default, ['runtime_profile', 'default']);
  for (const [role, id] of Object.entries(profile?.stages ?? {})) checkRuntime(id, ['runtime_profile', 'stages', role]);
  (doc.gate_policy ?? []).forEach((rule, i) => {
    const path = ['gate_policy', i];
    checkRuntime(rule.match.runtime, [...path, 'match', 'runtime']);
    if (rule.when !== undefined) problems.push(...checkConditionAt([...path, 'when'], rule.when, GATE_SCOPE));
    problems.push(...checkTemplateAt([...path, 'message'], rule.message, GATE_SCOPE));
  });
  return problems;
}
