// Browser harness: Debian's Chromium driven by playwright-core, against the real app on loopback.
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { after, before } from 'node:test';
import { createTestApp, PASSWORD, type TestApp } from './app';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.resolve(__dirname, '../../tmp/screenshots');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Serves the test app on a free loopback port. */
export async function serve(t: TestApp): Promise<{ url: string; close(): Promise<void> }> {
  const server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Collects what the page reports as broken: script errors, CSP violations, failed requests. */
export function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('requestfailed', (req) => {
    // A navigation cancels what the previous page was still loading; that is not a failure.
    if (req.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`);
  });
  return problems;
}

export interface BrowserApp {
  t: TestApp;
  url: string;
  chromium: Browser;
}

/**
 * Registers hooks that, for this test file, start the app on a fresh database, serve it on
 * loopback and launch Chromium (then stop all three). `setup` adds the file's own data.
 */
export function withBrowserApp(setup?: (t: TestApp) => Promise<void>): BrowserApp {
  const state = {} as BrowserApp;
  let server: { close(): Promise<void> } | undefined;
  before(async () => {
    state.t = await createTestApp();
    const served = await serve(state.t);
    server = served;
    state.url = served.url;
    state.chromium = await launchBrowser();
    await setup?.(state.t);
  });
  after(async () => {
    await state.chromium?.close();
    await server?.close();
    await state.t?.close();
  });
  return state;
}

/**
 * With JavaScript, waits until htmx has wired up `selector` (after a boosted navigation the URL
 * changes before the new page is swapped in and processed); without JavaScript, returns at once.
 */
export async function htmxReady(page: Page, selector: string, javaScriptEnabled: boolean): Promise<void> {
  if (!javaScriptEnabled) return;
  await waitInPage(page, (sel) => {
    const el = (globalThis as unknown as PageGlobals).document.querySelector(sel) as { 'htmx-internal-data'?: { initHash?: unknown } } | null;
    return !!el?.['htmx-internal-data']?.initHash;
  }, selector);
}

/**
 * The page's globals, typed just enough for predicates (the project compiles without the DOM
 * library). A predicate runs in the page: it may use only its argument and these, never anything
 * of the test's own.
 */
export type PageGlobals = { document: { querySelector(selector: string): { textContent: string | null } | null } };

/**
 * Waits until `predicate(arg)` is true in the page. Always a function, never a string: the page's
 * CSP forbids eval, and Playwright evaluates a string predicate again on every poll (which the
 * CSP then refuses), while a function is compiled once, by the debugger protocol.
 */
export async function waitInPage(page: Page, predicate: (arg: string) => boolean, arg: string, timeout?: number): Promise<void> {
  await page.waitForFunction(predicate, arg, timeout === undefined ? undefined : { timeout });
}

/** Logs in through the login form, as a person would, and waits to leave the login page. */
/** Opens the header's menu where it is folded (phones), so that its links and Log out can be clicked. */
export async function openMenu(page: Page): Promise<void> {
  const summary = page.locator('details.menu > summary');
  if ((await summary.count()) === 0 || !(await summary.isVisible())) return;
  if ((await page.locator('details.menu').getAttribute('open')) === null) await summary.click();
}

/** Logs out with the header's button (opening the menu first where it is folded). */
export async function logOut(page: Page): Promise<void> {
  await openMenu(page);
  await page.getByRole('button', { name: 'Log out' }).click();
}

export async function logInThroughForm(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** One person's browser: its own cookies, JavaScript on or off, and what its page reports as broken. */
export interface Session {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

/**
 * Opens a browser for one person (closed with the app's Chromium), logged in through the form when
 * `username` is given.
 */
export async function openSession(
  app: BrowserApp,
  {
    javaScriptEnabled = true,
    username,
    password = PASSWORD,
    width = 1024,
    height = 800,
    bypassCSP = false,
  }: { javaScriptEnabled?: boolean; username?: string | null; password?: string; width?: number; height?: number; bypassCSP?: boolean } = {},
): Promise<Session> {
  const context = await app.chromium.newContext({ javaScriptEnabled, bypassCSP, viewport: { width, height } });
  const page = await context.newPage();
  const problems = watchForProblems(page);
  if (username) await logInThroughForm(page, app.url, username, password);
  return { context, page, problems };
}
