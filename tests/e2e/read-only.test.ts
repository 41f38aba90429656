// Read-only commands never write: status, runs, logs and viz --run on a run paused at a gate
// whose timeout has expired take no lock and append nothing; they show the gate as expired.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { makeProject, pipelineYaml, readEvents, runCli } from './helpers.js';

/** Every file and directory under `dir` with the sha256 of each file's bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      const key = relative(dir, path);
      if (statSync(path).isDirectory()) {
        out[`${key}/`] = 'dir';
        walk(path);
      } else out[key] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe('read-only commands', () => {
  it('status, runs, logs and viz --run leave a paused run with an expired gate byte-identical', async () => {
    const stages = '  build:\n    run: echo built\n  ship:\n    approval: { message: "Ship it?", timeout: 200ms, on_timeout: reject }\n    run: echo shipped\n';
    const dir = makeProject({ 'g.yaml': pipelineYaml('g', stages) });
    const run = JSON.parse(runCli(dir, ['run', 'g.yaml', '--json']).stdout) as { run_id: string; run_dir: string; status: string };
    expect(run.status).toBe('awaiting_approval');
    await delay(400); // the gate's timeout expires while no process owns the run
    const before = snapshot(run.run_dir);
    expect(before.lock).toBeUndefined();

    const status = runCli(dir, ['status', run.run_id]);
    expect(status.code).toBe(4);
    expect(status.stdout).toMatch(/waiting\s+ship: Ship it\? .*, expired \S+ \(on_timeout: reject; applied by the next resume, approve or reject\)/);
    const json = JSON.parse(runCli(dir, ['status', '--json']).stdout) as { waiting_gates: { stage: string; expired: boolean; timeout_at: string }[] };
    expect(json.waiting_gates).toMatchObject([{ stage: 'ship', expired: true }]);
    expect(runCli(dir, ['runs']).stdout).toContain(run.run_id);
    expect(runCli(dir, ['logs', run.run_id]).stdout).toContain('built');
    const viz = runCli(dir, ['viz', 'g.yaml', '--run', run.run_id, '--format', 'json']);
    expect(viz.code).toBe(0);
    expect(JSON.parse(viz.stdout).nodes).toContainEqual(expect.objectContaining({ key: 'ship', status: 'awaiting_approval', expired: true, current: true }));
    expect(runCli(dir, ['viz', 'g.yaml', '--run', 'last']).stdout).toContain('awaiting_approval (expired)');

    expect(snapshot(run.run_dir)).toEqual(before);
    expect(readEvents(run.run_dir).some((e) => e.type === 'gate.decided')).toBe(false);
    // The expired timeout is applied by resume (here: rejected, so the run fails).
    expect(runCli(dir, ['resume', run.run_id]).code).toBe(1);
    expect(readEvents(run.run_dir).find((e) => e.type === 'gate.decided')).toMatchObject({ decision: 'rejected', by: 'timeout' });
  });
});
