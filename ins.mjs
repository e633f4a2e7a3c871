import { chromium } from 'playwright-core';
const base = 'http://localhost:3460';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
for (const width of [360, 1280]) {
  const ctx = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await ctx.newPage();
  const errors = []; page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${base}/login`);
  await page.locator('input[name=username]').fill('admin');
  await page.getByLabel('Password', { exact: true }).fill('demo-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/admin');
  await page.goto(`${base}/admin/insights`); await page.waitForLoadState('networkidle'); await page.waitForTimeout(800);
  await page.screenshot({ path: `/tmp/shots/ins-${width}.png`, fullPage: true });
  await page.locator('#chart-trend-accounts').screenshot({ path: `/tmp/shots/ins-acc-${width}.png` });
  await page.locator('#chart-followers').screenshot({ path: `/tmp/shots/ins-fol-${width}.png` });
  console.log(width, errors, await page.evaluate(() => document.documentElement.scrollWidth));
  await ctx.close();
}
await browser.close();
