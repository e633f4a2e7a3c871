import { chromium } from 'playwright-core';
const base = 'http://localhost:3460';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
for (const js of [true, false]) {
  const ctx = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 360, height: 640 } });
  const page = await ctx.newPage();
  const login = async (who) => { await ctx.clearCookies(); await page.goto(`${base}/login`); await page.locator('input[name=username]').fill(who); await page.getByLabel('Password', { exact: true }).fill('demo-password'); await page.getByRole('button', { name: 'Log in' }).click(); await page.waitForLoadState('networkidle'); };
  const measure = async (path, first) => {
    await page.goto(base + path); await page.waitForLoadState('networkidle');
    const r = await page.evaluate((sel) => ({ header: document.querySelector('header.site').getBoundingClientRect().height, scroll: document.documentElement.scrollWidth, first: sel ? document.querySelector(sel)?.getBoundingClientRect().top : null, tables: [...document.querySelectorAll('table')].map((t) => Math.round(t.getBoundingClientRect().width)), actions: [...document.querySelectorAll('td.row-actions button, td.row-actions a')].filter((b) => b.getBoundingClientRect().right > 360).length }), first);
    console.log(js ? 'js' : 'nojs', path, JSON.stringify(r));
  };
  await login('acme');
  await measure('/sponsor/influencers', '#results li, #results .card');
  await page.screenshot({ path: `/tmp/shots/after-search-${js}.png` });
  await measure('/campaigns/1', null);
  await page.goto(`${base}/login`);
  await login('jordan');
  await measure('/user/influencers', '#results li, #results .card');
  await login('lena.trails');
  await measure('/influencer/campaigns', '#results li, #results .card, .campaign-card');
  await login('admin');
  await measure('/admin', null);
  await page.screenshot({ path: `/tmp/shots/after-admin-${js}.png`, fullPage: true });
  await measure('/admin/campaigns', null);
  await measure('/admin/audit', null);
  await ctx.close();
}
await browser.close();
