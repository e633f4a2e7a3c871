// Phone first (360 × 640), with JavaScript on and off, on the demo data: the header is one line,
// search results start on the first screen, no admin action needs a sideways scroll and no table
// is wider than the screen, on every page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { runSeeds } from '../../src/db';
import { DEMO_PASSWORD } from '../../seeds/01_demo';
import { openSession, withBrowserApp } from '../support/browser';
import { PAGES } from '../support/pages';

const app = withBrowserApp(async (t) => runSeeds(t.ctx.db));
const WIDTH = 360;
const HEIGHT = 640;

interface Layout {
  header: number;
  scrollWidth: number;
  wideTables: number[];
  offscreenActions: string[];
  firstResultTop: number | null;
}

const measure = (page: Page): Promise<Layout> =>
  page.evaluate(`(() => {
    const width = window.innerWidth;
    const first = document.querySelector('#results li');
    return {
      header: document.querySelector('header.site').getBoundingClientRect().height,
      scrollWidth: document.documentElement.scrollWidth,
      wideTables: [...document.querySelectorAll('table')].map((t) => t.getBoundingClientRect().right).filter((r) => r > width + 1),
      offscreenActions: [...document.querySelectorAll('main button, main a, main input')]
        .filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().right > width + 1)
        .map((el) => (el.textContent || el.getAttribute('name') || el.tagName).trim().slice(0, 40)),
      firstResultTop: first ? first.getBoundingClientRect().top + window.scrollY : null,
    };
  })()`) as Promise<Layout>;

for (const javaScriptEnabled of [true, false]) {
  describe(`at ${WIDTH} px, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    it('every page: a header of one line (≤ 64 px), nothing wider than the screen, every action in view', async () => {
      const found: string[] = [];
      const pages = new Map<string, Page>();
      for (const { path, login } of PAGES) {
        const key = login ?? '';
        if (!pages.has(key)) pages.set(key, (await openSession(app, { javaScriptEnabled, username: login, password: DEMO_PASSWORD, width: WIDTH, height: HEIGHT })).page);
        const page = pages.get(key)!;
        await page.goto(`${app.url}${path}`, { waitUntil: 'networkidle' });
        const layout = await measure(page);
        if (layout.header > 64) found.push(`${path}: the header is ${layout.header} px tall`);
        if (layout.scrollWidth > WIDTH + 1) found.push(`${path}: ${layout.scrollWidth} px wide`);
        if (layout.wideTables.length) found.push(`${path}: a table reaches ${layout.wideTables.join(', ')} px`);
        if (layout.offscreenActions.length) found.push(`${path}: out of view: ${layout.offscreenActions.join(' | ')}`);
      }
      for (const page of pages.values()) await page.context().close();
      assert.deepEqual(found, []);
    });

    it('search results start on the first screen', async () => {
      for (const [login, path] of [
        ['acme', '/sponsor/influencers'],
        ['jordan', '/user/influencers'],
        ['lena.trails', '/influencer/campaigns'],
      ] as const) {
        const { page, context } = await openSession(app, { javaScriptEnabled, username: login, password: DEMO_PASSWORD, width: WIDTH, height: HEIGHT });
        await page.goto(`${app.url}${path}`, { waitUntil: 'networkidle' });
        const { firstResultTop } = await measure(page);
        assert.ok(firstResultTop !== null && firstResultTop < HEIGHT, `${path}: the first result starts at ${firstResultTop} px`);
        await context.close();
      }
    });

    it('the menu opens without JavaScript and leads to every page of the role', async () => {
      const { page, context } = await openSession(app, { javaScriptEnabled, username: 'acme', password: DEMO_PASSWORD, width: WIDTH, height: HEIGHT });
      await page.goto(`${app.url}/sponsor`);
      assert.equal(await page.getByRole('link', { name: 'Find influencers' }).isVisible(), false);
      await page.locator('details.menu > summary').click();
      await page.getByRole('link', { name: 'Find influencers' }).click();
      await page.waitForURL('**/sponsor/influencers');
      await page.getByRole('heading', { name: 'Find influencers' }).waitFor();
      await context.close();
    });
  });
}

type Busy = { document: { documentElement: { classList: { contains(name: string): boolean } } }; htmx?: unknown };
const isBusy = () => (globalThis as unknown as Busy).document.documentElement.classList.contains('busy');
const isIdle = () => !(globalThis as unknown as Busy).document.documentElement.classList.contains('busy');
const htmxLoaded = () => !!(globalThis as unknown as Busy).htmx;

describe('on a slow connection, with JavaScript', () => {
  it('shows a bar while a request is under way, disables the button that sent it, and logs no error', async () => {
    const { page, context, problems } = await openSession(app, { username: 'acme', password: DEMO_PASSWORD, width: 1280, height: 800 });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    // Every answer takes 600 ms.
    await context.route('**/*', async (route) => {
      if (!route.request().url().includes('/static/')) await new Promise((r) => setTimeout(r, 600));
      await route.continue();
    });
    await page.goto(`${app.url}/sponsor/influencers`);
    await page.waitForFunction(htmxLoaded);
    // Change a filter, then click Search at once: the first request is not aborted with an error.
    await page.getByLabel('Category').selectOption('Travel');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForFunction(isBusy);
    await page.waitForFunction(isIdle, undefined, { timeout: 10_000 });
    assert.match(page.url(), /category=Travel/);

    await page.goto(`${app.url}/inbox/5`);
    await page.waitForFunction(htmxLoaded);
    await page.getByLabel('Message', { exact: true }).fill('Sent once, however often it is clicked');
    const send = page.getByRole('button', { name: 'Send' });
    await send.click();
    assert.equal(await send.isDisabled(), true, 'the button is disabled while its request is under way');
    await send.click({ force: true }).catch(() => undefined);
    await page.getByText('Sent once, however often it is clicked').first().waitFor();
    await page.waitForFunction(isIdle, undefined, { timeout: 10_000 });
    const { count } = (await app.t.ctx.db('messages').where({ body: 'Sent once, however often it is clicked' }).count({ count: '*' }).first()) as { count: number };
    assert.equal(Number(count), 1);
    assert.deepEqual(errors, []);
    assert.deepEqual(problems.filter((p) => !/status of 4\d\d/.test(p)), []);
    await context.close();
  });
});
