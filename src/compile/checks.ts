// Refuses pipelines the compiler cannot turn into a machine: unsupported features and shapes
// the loader should already have rejected (checked again here, cheaply, so compile/ is safe alone).
import { ValidationError, type Diagnostic } from '../errors/index.js';
import { allStages, type Pipeline, type Stage } from '../model/pipeline.js';
import { FINAL_STATES } from './machine-json.js';

const STAGE_ID = /^[A-Za-z0-9_-]+$/;
const RESERVED_IDS = new Set<string>([...Object.values(FINAL_STATES), 'end', 'fail']);

function diagnostic(stage: Stage, message: string): Diagnostic {
  return { file: stage.loc.file, line: stage.loc.line, col: stage.loc.col, message, severity: 'error' };
}

/** Problems with the stage ids and routes of a pipeline (normally caught by the loader). */
function shapeProblems(pipeline: Pipeline): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const stage of allStages(pipeline)) {
    if (!STAGE_ID.test(stage.id)) problems.push(diagnostic(stage, `stage id \`${stage.id}\` must match [A-Za-z0-9_-]+`));
    if (RESERVED_IDS.has(stage.id)) problems.push(diagnostic(stage, `stage id \`${stage.id}\` is reserved`));
    if (seen.has(stage.id)) problems.push(diagnostic(stage, `stage id \`${stage.id}\` is used twice`));
    seen.add(stage.id);
  }
  for (const stage of pipeline.stages) {
    const last = stage.next[stage.next.length - 1];
    if (!last || last.when !== undefined) {
      problems.push(diagnostic(stage, `stage \`${stage.id}\`: \`next\` must end with a route that has no \`when\``));
    }
  }
  return problems;
}

/** Throws ValidationError when the pipeline cannot be compiled. */
export function assertCompilable(pipeline: Pipeline): void {
  const problems = shapeProblems(pipeline);
  if (problems.length > 0) throw new ValidationError(problems);
}
