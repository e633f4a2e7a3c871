// `npm run weight`: starts the app as `npm start` does (fresh data folder, demo data), opens every
// page in headless Chromium as the role that sees it, first with an empty cache and then again
// (the repeat visit), adds up the bytes that crossed the network (headers included, as Chromium
// counts them), and fails when a page is over its budget: 30 KB on a first visit, 10 KB on a
// repeat, 110 KB for Insights (chart.js). The first visit is made over a slow phone connection
// (400 ms round trip, 50 kB/s) and its first contentful paint must come within 0.7 s; an open chat
// left alone for a minute must cost at most 10 KB an hour. Writes the figures to bench/results/ too.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { DEMO_PASSWORD } from '../seeds/01_demo';
import { launchBrowser } from '../tests/support/browser';
import { PAGES } from '../tests/support/pages';
import { logInOverHttp, waitForApp } from './http';

const root = path.resolve(__dirname, '..');
const port = 4000 + Math.floor(Math.random() * 900);
const base = `http://127.0.0.1:${port}`;
const KB = 1024;

/** `npm run weight -- /influencer/profile /@`: only the pages whose path holds one of these. */
const ONLY = process.argv.slice(2);

const BUDGET = { first: 30 * KB, repeat: 10 * KB, insightsFirst: 110 * KB, firstPaintMs: 700, idleChatPerHour: 10 * KB };


/** A slow phone connection, as the spec measures first paint: 400 ms round trip, 50 kB/s. */
const SLOW = { offline: false, latency: 400, downloadThroughput: 50 * 1024, uploadThroughput: 50 * 1024 };

/**
 * Bytes over the network while `url` loads (and settles), as Chromium's network layer counts them;
 * with `slow`, under the slow connection, and the first contentful paint from the page's request.
 */
async function visit(context: BrowserContext, url: string, { slow = false } = {}): Promise<{ bytes: number; status: number; requests: number; fcpMs: number | null }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Page.enable');
  await cdp.send('Page.setLifecycleEventsEnabled', { enabled: true });
  if (slow) await cdp.send('Network.emulateNetworkConditions', SLOW);
  let bytes = 0;
  let requests = 0;
  let asked = 0;
  let painted = 0;
  // A request still open when the page settles (the live stream) counts what it got so far.
  const open = new Map<string, number>();
  cdp.on('Network.responseReceived', (e: { requestId: string; response: { encodedDataLength: number } }) => open.set(e.requestId, e.response.encodedDataLength));
  cdp.on('Network.dataReceived', (e: { requestId: string; encodedDataLength: number }) => open.set(e.requestId, (open.get(e.requestId) ?? 0) + e.encodedDataLength));
  cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
    open.delete(e.requestId);
    bytes += e.encodedDataLength;
    requests += 1;
  });
  cdp.on('Network.requestWillBeSent', (e: { type?: string; timestamp: number }) => {
    if (e.type === 'Document' && !asked) asked = e.timestamp;
  });
  cdp.on('Page.lifecycleEvent', (e: { name: string; timestamp: number }) => {
    if (e.name === 'firstContentfulPaint' && !painted) painted = e.timestamp;
  });
  const response = await page.goto(url, { waitUntil: 'networkidle' });
  for (const partial of open.values()) bytes += partial;
  await page.close();
  return { bytes, status: response?.status() ?? 0, requests, fcpMs: painted && asked ? Math.round((painted - asked) * 1000) : null };
}

/** Bytes an open chat receives over `seconds` of doing nothing (the live stream's heartbeats). */
async function idleChat(browser: Browser, login: string, chatPath: string, seconds: number): Promise<number> {
  const { csrf, session } = await logInOverHttp(base, login, DEMO_PASSWORD);
  const context = await browser.newContext();
  await context.addCookies([
    { name: 'csrf', value: csrf, url: base },
    { name: 'session', value: session, url: base },
  ]);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await page.goto(`${base}${chatPath}`, { waitUntil: 'networkidle' });
  let bytes = 0;
  cdp.on('Network.dataReceived', (e: { encodedDataLength: number }) => (bytes += e.encodedDataLength));
  cdp.on('Network.responseReceived', () => (bytes += 300));
  await page.waitForTimeout(seconds * 1000);
  await context.close();
  return bytes;
}

async function measure(browser: Browser, javaScriptEnabled: boolean) {
  const rows = [];
  const cookies = new Map<string, { name: string; value: string }[]>();
  for (const { path: pagePath, login } of PAGES.filter((p) => ONLY.length === 0 || ONLY.some((part) => p.path.includes(part)))) {
    if (login && !cookies.has(login)) {
      const { csrf, session } = await logInOverHttp(base, login, DEMO_PASSWORD);
      cookies.set(login, [
        { name: 'csrf', value: csrf },
        { name: 'session', value: session },
      ]);
    }
    const context = await browser.newContext({ javaScriptEnabled });
    if (login) await context.addCookies(cookies.get(login)!.map((c) => ({ ...c, url: base })));
    const first = await visit(context, `${base}${pagePath}`, { slow: true });
    const repeat = await visit(context, `${base}${pagePath}`);
    await context.close();
    const firstBudget = pagePath.startsWith('/admin/insights') ? BUDGET.insightsFirst : BUDGET.first;
    rows.push({
      page: pagePath,
      as: login ?? '(signed out)',
      javaScript: javaScriptEnabled,
      status: first.status,
      firstBytes: first.bytes,
      repeatBytes: repeat.bytes,
      firstPaintMs: first.fcpMs,
      firstBudget,
      repeatBudget: BUDGET.repeat,
      ok: first.status === 200 && first.bytes <= firstBudget && repeat.bytes <= BUDGET.repeat && first.fcpMs !== null && first.fcpMs <= BUDGET.firstPaintMs,
    });
  }
  return rows;
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'influence-weight-'));
  const app = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '', DEMO_DATA: 'true', LOG_LEVEL: 'warn', QUEUE_PREFIX: `weight-${process.pid}` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const browser = await launchBrowser();
  let failed = false;
  try {
    await waitForApp(base);
    const rows = [...(await measure(browser, true)), ...(await measure(browser, false))];
    const kb = (n: number) => (n / KB).toFixed(1).padStart(6);
    console.log(`\n${'page'.padEnd(46)} ${'as'.padEnd(12)} JS   first KB  repeat KB  first paint ms (400 ms RTT, 50 kB/s)`);
    for (const r of rows) {
      const mark = r.ok ? '' : `  OVER BUDGET (${r.firstBudget / KB} / ${r.repeatBudget / KB} KB, ${BUDGET.firstPaintMs} ms) or status ${r.status}`;
      console.log(`${r.page.padEnd(46)} ${r.as.padEnd(12)} ${r.javaScript ? 'on ' : 'off'}  ${kb(r.firstBytes)}     ${kb(r.repeatBytes)}  ${String(r.firstPaintMs ?? '—').padStart(6)}${mark}`);
    }
    // An open chat left alone: what its live stream costs in an hour.
    const idleSeconds = 60;
    const idle = await idleChat(browser, 'acme', '/inbox/5', idleSeconds);
    const idlePerHour = (idle * 3600) / idleSeconds;
    console.log(`\nan idle open chat: ${idle} bytes in ${idleSeconds} s, ${kb(idlePerHour)} KB an hour (budget ${BUDGET.idleChatPerHour / KB})`);
    if (idlePerHour > BUDGET.idleChatPerHour) failed = true;
    const worst = (key: 'firstBytes' | 'repeatBytes', insights: boolean) =>
      Math.max(...rows.filter((r) => r.page.startsWith('/admin/insights') === insights).map((r) => r[key]));
    console.log(
      `\nlargest first visit ${kb(worst('firstBytes', false))} KB (budget 30), repeat ${kb(Math.max(worst('repeatBytes', false), worst('repeatBytes', true)))} KB (budget 10), insights first ${kb(worst('firstBytes', true))} KB (budget 110)`,
    );
    const paints = rows.map((r) => r.firstPaintMs ?? Infinity);
    console.log(`first contentful paint on a first visit: ${Math.min(...paints)}–${Math.max(...paints)} ms (budget ${BUDGET.firstPaintMs})`);
    const dir = path.join(root, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `weight-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), budget: BUDGET, rows, idleChat: { seconds: idleSeconds, bytes: idle, perHourBytes: Math.round(idlePerHour) } }, null, 2) + '\n');
    console.log(`written to ${path.relative(root, file)}`);
    const over = rows.filter((r) => !r.ok);
    if (over.length) {
      console.log(`${over.length} page(s) over budget or not 200`);
      failed = true;
    } else {
      console.log(`all ${rows.length} page loads within budget`);
    }
  } finally {
    await browser.close();
    app.kill('SIGTERM');
    await new Promise((r) => app.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
