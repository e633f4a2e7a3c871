// `npm run screenshots`: starts the app the way `npm start` does (fresh data folder, demo data),
// logs in as each demo account in headless Chromium and saves each role's main pages as PNGs under
// docs/screenshots/, which the README shows: the whole page on a desktop (1024 px, `<name>.png`)
// and the first screen on a phone (360 × 640, `<name>-phone.png`). Run it after changing a page so
// the README stays true.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../seeds/01_demo';
import { launchBrowser, logInThroughForm } from '../tests/support/browser';
import { waitForApp } from './http';

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'docs/screenshots');
const port = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${port}`;

const shots: { name: string; login?: string; path: string }[] = [
  { name: 'home', path: '/' },
  { name: 'admin', login: 'admin', path: '/admin' },
  { name: 'sponsor', login: 'acme', path: '/sponsor' },
  { name: 'sponsor-pending', login: 'newbrand', path: '/sponsor' },
  { name: 'influencer', login: 'lena.trails', path: '/influencer' },
  { name: 'user', login: 'jordan', path: '/user' },
  { name: 'sponsor-search', login: 'acme', path: '/sponsor/influencers?niche=hiking' },
  { name: 'chat', login: 'brightbank', path: '/inbox/9' },
  { name: 'influencer-campaigns', login: 'lena.trails', path: '/influencer/campaigns?sort=budget' },
  { name: 'insights', login: 'admin', path: '/admin/insights' },
  { name: 'collaboration', login: 'brightbank', path: '/collaborations/6' },
  { name: 'inbox', login: 'acme', path: '/inbox' },
  { name: 'audit', login: 'admin', path: '/admin/audit' },
  { name: 'creator-public', path: '/@lena.trails' },
  { name: 'creator-profile', login: 'lena.trails', path: '/influencer/profile' },
];

const SIZES = [
  { suffix: '', viewport: { width: 1024, height: 720 }, fullPage: true },
  { suffix: '-phone', viewport: { width: 360, height: 640 }, fullPage: false },
];

async function logIn(page: Page, username: string): Promise<void> {
  await logInThroughForm(page, base, username, DEMO_PASSWORD);
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'influence-shots-'));
  const app = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '', DEMO_DATA: 'true', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const browser = await launchBrowser();
  try {
    await waitForApp(base, 20);
    mkdirSync(outDir, { recursive: true });
    for (const size of SIZES) {
      for (const shot of shots) {
        const context = await browser.newContext({ viewport: size.viewport });
        const page = await context.newPage();
        if (shot.login) await logIn(page, shot.login);
        await page.goto(`${base}${shot.path}`, { waitUntil: 'networkidle' });
        const file = path.join(outDir, `${shot.name}${size.suffix}.png`);
        await page.screenshot({ path: file, fullPage: size.fullPage });
        console.log(`saved ${path.relative(root, file)}`);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    app.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
