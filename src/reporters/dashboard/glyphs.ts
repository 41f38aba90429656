// How each stage and run status looks: a one-cell glyph, a colour and a word (the help legend).
import type { RunStatus, StageStatus } from '../../model/index.js';

export type Colour = 'green' | 'red' | 'yellow' | 'cyan' | 'magenta' | 'blue' | 'gray' | 'white';

export interface Look {
  glyph: string;
  colour: Colour;
  word: string;
}

/** Stage statuses, plus the two states the dashboard shows that are not statuses of their own. */
export type StageLookKey = StageStatus | 'retrying' | 'needs_review';

export const STAGE_LOOKS: Readonly<Record<StageLookKey, Look>> = {
  pending: { glyph: '·', colour: 'gray', word: 'pending' },
  running: { glyph: '●', colour: 'cyan', word: 'running' },
  succeeded: { glyph: '✓', colour: 'green', word: 'succeeded' },
  failed: { glyph: '✗', colour: 'red', word: 'failed' },
  timed_out: { glyph: '◷', colour: 'red', word: 'timed out' },
  cancelled: { glyph: '⊘', colour: 'yellow', word: 'cancelled' },
  skipped: { glyph: '↷', colour: 'gray', word: 'skipped' },
  awaiting_approval: { glyph: '?', colour: 'yellow', word: 'awaiting approval' },
  retrying: { glyph: '↻', colour: 'yellow', word: 'retrying' },
  needs_review: { glyph: '!', colour: 'magenta', word: 'needs review' },
};

export const RUN_LOOKS: Readonly<Record<RunStatus, Look>> = {
  running: STAGE_LOOKS.running,
  awaiting_approval: STAGE_LOOKS.awaiting_approval,
  succeeded: STAGE_LOOKS.succeeded,
  failed: STAGE_LOOKS.failed,
  needs_review: STAGE_LOOKS.needs_review,
  cancelled: STAGE_LOOKS.cancelled,
  interrupted: { glyph: '‖', colour: 'yellow', word: 'interrupted' },
};
