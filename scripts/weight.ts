// `npm run weight`: starts the app as `npm start` does (fresh data folder, demo data), opens every
// page in headless Chromium as the role that sees it, first with an empty cache and then again
// (the repeat visit), adds up the bytes that crossed the network (headers included, as Chromium
// counts them), and fails when a page is over its budget: 30 KB on a first visit, 10 KB on a
// repeat, 110 KB for Insights (chart.js). Writes the figures to bench/results/ too.
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

const BUDGET = { first: 30 * KB, repeat: 10 * KB, insightsFirst: 110 * KB };


/** Bytes over the network while `url` loads (and settles), as Chromium's network layer counts them. */
async function visit(context: BrowserContext, url: string): Promise<{ bytes: number; status: number; requests: number }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
    bytes += e.encodedDataLength;
    requests += 1;
  });
  const response = await page.goto(url, { waitUntil: 'networkidle' });
  await page.close();
  return { bytes, status: response?.status() ?? 0, requests };
}

async function measure(browser: Browser, javaScriptEnabled: boolean) {
  const rows = [];
  const cookies = new Map<string, { name: string; value: string }[]>();
  for (const { path: pagePath, login } of PAGES) {
    if (login && !cookies.has(login)) {
      const { csrf, session } = await logInOverHttp(base, login, DEMO_PASSWORD);
      cookies.set(login, [
        { name: 'csrf', value: csrf },
        { name: 'session', value: session },
      ]);
    }
    const context = await browser.newContext({ javaScriptEnabled });
    if (login) await context.addCookies(cookies.get(login)!.map((c) => ({ ...c, url: base })));
    const first = await visit(context, `${base}${pagePath}`);
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
      firstBudget,
      repeatBudget: BUDGET.repeat,
      ok: first.status === 200 && first.bytes <= firstBudget && repeat.bytes <= BUDGET.repeat,
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
    console.log(`\n${'page'.padEnd(46)} ${'as'.padEnd(12)} JS   first KB  repeat KB`);
    for (const r of rows) {
      const mark = r.ok ? '' : `  OVER BUDGET (${r.firstBudget / KB} / ${r.repeatBudget / KB} KB) or status ${r.status}`;
      console.log(`${r.page.padEnd(46)} ${r.as.padEnd(12)} ${r.javaScript ? 'on ' : 'off'}  ${kb(r.firstBytes)}     ${kb(r.repeatBytes)}${mark}`);
    }
    const worst = (key: 'firstBytes' | 'repeatBytes', insights: boolean) =>
      Math.max(...rows.filter((r) => r.page.startsWith('/admin/insights') === insights).map((r) => r[key]));
    console.log(
      `\nlargest first visit ${kb(worst('firstBytes', false))} KB (budget 30), repeat ${kb(Math.max(worst('repeatBytes', false), worst('repeatBytes', true)))} KB (budget 10), insights first ${kb(worst('firstBytes', true))} KB (budget 110)`,
    );
    const dir = path.join(root, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `weight-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), budget: BUDGET, rows }, null, 2) + '\n');
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
