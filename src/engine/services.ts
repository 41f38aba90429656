// The lifecycle owner of a run's services (`service: true` stages). A service is started by its
// stage's attempt but outlives the stage: the pool holds its handle, stops it when its `until`
// stage has finished or when the run ends (success, failure, cancellation, pause), and turns an
// early death into a failure of the stages that depend on it (every stage started while it
// should be up). See docs/services.md.
import type { CommandStage, ReadyProbe, ServiceSpec } from '../model/index.js';
import { startService, type AttemptContext, type AttemptOutcome, type RenderedCommand, type ServiceHandle } from '../runtimes/index.js';
import type { EngineRun } from './types.js';

interface LiveService {
  stage: string;
  until?: string;
  handle: ServiceHandle;
  /** Set when the pool itself stops it (until, run end): its exit is then expected. */
  stopping: boolean;
}

/** The services of one run. */
export class ServicePool {
  private readonly live = new Map<string, LiveService>();
  /** Services that died early, by stage id, while their window (until their `until` stage finishes) is open. */
  private readonly dead = new Map<string, { reason: string; until?: string }>();
  /** Aborted while a death is in force, so running dependents stop. */
  private deaths = new AbortController();
  private used = false;

  /** Why dependent stages fail (the first service that died early and whose window is open), or null. */
  get failure(): string | null {
    for (const death of this.dead.values()) return death.reason;
    return null;
  }

  /** Starts a service stage's process and waits until it is ready; a ready service is kept. */
  async start(stage: CommandStage, command: RenderedCommand, ctx: AttemptContext, probe: ReadyProbe | undefined): Promise<AttemptOutcome> {
    if (!stage.service) throw new Error(`internal: stage ${stage.id} is not a service`);
    const spec: ServiceSpec = { ...stage.service };
    if (probe) spec.ready = probe;
    await this.stopService(stage.id); // a retry or a new visit replaces the old process
    const { outcome, handle } = await startService(command, spec, ctx);
    if (!handle) return outcome;
    this.used = true;
    const service: LiveService = { stage: stage.id, handle, stopping: false, ...(spec.until ? { until: spec.until } : {}) };
    this.live.set(stage.id, service);
    void handle.exited.then((result) => {
      if (service.stopping || this.live.get(stage.id) !== service) return;
      this.live.delete(stage.id);
      const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
      const reason = `service \`${stage.id}\` ${how} while the stages after it depended on it (see its log)`;
      this.dead.set(stage.id, { reason, ...(spec.until ? { until: spec.until } : {}) });
      this.deaths.abort();
    });
    return outcome;
  }

  /** Runs one attempt of a dependent stage: failed before it starts when a service has died, and failed (not cancelled) when one dies meanwhile. */
  async guard(signal: AbortSignal, attempt: (signal: AbortSignal) => Promise<AttemptOutcome>): Promise<AttemptOutcome> {
    const before = this.failure;
    if (before !== null) return failedBecause(before);
    if (!this.used) return attempt(signal);
    const outcome = await attempt(AbortSignal.any([signal, this.deaths.signal]));
    const after = this.failure;
    if (outcome.status === 'cancelled' && !signal.aborted && after !== null) return { ...outcome, status: 'failed', reason: after };
    return outcome;
  }

  /** Stops the services whose `until` is this stage (awaited: the next stage sees them gone). */
  async stageFinished(stageId: string): Promise<void> {
    const ending = [...this.live.values()].filter((service) => service.until === stageId);
    await Promise.all(ending.map((service) => this.stopService(service.stage)));
    for (const [id, death] of this.dead) if (death.until === stageId) this.dead.delete(id);
    if (this.dead.size === 0 && this.deaths.signal.aborted) this.deaths = new AbortController();
  }

  /** Stops every service; settles when all their process groups are gone. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.live.keys()].map((id) => this.stopService(id)));
  }

  /** Whether a service is running (for resume: which ones to restart). */
  isRunning(stageId: string): boolean {
    return this.live.has(stageId);
  }

  private async stopService(stageId: string): Promise<void> {
    const service = this.live.get(stageId);
    if (!service) return;
    service.stopping = true;
    this.live.delete(stageId);
    await service.handle.stop();
  }
}

const pools = new WeakMap<EngineRun, ServicePool>();

/** The run's pool (created on first use). */
export function servicePool(run: EngineRun): ServicePool {
  let pool = pools.get(run);
  if (!pool) pools.set(run, (pool = new ServicePool()));
  return pool;
}

/** Stops every service of the run, if it has any. */
export async function stopRunServices(run: EngineRun): Promise<void> {
  await pools.get(run)?.stopAll();
}

/** After a stage's visit: stops the services that run `until` it. */
export async function afterStageVisit(run: EngineRun, stageId: string): Promise<void> {
  await pools.get(run)?.stageFinished(stageId);
}

/** An outcome for an attempt that does not start because a service it depends on is gone. */
function failedBecause(reason: string): AttemptOutcome {
  return { status: 'failed', exitCode: null, signal: null, durationMs: 0, pid: null, outputs: {}, reason, tail: [] };
}
