// A pipeline whose ids, commands and expressions hold every character the renderers must escape.
import type { Pipeline } from '../../src/model/pipeline.js';
import { agent, parallel, pipeline, shell } from '../compile/builders.js';

/** Stage ids with dashes and keyword-like names, labels with quotes, brackets, `<>`, `#`, `;`, `:`, newlines. */
export function nastyPipeline(): Pipeline {
  return pipeline('nasty-ids', [
    shell('state', 'echo "a;b" # not a comment: {x} [y] <z> 100% & \\\\ done'),
    shell('default-stage', 'printf "%s\\n" "line one\nline two"', { description: 'multi\nline "description"' }),
    parallel('note', [shell('class', 'true'), agent('a-b', 'evaluate'), agent('a_b', 'reflect')], true),
    agent('judge', 'evaluate', {
      maxVisits: 2,
      next: [
        { when: 'outputs.verdict == "fail" && stages["a-b"].outputs.text != \'<none>\'', to: 'state' },
        { when: "outputs.note == 'a;b:c#d'", to: 'default-stage' },
        { to: 'end' },
      ],
    }),
  ]);
}
