// The manifest as a projection of the run view (model's one fold of the journal). The journal
// is the durable per-stage record; the manifest is a materialised view of it, plus the XState
// snapshot, which events do not carry (it is kept from `base`, or taken by the writer).
import { applyRunEvent, emptyRunView, projectRunFields, projectRunView, stageRecordOf, type JournalEvent, type RunManifest, type RunView } from '../model/index.js';

/** Folds events into a run view and keeps a manifest projected from it, one event at a time (the live run's manifest). */
export class ManifestReplay {
  /** The run view the manifest is projected from (every event of the run folded in). */
  readonly view: RunView;
  private readonly manifest: RunManifest;

  /** `view` must hold every event of the run before the ones applied here (a resumed run's journal). */
  constructor(manifest: RunManifest, view: RunView = emptyRunView()) {
    this.manifest = manifest;
    this.view = view;
    if (view.last_seq > 0) projectRunView(view, manifest);
  }

  /** Applies one event to the view, then projects what it changed (its stage, the run fields) into the manifest. */
  apply(event: JournalEvent): void {
    applyRunEvent(this.view, event);
    if (event.type === 'run.started' || event.type === 'run.resumed') projectRunView(this.view, this.manifest);
    else if ('stage' in event) {
      const stage = this.view.stages[event.stage];
      if (stage) this.manifest.stages[event.stage] = stageRecordOf(stage);
    }
    projectRunFields(this.view, this.manifest);
  }
}

/**
 * The manifest of a journal (or of its prefix): a copy of `base` (identity, stage order, XState
 * snapshot) with the run view of `events` projected onto it. Usage is summed from the events,
 * so pass a base whose usage counts none of them (e.g. a new manifest).
 */
export function rebuildManifestFromJournal(events: readonly JournalEvent[], base: RunManifest, seed: RunView = emptyRunView()): RunManifest {
  const manifest = structuredClone(base);
  const view = structuredClone(seed);
  for (const event of events) applyRunEvent(view, event);
  projectRunView(view, manifest);
  return manifest;
}
