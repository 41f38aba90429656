// viz --serve in real Chromium: the page follows a run owned by another process and updates
// within 1 s of a stage finishing there, moves on to the next run, and the server only answers
// loopback requests and stops on Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, openBrowser, screenshotDir, type WatchedPage } from './browser.js';
import { CLI, makeProject, readEvents } from './helpers.js';

const PIPELINE = `version: 1
name: live
stages:
  first:
    run: echo first
  wait:
    run: "while [ ! -f go ]; do sleep 0.05; done; echo went"
  last:
    run: echo last
`;

/** The few DOM shapes the page-side callbacks use (tests are type-checked without the DOM library). */
interface PageNode {
  getAttribute(name: string): string | null;
  textContent: string | null;
}
interface PageGlobals {
  document: { getElementById(id: string): PageNode | null };
  MutationObserver: new (callback: () => void) => { observe(node: PageNode, options: { attributes: boolean }): void };
  seenAt?: number;
}

const children: ChildProcess[] = [];
let browser: WatchedPage | undefined;

/** Starts the CLI as a child process (killed after the tests if still alive). */
function start(cwd: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FLOWSTATE_RUNS_DIR: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

/** Resolves with the exit code. */
function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Reads the server's stdout until it prints its URL. */
function servedUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /serving (http:\/\/\S+) /.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`viz --serve exited ${code}: ${out}`)));
  });
}

/** The status of a GET with this Host header (fetch cannot set Host). */
function statusFor(url: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { Host: host } }, (response) => {
      response.resume();
      resolve(response.statusCode);
    }).on('error', reject);
  });
}

afterAll(async () => {
  await browser?.context.close();
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

describe.skipIf(!HAS_CHROMIUM)('viz --serve', () => {
  it('updates the page within 1 s of a stage finishing in another process, then follows the next run', async () => {
    const dir = makeProject({ 'pipelines/live.yaml': PIPELINE });
    const server = start(dir, ['viz', 'live', '--serve', '--port', '0']);
    const url = await servedUrl(server);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    browser = await openBrowser();
    const { page } = browser;
    await page.goto(url);
    expect(await page.locator('#run-id').textContent()).toBe('no run yet');

    const run = start(dir, ['run', 'live']);
    // Functions, not strings: the page's Content-Security-Policy forbids evaluating strings.
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.getElementById('state:wait')?.getAttribute('data-status') === 'running', undefined, {
      timeout: 30_000,
    });
    // Record in the page when it shows the stage finished, by the same clock the journal uses.
    await page.evaluate(() => {
      const page = globalThis as unknown as PageGlobals;
      const node = page.document.getElementById('state:wait') as PageNode;
      new page.MutationObserver(() => {
        if (node.getAttribute('data-status') === 'succeeded' && page.seenAt === undefined) page.seenAt = Date.now();
      }).observe(node, { attributes: true });
    });
    writeFileSync(join(dir, 'go'), '');
    expect(await exited(run)).toBe(0);
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).seenAt !== undefined, undefined, { timeout: 30_000 });
    const seenAt = (await page.evaluate(() => (globalThis as unknown as PageGlobals).seenAt)) as number;
    const runDir = join(dir, '.runs', 'live', (await page.locator('#run-id').textContent()) ?? '');
    const finished = readEvents(runDir).find((e) => e.type === 'stage.finished' && e.stage === 'wait');
    const lagMs = seenAt - Date.parse(finished!.ts);
    console.log(`page updated ${lagMs} ms after stage.finished was journalled`);
    expect(lagMs).toBeLessThan(1000);
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.getElementById('run-status')?.textContent === 'succeeded', undefined, { timeout: 30_000 });
    await page.screenshot({ path: join(screenshotDir(), 'serve-finished.png') });

    const firstRun = await page.locator('#run-id').textContent();
    expect(await exited(start(dir, ['run', 'live']))).toBe(0);
    await page.waitForFunction(
      (previous) => {
        const { document } = globalThis as unknown as PageGlobals;
        return document.getElementById('run-id')?.textContent !== previous && document.getElementById('run-status')?.textContent === 'succeeded';
      },
      firstRun,
      { timeout: 30_000 },
    );
    expect(browser.errors).toEqual([]);
    expect(new Set(browser.requests)).toEqual(new Set([url, `${url}events`]));

    expect(await statusFor(url, 'attacker.example')).toBe(403); // a DNS-rebound page cannot read it
    expect(await statusFor(url, 'localhost')).toBe(200);
    expect((await fetch(`${url}nope`)).status).toBe(404);
    server.kill('SIGINT');
    expect(await exited(server)).toBe(0);
  });
});
