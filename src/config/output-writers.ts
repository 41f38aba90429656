// Which stage outputs the loader can prove are written: a `run` command that writes `key=`,
// `key<<EOF` or a JSON `"key":` to $FLOWSTATE_OUTPUT. Reads of anything else get a warning.
import type { Stage } from '../model/index.js';

/** A warning for reading `stages.<id>.outputs.<key>`, or undefined when the read is fine or cannot be judged. */
export type OutputReadCheck = (stageId: string, key: string) => string | undefined;

/** The outputs of a fanned-out stage (src/engine/fanout.ts). */
const FANOUT_OUTPUTS = ['total', 'succeeded', 'failed', 'skipped', 'not_started', 'cells', 'results'];

/** Builds the check over the pipeline's stages (agent and nested stages cannot be judged statically). */
export function outputReadCheck(stages: readonly Stage[]): OutputReadCheck {
  const byId = new Map(stages.map((s) => [s.id, s]));
  return (stageId, key) => {
    const stage = byId.get(stageId);
    if (stage?.kind === 'parallel') {
      return `stage \`${stageId}\` is a parallel group and has no outputs of its own; read a branch's (\`stages.<branch>.outputs.${key}\`)`;
    }
    if (stage?.fanout)
      return FANOUT_OUTPUTS.includes(key)
        ? undefined
        : `stage \`${stageId}\` fans out: its outputs are ${FANOUT_OUTPUTS.join(', ')} (a cell's are under \`cells['<cell id>'].outputs\`)`;
    if (stage?.kind !== 'command' || commandWrites(stage.run.kind === 'shell' ? stage.run.script : stage.run.argv.join('\n'), key)) return undefined;
    return (
      `stage \`${stageId}\` is not seen writing \`${key}\` to $FLOWSTATE_OUTPUT (no \`${key}=\`, \`${key}<<EOF\` or JSON \`"${key}":\` in its run); ` +
      `if it is missing at run time the reading stage fails: give a default with \`?? 'value'\``
    );
  };
}

/** True when the command text visibly writes the key: `key=`, `key<<`, or a JSON key `"key":`. */
function commandWrites(text: string, key: string): boolean {
  const name = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_.-])${name}(=|<<|\\\\?["']?\\s*:)`).test(text);
}
