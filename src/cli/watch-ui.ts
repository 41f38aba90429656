// `watch --ui`: one dashboard that stays up across re-runs. Each run replaces the view (stages
// skipped by fingerprint show `cached`, re-run ones say why); watch's own messages (what
// changed, reloads, invalid files) go to the header; q stops watching, as Ctrl-C does.
import { decideGate } from '../api/approve.js';
import type { ProjectOptions } from '../api/project.js';
import type { WatchHandle, WatchOptions, WatchSummary } from '../api/watch.js';
import type { WatchEvent } from '../model/index.js';
import { createPalette, watchEventLines } from '../reporters/index.js';
import { closeDashboard, openDashboard } from './dashboard-ui.js';
import type { CliIO } from './io.js';
import { decidedMessage } from './run-ui.js';

/** Starts watching with the dashboard as the display; resolves once watching stopped. */
export async function watchWithDashboard(
  io: CliIO,
  project: ProjectOptions,
  start: (hooks: Pick<WatchOptions, 'onEvent' | 'onStageLine'>) => Promise<WatchHandle>,
  untilStopped: (handle: WatchHandle) => Promise<WatchSummary>,
): Promise<WatchSummary> {
  let runId = '';
  const { dashboard } = openDashboard(io, {
    actions: { decide: async (stage, decision, comment) => decidedMessage(await decideGate({ ...project, run: runId, stage, decision, comment: comment || undefined }), decision) },
  });
  const palette = createPalette(false);
  const onEvent = (event: WatchEvent): void => {
    if (event.type === 'watch.run') {
      runId = event.run_id;
      dashboard.reset(event.run_dir);
    }
    if (event.type === 'watch.event') dashboard.onEvent(event.event);
    else {
      const lines = watchEventLines(event, palette);
      if (lines.length > 0) dashboard.notify(lines.join(' ').replace(/\s+/g, ' ').trim());
    }
  };
  let handle: WatchHandle;
  try {
    handle = await start({ onEvent, onStageLine: (stage, line, stream) => dashboard.onStageLine?.(stage, line, stream) });
  } catch (error) {
    closeDashboard(io, dashboard, 'detach');
    throw error;
  }
  void dashboard.quit.then(() => handle.close());
  const summary = await untilStopped(handle);
  closeDashboard(io, dashboard, 'quit');
  return summary;
}
