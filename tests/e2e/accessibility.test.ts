// Accessibility of every page (tests/support/pages.ts, on the demo data), in Chromium: axe-core finds
// no serious or critical violation; every form control has a label; charts, status dots and the chat
// have text equivalents; and at 320 px nothing needs scrolling sideways.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { runSeeds } from '../../src/db';
import { DEMO_PASSWORD } from '../../seeds/01_demo';
import { openSession, type PageGlobals, waitInPage, withBrowserApp } from '../support/browser';
import { PAGES } from '../support/pages';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const app = withBrowserApp(async (t) => runSeeds(t.ctx.db));

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** A browser per account, logged in through the form; axe is injected past the CSP. */
const pageAs = async (login: string | undefined, width: number): Promise<Page> =>
  (await openSession(app, { username: login, password: DEMO_PASSWORD, width, bypassCSP: true })).page;

async function problemsOn(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`)) as AxeViolation[];
  const problems = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  const checks = (await page.evaluate(`(() => {
    const out = [];
    const named = (el) => el.labels?.length > 0 || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (['hidden', 'submit', 'button'].includes(el.type)) continue;
      if (!named(el)) out.push('a form control without a label: ' + (el.name || el.outerHTML.slice(0, 60)));
    }
    for (const dot of document.querySelectorAll('.dot')) {
      if (dot.getAttribute('aria-hidden') !== 'true' || !dot.parentElement.textContent.trim()) out.push('a status dot without text beside it');
    }
    for (const canvas of document.querySelectorAll('canvas')) {
      const figure = canvas.closest('figure');
      if (!canvas.getAttribute('aria-label') && !(figure && figure.querySelector('table'))) out.push('a chart without a text equivalent');
    }
    if (document.documentElement.scrollWidth > window.innerWidth + 1) out.push('scrolls sideways: ' + document.documentElement.scrollWidth + ' px wide');
    return out;
  })()`)) as string[];
  return [...problems, ...checks];
}

// The two widths at once: each waits on its own browser pages.
describe('accessibility of every page', { concurrency: true }, () => {
  for (const width of [1280, 320]) {
    it(`no serious or critical axe violation, labelled controls, text equivalents, at ${width} px`, async () => {
      const found: string[] = [];
      const pages = new Map<string, Page>();
      for (const { path, login } of [...PAGES, { path: '/no-such-page' }, { path: '/campaigns/999999', login: 'acme' }]) {
        const key = login ?? '';
        if (!pages.has(key)) pages.set(key, await pageAs(login, width));
        const page = pages.get(key)!;
        // Every page paints in one round trip (no fragment loads after it): 'load' is the page.
        await page.goto(`${app.url}${path}`, { waitUntil: 'load' });
        for (const problem of await problemsOn(page)) found.push(`${path} as ${login ?? 'visitor'}: ${problem}`);
      }
      for (const page of pages.values()) await page.context().close();
      assert.deepEqual(found, []);
    });
  }

  it('names who wrote each chat message, and reads out a new one as it arrives', async () => {
    const page = await pageAs('acme', 1280);
    await page.goto(`${app.url}/inbox/5`);
    const said = await page.locator('.message .sr-only').allTextContents();
    assert.ok(said.length > 0 && said.every((s) => /wrote:$/.test(s.trim())), said.join(' | '));
    assert.equal(await page.locator('#chat-status[role="status"]').count(), 1);
    const { id: acme } = await app.t.ctx.db('users').where({ username: 'acme' }).first();
    await app.t.ctx.services.messages.send({ sponsorId: acme, influencerId: 5, senderId: 5, body: 'Are the tents waterproof?' });
    await waitInPage(
      page,
      (text) => !!(globalThis as unknown as PageGlobals).document.querySelector('#chat-status')?.textContent?.includes(text),
      'wrote: Are the tents waterproof?',
      10_000,
    );
    assert.match((await page.locator('#chat-status').textContent()) ?? '', /^\S+ wrote: Are the tents waterproof\?$/);
    await page.context().close();
  });
});
