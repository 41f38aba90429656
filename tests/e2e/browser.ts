// Headless Chromium (the system binary, driven by playwright-core) for the chart page tests:
// a fresh profile, no network services, and a record of console errors and requests.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.FLOWSTATE_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) console.warn(`${CHROMIUM} not found (apt-get install -y chromium): skipping the browser tests`);

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A page and what it did: console errors, uncaught exceptions, every request it made. */
export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  errors: string[];
  requests: string[];
}

/** Starts Chromium with a fresh user-data-dir and opens a blank page that records errors and requests. */
export async function openBrowser(): Promise<WatchedPage> {
  const profile = mkdtempSync(join(tmpdir(), 'flowstate-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1400, height: 900 } });
  const page = context.pages()[0] ?? (await context.newPage());
  const watched: WatchedPage = { context, page, errors: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watched.errors.push(message.text());
  });
  page.on('pageerror', (error) => watched.errors.push(error.message));
  page.on('request', (request) => watched.requests.push(request.url()));
  return watched;
}

/** Where screenshots go (a temp dir, printed so a person can look at them). */
export function screenshotDir(): string {
  const dir = process.env.FLOWSTATE_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'flowstate-screens-'));
  console.log(`screenshots: ${dir}`);
  return dir;
}
