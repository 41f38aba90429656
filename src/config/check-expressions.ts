// Every `${{ }}` template and bare condition of a pipeline parses and reads only known names.
import { allStages, type FanOutSpec } from '../model/index.js';
import type { CheckContext } from './check-context.js';
import { checkConditionAt, checkTemplateAt } from './expression-sites.js';
import type { ExpressionScope } from './expression-scope.js';
import { outputReadCheck } from './output-writers.js';
import type { StageEntry } from './normalise-stage.js';
import type { DocPath, Problem } from './positions.js';

/** Expression problems of the pipeline env and of every stage. */
export function checkExpressions(ctx: CheckContext): Problem[] {
  const scope: ExpressionScope = {
    inputs: new Set(Object.keys(ctx.pipeline.inputs)),
    stages: new Set([...allStages(ctx.pipeline).map((s) => s.id), ...ctx.brokenStages]),
    outputs: false,
    outputReads: outputReadCheck(allStages(ctx.pipeline)),
  };
  const problems = envProblems(['env'], ctx.doc.env, { ...scope, runLevel: true });
  for (const entry of ctx.entries) {
    if (!ctx.brokenStages.has(entry.id)) problems.push(...stageProblems(entry, scope));
  }
  return problems;
}

/** What the expressions of a fanned-out stage may read besides the usual contexts. */
function fanOutScope(fanout: FanOutSpec): Pick<ExpressionScope, 'matrixKeys' | 'item'> {
  if (fanout.kind === 'for_each') return { item: fanout.as };
  const keys = new Set(Object.keys(fanout.axes));
  for (const entry of fanout.include) for (const key of Object.keys(entry)) keys.add(key);
  return { matrixKeys: keys };
}

function envProblems(path: DocPath, env: Record<string, unknown> | undefined, scope: ExpressionScope): Problem[] {
  return Object.entries(env ?? {}).flatMap(([key, value]) => (typeof value === 'string' ? checkTemplateAt([...path, key], value, scope) : []));
}

/** A service's `ready` probe: `http`, `log` and `command` may hold templates. */
function readyProblems(path: DocPath, ready: { http?: string; log?: string; command?: string | (string | number)[] }, scope: ExpressionScope): Problem[] {
  const problems: Problem[] = [];
  if (ready.http !== undefined) problems.push(...checkTemplateAt([...path, 'http'], ready.http, scope));
  if (ready.log !== undefined) problems.push(...checkTemplateAt([...path, 'log'], ready.log, scope));
  const command = ready.command;
  if (typeof command === 'string') problems.push(...checkTemplateAt([...path, 'command'], command, scope, true));
  else
    command?.forEach((arg, i) => {
      if (typeof arg === 'string') problems.push(...checkTemplateAt([...path, 'command', i], arg, scope));
    });
  return problems;
}

function stageProblems(entry: StageEntry, outer: ExpressionScope): Problem[] {
  const { doc, path } = entry;
  const problems: Problem[] = [];
  const fanout = entry.stage.fanout;
  if (fanout?.kind === 'for_each' && typeof fanout.items === 'string' && 'for_each' in doc && typeof doc.for_each === 'string') {
    problems.push(...checkTemplateAt([...path, 'for_each'], doc.for_each, outer));
  }
  const scope = fanout ? { ...outer, ...fanOutScope(fanout) } : outer;
  // `if` and routes are decided once for the whole stage, so they cannot read a cell's values.
  if (doc.if !== undefined) problems.push(...checkConditionAt([...path, 'if'], doc.if, outer));
  problems.push(...envProblems([...path, 'env'], doc.env, scope));
  if (doc.approval?.message !== undefined) problems.push(...checkTemplateAt([...path, 'approval', 'message'], doc.approval.message, scope));
  if ('run' in doc) {
    if (typeof doc.run === 'string') problems.push(...checkTemplateAt([...path, 'run'], doc.run, scope, true));
    else
      doc.run.forEach((arg, i) => {
        if (typeof arg === 'string') problems.push(...checkTemplateAt([...path, 'run', i], arg, scope));
      });
  }
  if ('ready' in doc && doc.ready) problems.push(...readyProblems([...path, 'ready'], doc.ready, scope));
  if ('agent' in doc && doc.agent.prompt !== undefined) problems.push(...checkTemplateAt([...path, 'agent', 'prompt'], doc.agent.prompt, scope));
  if ('with' in doc) problems.push(...envProblems([...path, 'with'], doc.with, scope));
  if ('next' in doc && Array.isArray(doc.next)) {
    const routeScope = { ...outer, outputs: true };
    doc.next.forEach((route, i) => {
      if (route.when !== undefined) problems.push(...checkConditionAt([...path, 'next', i, 'when'], route.when, routeScope));
    });
  }
  return problems;
}
