// Key handling: one dispatcher over modes (normal, help, a typed prompt, a y/n question), so no
// widget can swallow keys and every key works the same in tests and in a terminal.
import type { Widgets } from './blessed.js';
import type { QuitChoice } from './dashboard.js';
import type { DashboardState } from './state.js';
import { forgetDrawn, logHeight, treeHeight, visibleIds } from './render.js';

/** blessed's screen methods for the normal/alternate buffer (missing from @types/blessed). */
type ScreenBuffers = Widgets.Screen & { leave(): void; enter(): void };

export type Mode =
  | { kind: 'normal' }
  | { kind: 'help' }
  | { kind: 'prompt'; label: string; text: string; done: (text: string) => void }
  | { kind: 'confirm'; question: string; choices: Record<string, () => void> };

export interface KeyControl {
  schedule: () => void;
  finish: (how: QuitChoice) => void;
}

/** Handles one key press. */
export function handleKey(state: DashboardState, ch: string | undefined, key: Widgets.Events.IKeyEventArg | undefined, ctl: KeyControl): void {
  const name = key?.full ?? ch ?? '';
  if (name === 'return') return;
  const mode = state.mode;
  if (mode.kind === 'prompt') promptKey(state, mode, ch, name);
  else if (mode.kind === 'confirm') {
    state.mode = { kind: 'normal' };
    const choice = Object.hasOwn(mode.choices, ch ?? '') ? mode.choices[ch as string] : undefined;
    choice?.();
  } else if (mode.kind === 'help') state.mode = { kind: 'normal' };
  else if (state.plainMode) plainKey(state, ch, name, ctl);
  else normalKey(state, ch, name, ctl);
  ctl.schedule();
}

function promptKey(state: DashboardState, mode: Extract<Mode, { kind: 'prompt' }>, ch: string | undefined, name: string): void {
  if (name === 'escape' || name === 'C-c') state.mode = { kind: 'normal' };
  else if (name === 'enter' || name === 'linefeed') {
    state.mode = { kind: 'normal' };
    mode.done(mode.text);
  } else if (name === 'backspace') mode.text = mode.text.slice(0, -1);
  else if (ch && ch >= ' ' && ch !== '\x7f' && mode.text.length < 500) mode.text += ch;
}

/** While the plain stream shows: s returns, q and Ctrl-C behave as in the dashboard. */
function plainKey(state: DashboardState, ch: string | undefined, name: string, ctl: KeyControl): void {
  if (ch === 's') togglePlain(state);
  else if (ch === 'q' || name === 'C-c') {
    togglePlain(state);
    normalKey(state, ch, name, ctl);
  }
}

/** Leaves the alternate screen for the plain stream, or comes back and redraws everything. */
function togglePlain(state: DashboardState): void {
  state.plainMode = !state.plainMode;
  if (state.plainMode) {
    (state.screen as ScreenBuffers).leave();
    state.options.output.write('flowstate: plain output (press s for the dashboard)\n');
  } else {
    (state.screen as ScreenBuffers).enter();
    forgetDrawn(state);
  }
}

const live = (state: DashboardState): boolean => state.view.status !== null && state.view.finished_at === null;

function normalKey(state: DashboardState, ch: string | undefined, name: string, ctl: KeyControl): void {
  const inLog = state.focus === 'log';
  switch (name === 'S-g' ? 'G' : name === 'S-r' ? 'R' : name === 'S-n' ? 'N' : name) {
    case 'C-c':
      if (state.owned() && live(state)) return runAction(state, ctl, 'cancelling', state.options.actions?.cancel);
      return ctl.finish('quit');
    case 'q':
      return quitKey(state, ctl);
    case '?':
      state.mode = { kind: 'help' };
      return;
    case 's':
      return togglePlain(state);
    case 'f':
      state.follow = !state.follow;
      if (state.follow) state.logTop = null;
      state.note = `follow ${state.follow ? 'on' : 'off'}`;
      return;
    case 'enter': // blessed reports \r twice, as `return` then `enter`: only `enter` counts
    case 'linefeed':
    case 'tab':
      state.focus = inLog ? 'tree' : 'log';
      return;
    case 'up':
    case 'k':
      return move(state, -1);
    case 'down':
    case 'j':
      return move(state, 1);
    case 'pageup':
      return move(state, -(inLog ? logHeight(state) : treeHeight(state)));
    case 'pagedown':
      return move(state, inLog ? logHeight(state) : treeHeight(state));
    case 'g':
      return move(state, -Number.MAX_SAFE_INTEGER);
    case 'G':
      return move(state, Number.MAX_SAFE_INTEGER);
    case '/':
      state.mode = {
        kind: 'prompt',
        label: inLog ? 'search log:' : 'filter stages:',
        text: inLog ? '' : state.filter,
        done: (text) => (inLog ? search(state, text) : (state.filter = text)),
      };
      return;
    case 'n':
    case 'N':
      return nextMatch(state, name === 'n' ? 1 : -1);
    case 'a':
    case 'r':
      return decideKey(state, ctl, name === 'a' ? 'approved' : 'rejected');
    case 'R':
      return rerunKey(state, ctl);
    case 'c':
      return cancelKey(state, ctl);
    default:
      void ch;
  }
}

/** Moves the selection (tree) or scrolls (log) by `delta`; manual moves stop following. */
function move(state: DashboardState, delta: number): void {
  if (state.focus === 'log') {
    const length = state.tail?.buffer.length ?? 0;
    const maxTop = Math.max(0, length - logHeight(state));
    const top = Math.min(maxTop, Math.max(0, (state.logTop ?? maxTop) + delta));
    state.logTop = top >= maxTop ? null : top;
    return;
  }
  const ids = visibleIds(state);
  if (ids.length === 0) return;
  const index = Math.max(0, ids.indexOf(state.selected ?? ''));
  state.selected = ids[Math.min(ids.length - 1, Math.max(0, index + delta))] ?? null;
  state.follow = false;
}

function search(state: DashboardState, text: string): void {
  state.search = text;
  state.matchAt = null;
  if (text !== '') nextMatch(state, -1); // the newest match first, as a reader of a log wants
}

/** Shows the next (1) or previous (-1) line holding the search text, centred. */
function nextMatch(state: DashboardState, step: 1 | -1): void {
  const buffer = state.tail?.buffer;
  if (!buffer || state.search === '') return;
  const found = buffer.find(state.search, state.matchAt ?? buffer.length, step);
  if (found < 0) {
    state.note = `"${state.search}" not found in the last ${buffer.length.toLocaleString('en-US')} lines`;
    return;
  }
  state.matchAt = found;
  state.logTop = Math.max(0, found - Math.floor(logHeight(state) / 2));
  state.follow = false;
  state.note = `match at line ${(found + 1).toLocaleString('en-US')} of ${buffer.length.toLocaleString('en-US')} (n/N next/previous)`;
}

function quitKey(state: DashboardState, ctl: KeyControl): void {
  if (!(state.owned() && live(state))) return ctl.finish('quit');
  state.mode = {
    kind: 'confirm',
    question: 'this run is live in this process: d detach (it keeps running, plain output), c cancel it, any other key stays',
    choices: { d: () => ctl.finish('detach'), c: () => ctl.finish('cancel') },
  };
}

function decideKey(state: DashboardState, ctl: KeyControl, decision: 'approved' | 'rejected'): void {
  const stage = state.selected !== null ? state.view.stages[state.selected] : undefined;
  const gate = stage?.status === 'awaiting_approval' ? stage.gate : null;
  if (!stage || !gate || gate.decision !== null) {
    state.note = `${stage ? `stage ${stage.id}` : 'no stage'} is not waiting for approval`;
    return;
  }
  const decide = state.options.actions?.decide;
  if (!decide) {
    state.note = 'approving is not available here';
    return;
  }
  state.mode = {
    kind: 'prompt',
    label: `${decision === 'approved' ? 'approve' : 'reject'} ${stage.id}, comment (optional):`,
    text: '',
    done: (comment) => runAction(state, ctl, `${decision === 'approved' ? 'approving' : 'rejecting'} ${stage.id}`, () => decide(stage.id, decision, comment)),
  };
}

function rerunKey(state: DashboardState, ctl: KeyControl): void {
  const stage = state.selected;
  const rerun = state.options.actions?.rerunFrom;
  if (stage === null || !rerun) {
    state.note = rerun ? 'no stage selected' : 're-running is not available here';
    return;
  }
  if (live(state)) {
    state.note = 'the run is still live: cancel it (c) or wait before re-running';
    return;
  }
  state.mode = {
    kind: 'confirm',
    question: `start a new run from ${stage}? y/n`,
    choices: { y: () => runAction(state, ctl, `starting a new run from ${stage}`, () => rerun(stage)) },
  };
}

function cancelKey(state: DashboardState, ctl: KeyControl): void {
  const cancel = state.options.actions?.cancel;
  if (!cancel || !live(state)) {
    state.note = live(state) ? 'cancelling is not available here' : 'the run is not live';
    return;
  }
  state.mode = {
    kind: 'confirm',
    question: 'cancel the run (stages get SIGTERM; it stays resumable)? y/n',
    choices: { y: () => runAction(state, ctl, 'cancelling the run', cancel) },
  };
}

/** Runs an action, showing progress and then its result (or error) in the header. */
function runAction(state: DashboardState, ctl: KeyControl, doing: string, action: (() => Promise<string>) | undefined): void {
  if (!action) {
    state.note = `${doing}: not available here`;
    return;
  }
  state.note = `${doing}…`;
  action().then(
    (message) => {
      state.note = message;
      ctl.schedule();
    },
    (error: unknown) => {
      state.note = `error: ${error instanceof Error ? error.message : String(error)}`;
      ctl.schedule();
    },
  );
}
