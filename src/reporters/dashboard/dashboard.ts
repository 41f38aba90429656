// The blessed dashboard: header, stage tree, selected stage's log, state pane, footer. It is a
// reporter (fed JournalEvents, folded by the model's one run view), so a live run, a run in
// another process (through the journal follower) and a finished run's journal draw the same.
// Redraws are coalesced (at most `maxRedrawsPerSecond`) and skipped when no pane changed.
import { applyRunEvent, emptyRunView, type JournalEvent, type RunView } from '../../model/index.js';
import { DashboardState, type Boxes } from './state.js';
import { deliverEvent } from '../registry.js';
import type { Reporter } from '../types.js';
import { blessed, type Widgets } from './blessed.js';
import { handleKey } from './keys.js';
import { Frames } from './frames.js';

/** What the keys do beyond viewing; the command wires them to the same API as the CLI commands. */
export interface DashboardActions {
  /** `a`/`r`: decide the selected waiting gate, as `flowstate approve|reject RUN STAGE -m COMMENT`. Resolves to a message for the footer. */
  decide?: (stage: string, decision: 'approved' | 'rejected', comment: string) => Promise<string>;
  /** `R`: a new run from the selected stage, as `flowstate run P --from STAGE` / `retry`. */
  rerunFrom?: (stage: string) => Promise<string>;
  /** `c`: cancel the run, as Ctrl-C does. */
  cancel?: () => Promise<string>;
}

export type QuitChoice = 'quit' | 'detach' | 'cancel';

export interface DashboardOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  color: boolean;
  /** The run directory (log files are relative to it); may be set later with setRunDir. */
  runDir?: string | null;
  terminal?: string;
  now?: () => number;
  actions?: DashboardActions;
  /** The run is driven by this process (may change, e.g. after an approval resumed it here): `q` asks whether to detach (the run goes on, plain output) or cancel it. */
  owned?: boolean | (() => boolean);
  /** Plain streamed output, used while `s` has switched the dashboard off and after a detach. */
  plain?: Reporter;
  maxRedrawsPerSecond?: number;
  /** Log pane scrollback in lines (default 10,000). */
  scrollback?: number;
  /** Close on its own this long after the run ends, unless a key was pressed since (as Nx's TUI does). */
  autoExitMs?: number;
}

export interface Dashboard extends Reporter {
  readonly view: RunView;
  /** How many times the screen was drawn (for tests and the bench). */
  readonly renders: number;
  /** The blessed screen (headless tests read `screen.lines`). */
  readonly screen: Widgets.Screen;
  setRunDir(dir: string): void;
  /** Starts over for a new run (a re-run) in `runDir`. */
  reset(runDir: string | null): void;
  /** Shows a message in the header's second line. */
  notify(message: string): void;
  /** Draws now if something changed (tests; otherwise drawing is scheduled). */
  flush(): void;
  /** Resolves when the user quits, with how. */
  readonly quit: Promise<QuitChoice>;
}

/** Creates the panes (positions are set by render on every layout). */
function createBoxes(screen: Widgets.Screen): Boxes {
  const box = (options: Widgets.BoxOptions): Widgets.BoxElement => blessed.box({ parent: screen, tags: true, wrap: false, ...options });
  return {
    header: box({ top: 0, left: 0, width: '100%', height: 2 }),
    tree: box({ top: 2, left: 0, width: '42%', bottom: 1, border: 'line', label: ' stages ' }),
    log: box({ top: 2, left: '42%', right: 0, bottom: 8, border: 'line', label: ' log ' }),
    state: box({ left: '42%', right: 0, bottom: 1, height: 7, border: 'line', label: ' state ' }),
    footer: box({ bottom: 0, left: 0, width: '100%', height: 1 }),
    overlay: box({ top: 'center', left: 'center', width: 72, height: 20, border: 'line', label: ' help ', hidden: true }),
    small: box({ top: 0, left: 0, width: '100%', height: '100%', hidden: true }),
  };
}

/** Opens the dashboard on the given terminal streams. */
export function createDashboard(options: DashboardOptions): Dashboard {
  const screen = blessed.screen({
    // why: @types/blessed declares input as Writable and output as Readable (swapped); blessed reads input and writes output.
    input: options.input as unknown as Widgets.IScreenOptions['input'],
    output: options.output as unknown as Widgets.IScreenOptions['output'],
    terminal: options.terminal,
    fullUnicode: true,
    forceUnicode: true,
    smartCSR: true,
    warnings: false,
    title: 'flowstate',
  });
  const state = new DashboardState(options, screen, createBoxes(screen));
  const frames = new Frames(state, options.maxRedrawsPerSecond);
  const { schedule } = frames;
  let resolveQuit!: (how: QuitChoice) => void;
  const quit = new Promise<QuitChoice>((resolve) => (resolveQuit = resolve));
  const close = (): void => {
    if (state.closed) return;
    state.closed = true;
    frames.stop();
    if (state.autoExit) clearTimeout(state.autoExit);
    screen.destroy();
    resolveQuit('quit');
  };
  let detached = false; // after a detach the run goes on with plain output
  const finish = (how: QuitChoice): void => {
    detached = how === 'detach';
    resolveQuit(how);
    close();
  };

  screen.on('keypress', (ch: string | undefined, key: Widgets.Events.IKeyEventArg | undefined) => {
    if (state.closed) return;
    if (state.autoExit) {
      clearTimeout(state.autoExit);
      state.autoExit = null;
      state.note = 'kept open: q quits';
    }
    handleKey(state, ch, key, { schedule, finish });
  });
  screen.on('resize', () => {
    state.boxes.small.hide(); // re-laid out by the next draw
    schedule();
  });

  const dashboard: Dashboard = {
    get view() {
      return state.view;
    },
    get renders() {
      return frames.renders;
    },
    quit,
    screen,
    onEvent(event: JournalEvent) {
      applyRunEvent(state.view, event);
      if ((state.plainMode || detached) && options.plain) deliverEvent(options.plain, event);
      if (state.closed) return;
      if (event.type === 'run.finished' && options.autoExitMs !== undefined && !state.plainMode) {
        state.note = `run ended ${event.status}: closing in ${Math.round(options.autoExitMs / 1000)}s (press any key to keep it open)`;
        state.autoExit = setTimeout(() => finish('quit'), options.autoExitMs);
      }
      schedule();
    },
    onStageLine(stage, line, stream) {
      if (state.plainMode || detached) options.plain?.onStageLine?.(stage, line, stream);
      else if (stage === state.selected) schedule();
    },
    setRunDir(dir) {
      state.runDir = dir;
      schedule();
    },
    reset(runDir) {
      state.view = emptyRunView();
      state.runDir = runDir;
      state.selected = null;
      state.tail = null;
      state.follow = true;
      state.logTop = null;
      schedule();
    },
    notify(message) {
      state.note = message;
      schedule();
    },
    flush: frames.draw,
    close,
  };
  schedule();
  return dashboard;
}
