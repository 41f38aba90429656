import fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { ManifestWriter, readManifest, runPaths } from '../../src/store/index.js';
import { expectValidManifest, sampleManifest, tempDir } from './helpers.js';

const RUN = '20261121-103000-k3f9';

function setup(intervalMs: number): { writer: ManifestWriter; paths: ReturnType<typeof runPaths> } {
  const paths = runPaths(tempDir(), 'demo', RUN);
  const writer = new ManifestWriter(paths, sampleManifest(RUN, ['a', 'b']), { intervalMs });
  return { writer, paths };
}

describe('ManifestWriter', () => {
  it('writes the initial manifest and creates logs/ and outputs/', () => {
    const { writer, paths } = setup(60_000);
    expect(writer.writeCount).toBe(1);
    expectValidManifest(readManifest(paths));
    expect(fs.statSync(paths.logs).isDirectory()).toBe(true);
    expect(fs.statSync(paths.outputs).isDirectory()).toBe(true);
    writer.close();
  });

  it('coalesces updates that do not change the run status', () => {
    const { writer, paths } = setup(60_000);
    for (let i = 1; i <= 1000; i++) writer.update((m) => (m.stages.a.attempts = i));
    expect(writer.writeCount).toBe(1);
    expect(readManifest(paths).stages.a.attempts).toBe(0);
    writer.flush();
    expect(writer.writeCount).toBe(2);
    expect(readManifest(paths).stages.a.attempts).toBe(1000);
    writer.flush();
    expect(writer.writeCount).toBe(2); // nothing new
    writer.close();
  });

  it('writes at once when the run status changes', () => {
    const { writer, paths } = setup(60_000);
    writer.update((m) => (m.stages.a.status = 'running'));
    writer.update((m) => {
      m.status = 'failed';
      m.finished_at = new Date().toISOString();
    });
    expect(writer.writeCount).toBe(2);
    const onDisk = readManifest(paths);
    expect(onDisk.status).toBe('failed');
    expect(onDisk.stages.a.status).toBe('running');
    expectValidManifest(onDisk);
    writer.close();
  });

  it('writes pending changes after intervalMs without a flush', async () => {
    const { writer, paths } = setup(20);
    writer.update((m) => (m.stages.b.status = 'skipped'));
    writer.update((m) => (m.stages.b.reason = 'if_false'));
    await vi.waitFor(() => expect(readManifest(paths).stages.b.reason).toBe('if_false'), { timeout: 5000, interval: 10 });
    expect(readManifest(paths).stages.b.status).toBe('skipped');
    writer.close();
  });

  it('exposes the in-memory manifest', () => {
    const { writer } = setup(60_000);
    writer.update((m) => (m.usage.input_tokens = 42));
    expect(writer.manifest.usage.input_tokens).toBe(42);
    writer.close();
  });
});
