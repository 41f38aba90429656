// Maps run statuses to DESIGN §7 exit codes.
import { EXIT, type ExitCode } from '../errors/index.js';
import type { RunStatus } from '../model/index.js';

const BY_STATUS: Record<RunStatus, ExitCode> = {
  succeeded: EXIT.ok,
  failed: EXIT.failed,
  needs_review: EXIT.needsReview,
  awaiting_approval: EXIT.awaitingApproval,
  cancelled: EXIT.interrupted,
  interrupted: EXIT.interrupted,
  running: EXIT.ok,
};

/** The exit code of a command that ran (or reports on) a run with this status. */
export function exitCodeForStatus(status: RunStatus): ExitCode {
  return BY_STATUS[status];
}
