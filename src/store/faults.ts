// TEST-ONLY fault injection for the run store's file layer (tests/faults/). Inert unless the
// environment variable FLOWSTATE_TEST_FAULTS is set, which nothing in normal use does; when it
// is, a warning says so on stderr. Format: comma-separated `op:ERRNO@N` — the N-th call of `op`
// in this process, and every later one, fails with that errno, e.g. `journal.sync:EIO@2`.
// `@final` (manifest.write only) fails the writes of a manifest whose run has finished.
// ERRNO `KILL` instead SIGKILLs this process at that point (a crash at an exact moment).
// Ops: journal.append, journal.sync, manifest.write.

/** The environment variable that arms fault injection (tests only). */
export const FAULTS_ENV = 'FLOWSTATE_TEST_FAULTS';

interface FaultRule {
  op: string;
  code: string;
  from: number | 'final';
}

let rules: FaultRule[] | null = null;
const calls = new Map<string, number>();

function parseRules(spec: string | undefined): FaultRule[] {
  if (!spec) return [];
  const parsed: FaultRule[] = [];
  for (const item of spec.split(',')) {
    const [, op, code, from] = /^([a-z.]+):([A-Z]+)@(\d+|final)$/.exec(item.trim()) ?? [];
    if (op !== undefined && code !== undefined) parsed.push({ op, code, from: from === 'final' ? 'final' : Number(from) });
  }
  if (parsed.length > 0) process.emitWarning(`${FAULTS_ENV} is set: store faults are injected (test only)`);
  return parsed;
}

/** Throws the configured errno error when a test armed a fault for this call of `op`. */
export function injectFault(op: string, phase?: 'final'): void {
  rules ??= parseRules(process.env[FAULTS_ENV]);
  if (rules.length === 0) return;
  const count = (calls.get(op) ?? 0) + 1;
  calls.set(op, count);
  const rule = rules.find((r) => r.op === op && (r.from === 'final' ? phase === 'final' : count >= r.from));
  if (!rule) return;
  if (rule.code === 'KILL') process.kill(process.pid, 'SIGKILL');
  const error = new Error(`${rule.code}: injected fault (${FAULTS_ENV}), ${op}`) as NodeJS.ErrnoException;
  error.code = rule.code;
  throw error;
}
