import { chromium } from 'playwright-core';
const base = process.env.BASE ?? 'http://localhost:3458';
const out = process.env.OUT ?? '/tmp/shots/before';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
async function login(page, who) {
  await page.goto(`${base}/login`);
  await page.locator('input[name=username]').fill(who);
  await page.getByLabel('Password', { exact: true }).fill('demo-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForLoadState('networkidle');
}
const ctx = await browser.newContext({ viewport: { width: 360, height: 640 } });
const page = await ctx.newPage();
await login(page, 'acme');
for (const [name, path] of [['search', '/sponsor/influencers'], ['chat', '/inbox/5'], ['sponsor', '/sponsor']]) {
  await page.goto(base + path); await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `${out}/${name}.png` });
}
await page.getByRole('button', { name: 'Log out' }).click();
await login(page, 'admin');
for (const [name, path] of [['admin', '/admin'], ['insights', '/admin/insights']]) {
  await page.goto(base + path); await page.waitForLoadState('networkidle'); await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: name === 'insights' });
}
await browser.close();
