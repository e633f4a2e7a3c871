import { chromium } from 'playwright-core';
const base = 'http://localhost:3460';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
for (const width of [360, 1280]) {
  const ctx = await browser.newContext({ viewport: { width, height: 640 } });
  const page = await ctx.newPage();
  await page.goto(`${base}/login`);
  await page.locator('input[name=username]').fill('acme');
  await page.getByLabel('Password', { exact: true }).fill('demo-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/sponsor');
  const h = await page.locator('header.site').boundingBox();
  console.log(width, 'header height', h.height);
  await page.screenshot({ path: `/tmp/shots/hdr-${width}.png` });
  if (width === 360) {
    await page.getByText('Menu').click();
    await page.screenshot({ path: `/tmp/shots/hdr-${width}-open.png` });
    await page.getByRole('link', { name: 'Find influencers' }).click();
    await page.waitForURL('**/sponsor/influencers');
    console.log('menu open after nav?', await page.locator('details.menu').getAttribute('open'));
  }
  await ctx.close();
}
await browser.close();
