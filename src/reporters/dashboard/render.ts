// Composes every pane's text from the dashboard state and sets only what changed.
import { activeStages, type RunView } from '../../model/index.js';
import { MIN_COLS, MIN_ROWS, stageLogPath, type DashboardState } from './state.js';
import { FileTail } from './file-tail.js';
import { footerText, helpLines } from './help.js';
import { createPaint, esc, type Paint } from './paint.js';
import { headerLines, stateLines } from './panes.js';
import { stageRowText, treeOrder } from './rows.js';

/** Height of the state pane, borders included. */
const STATE_HEIGHT = 7;

/** Sets a box's content when it differs; true when it did. */
function set(box: { getContent(): string; setContent(text: string): void; content?: string }, text: string, last: Map<object, string>): boolean {
  if (last.get(box) === text) return false;
  last.set(box, text);
  box.setContent(text);
  return true;
}

const lastContent = new WeakMap<DashboardState, Map<object, string>>();

/** The stage the run is busy with: the latest active stage, else where it is. */
function followTarget(view: RunView): string | null {
  const active = activeStages(view);
  if (active.length > 0) {
    const latest = [...view.path].reverse().find((step) => active.some((s) => s.id === step.stage));
    return latest?.stage ?? active[active.length - 1]?.id ?? null;
  }
  const last = view.path.at(-1)?.stage;
  return last ?? Object.keys(view.stages)[0] ?? null;
}

/** Stage ids shown in the tree (filtered). */
export function visibleIds(state: DashboardState): string[] {
  const ids = treeOrder(state.view);
  return state.filter === '' ? ids : ids.filter((id) => id.includes(state.filter));
}

/** Rows of the tree pane that fit. */
export function treeHeight(state: DashboardState): number {
  return Math.max(1, (state.screen.height as number) - 2 - 1 - 2);
}

/** Rows of the log pane that fit. */
export function logHeight(state: DashboardState): number {
  return Math.max(1, (state.screen.height as number) - 2 - 1 - STATE_HEIGHT - 2);
}

/** Keeps the selection valid and, in follow mode, on the busy stage; keeps it in the tree's window. */
function settleSelection(state: DashboardState, ids: string[]): void {
  if (state.follow) state.selected = followTarget(state.view) ?? state.selected;
  if (state.selected === null || !ids.includes(state.selected)) state.selected = ids[0] ?? null;
  const index = state.selected === null ? 0 : ids.indexOf(state.selected);
  const height = treeHeight(state);
  if (index < state.treeTop) state.treeTop = index;
  if (index >= state.treeTop + height) state.treeTop = index - height + 1;
  state.treeTop = Math.max(0, Math.min(state.treeTop, Math.max(0, ids.length - height)));
}

/** Points the log tail at the selected stage's latest attempt. */
function settleTail(state: DashboardState): void {
  const stage = state.selected !== null ? state.view.stages[state.selected] : undefined;
  const path = stage && state.runDir ? stageLogPath(state.runDir, stage) : null;
  if (path === null) state.tail = null;
  else if (state.tail?.path !== path) {
    state.tail = new FileTail(path, state.options.scrollback);
    state.logTop = null;
  }
  state.tail?.poll();
}

function treeText(state: DashboardState, ids: string[], paint: Paint, nowMs: number, width: number): string {
  const lines: string[] = [];
  const parents = new Set(Object.values(state.view.stages).map((s) => s.parent));
  for (const id of ids.slice(state.treeTop, state.treeTop + treeHeight(state))) {
    const stage = state.view.stages[id];
    if (!stage) continue;
    const text = stageRowText(state.view, stage, paint, nowMs, parents.has(id));
    lines.push(id === state.selected ? `{inverse}${text}${' '.repeat(Math.max(0, width))}{/inverse}` : text);
  }
  if (ids.length === 0) lines.push(paint('gray', state.filter ? `no stage matches "${esc(state.filter)}"` : 'no stages yet'));
  return lines.join('\n');
}

function logText(state: DashboardState, paint: Paint): string {
  const buffer = state.tail?.buffer;
  if (!buffer || buffer.length === 0) {
    const stage = state.selected !== null ? state.view.stages[state.selected] : undefined;
    const tail = stage?.tail ?? [];
    if (tail.length > 0) return tail.map(esc).join('\n');
    if (stage && Object.values(state.view.stages).some((s) => s.parent === stage.id)) return paint('gray', 'its branches or cells are listed under it: select one for its log');
    return paint('gray', stage ? 'no output yet' : '');
  }
  const height = logHeight(state);
  const maxTop = Math.max(0, buffer.length - height);
  if (state.logTop !== null) state.logTop = Math.min(Math.max(0, state.logTop), maxTop);
  const top = state.logTop ?? maxTop;
  return buffer
    .slice(top, top + height)
    .map((line) => {
      const safe = esc(line);
      return state.search && line.includes(state.search) ? safe.split(esc(state.search)).join(paint('inverse', esc(state.search))) : safe;
    })
    .join('\n');
}

/** Shows the "terminal too small" note instead of the panes; true when it is shown. */
function tooSmall(state: DashboardState, last: Map<object, string>): boolean {
  const { width, height } = state.screen as { width: number; height: number };
  const small = width < MIN_COLS || height < MIN_ROWS;
  const { small: note, ...panes } = state.boxes;
  for (const box of Object.values(panes)) {
    if (box === state.boxes.overlay) continue;
    if (small) box.hide();
    else box.show();
  }
  if (small) {
    note.show();
    set(note, `terminal too small: ${width}x${height}, the dashboard needs at least ${MIN_COLS}x${MIN_ROWS}.\nEnlarge the window, or press q to quit (s for plain output).`, last);
  } else note.hide();
  return small;
}

/** Updates the panes; true when anything visible changed. */
export function renderPanes(state: DashboardState): boolean {
  let last = lastContent.get(state);
  if (!last) lastContent.set(state, (last = new Map()));
  const paint = createPaint(state.options.color);
  const nowMs = state.now();
  const wasSmall = !state.boxes.small.hidden;
  if (tooSmall(state, last)) return true;
  const ids = visibleIds(state);
  settleSelection(state, ids);
  settleTail(state);
  const width = (state.screen.width as number) - 2;
  let changed = wasSmall;
  const header = headerLines(state.view, paint, nowMs, state.note);
  changed = set(state.boxes.header, header.join('\n'), last) || changed;
  const treeWidth = Math.floor(width * 0.42);
  changed = set(state.boxes.tree, treeText(state, ids, paint, nowMs, treeWidth), last) || changed;
  const treeLabel = ` stages${state.filter ? ` /${state.filter}` : ''} ${ids.length ? `${ids.indexOf(state.selected ?? '') + 1}/${ids.length}` : ''} `;
  const logLabel = ` log ${state.selected ?? ''}${state.follow ? ' (follow)' : ''}${state.search ? ` /${state.search}` : ''} `;
  if (last.get(state.boxes.tree.border as object) !== treeLabel + logLabel + state.focus) {
    last.set(state.boxes.tree.border as object, treeLabel + logLabel + state.focus);
    state.boxes.tree.setLabel(treeLabel);
    state.boxes.log.setLabel(logLabel);
    const ink = (focused: boolean): string => (state.options.color ? (focused ? 'cyan' : 'gray') : 'default');
    state.boxes.tree.style.border = { fg: ink(state.focus === 'tree'), bold: state.focus === 'tree' };
    state.boxes.log.style.border = { fg: ink(state.focus === 'log'), bold: state.focus === 'log' };
    changed = true;
  }
  changed = set(state.boxes.log, logText(state, paint), last) || changed;
  changed =
    set(
      state.boxes.state,
      stateLines(state.view, state.selected, paint, width - treeWidth)
        .slice(0, STATE_HEIGHT - 2)
        .join('\n'),
      last,
    ) || changed;
  changed = set(state.boxes.footer, footerText(state, paint), last) || changed;
  const overlay = state.mode.kind === 'help';
  if (overlay !== !state.boxes.overlay.hidden) {
    if (overlay) {
      state.boxes.overlay.setContent(helpLines(paint).join('\n'));
      state.boxes.overlay.show();
      state.boxes.overlay.setFront();
    } else state.boxes.overlay.hide();
    changed = true;
  }
  return changed;
}

/** Forgets what was drawn, so the next draw sets every pane (after the screen was left and re-entered). */
export function forgetDrawn(state: DashboardState): void {
  lastContent.delete(state);
}
