// The dashboard's live state, shared by rendering and key handling, and where logs are.
import { join } from 'node:path';
import { emptyRunView, type RunView } from '../../model/index.js';
import type { Widgets } from './blessed.js';
import type { DashboardOptions } from './dashboard.js';
import type { FileTail } from './file-tail.js';
import type { Mode } from './keys.js';

/** The smallest terminal the dashboard lays out in. */
export const MIN_COLS = 80;
export const MIN_ROWS = 24;

/** Live state of the dashboard, shared by rendering and key handling. */
export class DashboardState {
  view: RunView = emptyRunView();
  selected: string | null = null;
  /** Selection and log follow the run (f toggles). */
  follow = true;
  focus: 'tree' | 'log' = 'tree';
  treeTop = 0;
  filter = '';
  search = '';
  /** Log line of the current search match. */
  matchAt: number | null = null;
  /** First log line shown; null means pinned to the end. */
  logTop: number | null = null;
  tail: FileTail | null = null;
  mode: Mode = { kind: 'normal' };
  /** A message in the header's second line (action results). */
  note = '';
  plainMode = false;
  closed = false;
  /** Set while the dashboard is about to close on its own (autoExitMs). */
  autoExit: NodeJS.Timeout | null = null;
  runDir: string | null;

  constructor(
    readonly options: DashboardOptions,
    readonly screen: Widgets.Screen,
    readonly boxes: Boxes,
  ) {
    this.runDir = options.runDir ?? null;
  }

  /** True when this process drives the run. */
  owned(): boolean {
    const owned = this.options.owned;
    return typeof owned === 'function' ? owned() : owned === true;
  }

  now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }
}

export interface Boxes {
  header: Widgets.BoxElement;
  tree: Widgets.BoxElement;
  log: Widgets.BoxElement;
  state: Widgets.BoxElement;
  footer: Widgets.BoxElement;
  overlay: Widgets.BoxElement;
  small: Widgets.BoxElement;
}

/** The log file of a stage's latest attempt, relative to the run dir (ids are checked: no path parts). */
export function stageLogPath(runDir: string, stage: { id: string; log: string | null; attempts: number }): string | null {
  if (stage.log) return join(runDir, stage.log);
  if (stage.attempts === 0 || !/^[A-Za-z0-9_-][A-Za-z0-9_.\-[\]=,]*$/.test(stage.id) || stage.id.includes('..')) return null;
  return join(runDir, 'logs', `${stage.id}.${stage.attempts}.log`);
}
