// The HTML chart in real headless Chromium: opens with no console errors and no requests,
// clicking a state shows its details, moving the slider redraws the run as it was then.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, openBrowser, screenshotDir, type WatchedPage } from './browser.js';
import { runCli } from './helpers.js';
import { debugProjectWithRun, SECRET } from './viz-fixture.js';

let browser: WatchedPage;
let url: string;
let shots: string;

describe.skipIf(!HAS_CHROMIUM)('viz --format html in Chromium', () => {
  beforeAll(async () => {
    const { dir } = debugProjectWithRun();
    expect(runCli(dir, ['viz', 'debug', '--format', 'html', '--last', '-o', 'run.html']).code).toBe(0);
    url = pathToFileURL(join(dir, 'run.html')).href;
    shots = screenshotDir();
    browser = await openBrowser();
    await browser.page.goto(url);
  });
  afterAll(async () => {
    await browser?.context.close();
  });

  const status = (id: string) => browser.page.locator(`[id="state:${id}"]`).getAttribute('data-status');

  it('opens with no console errors and no network requests, showing the finished run', async () => {
    await browser.page.screenshot({ path: join(shots, 'html-finished.png') });
    expect(browser.errors).toEqual([]);
    expect(browser.requests).toEqual([url]);
    expect(await status('broken')).toBe('failed');
    expect(await browser.page.locator('#run-status').textContent()).toMatch(/^failed/);
  });

  it('shows a state’s attempts, exit codes, masked outputs and failure tail when clicked', async () => {
    await browser.page.locator('[id="state:broken"]').click();
    const details = browser.page.locator('#details');
    await expect.poll(() => details.locator('h2').textContent()).toBe('broken');
    const text = (await details.textContent()) ?? '';
    expect(text).toContain('failure tail');
    expect(text).toContain('boom ***');
    expect(await details.locator('table.attempts tr').nth(1).textContent()).toMatch(/^1failed3/);
    await browser.page.locator('[id="state:setup"]').click();
    await expect.poll(() => details.textContent()).toContain('token***');
    await browser.page.locator('[id="state:flaky"]').click();
    expect(await details.locator('table.attempts tr').count()).toBe(3); // header + 2 attempts
    await browser.page.screenshot({ path: join(shots, 'html-details.png') });
    expect(await browser.page.content()).not.toContain(SECRET);
  });

  it('redraws the overlay as it was at each event when the slider moves', async () => {
    const slider = browser.page.locator('#slider');
    await slider.fill('0');
    expect(await status('setup')).toBe('pending');
    expect(await status('failed')).toBe('pending');
    expect(await browser.page.locator('g.edge.taken').count()).toBe(0);
    expect(await browser.page.locator('[id="state:setup"] > text').last().textContent()).toBe('\u00a0');
    await slider.fill('2'); // run.started, stage.started setup
    expect(await status('setup')).toBe('running');
    expect(await browser.page.locator('[id="state:setup"]').getAttribute('class')).toContain('current');
    await browser.page.screenshot({ path: join(shots, 'html-event-2.png') });
    await browser.page.keyboard.press('ArrowRight');
    expect(await status('setup')).toBe('succeeded');
    expect(await browser.page.locator('#position').textContent()).toMatch(/^event 3 \/ \d+: stage\.finished setup/);
    const max = Number(await slider.getAttribute('max'));
    await slider.fill(String(max));
    expect(await status('failed')).toBe('failed');
    expect(await browser.page.locator('g.edge.taken').count()).toBe(5);
    expect(browser.errors).toEqual([]);
  });
});
