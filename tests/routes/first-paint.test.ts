import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import request from 'supertest';
import { cookieFrom, withTestApp } from '../support/app';

const state = withTestApp();

const head = (html: string) => html.slice(0, html.indexOf('</head>'));

describe('the first page of a visit', () => {
  it('carries the stylesheet inline, allowed by its hash in the CSP (no unsafe-inline), and says so in a cookie', async () => {
    const res = await request(state.t.app).get('/login').expect(200);
    const style = /<style>([^<]*)<\/style>/.exec(head(res.text))?.[1];
    assert.ok(style && style.length > 5000, 'the whole stylesheet is inline');
    assert.match(style, /header\.site\{/);
    const csp = String(res.headers['content-security-policy']);
    const styleSrc = /style-src ([^;]*)/.exec(csp)?.[1] ?? '';
    assert.ok(styleSrc.includes(`'sha256-${createHash('sha256').update(style).digest('base64')}'`), `the CSP allows exactly this style: ${styleSrc}`);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.doesNotMatch(head(res.text), /<link rel="stylesheet"/, 'nothing in <head> waits for a second round trip');
    // Without JavaScript the stylesheet is fetched after the page, for the next page to find cached.
    assert.match(res.text, /<noscript><link rel="stylesheet" href="\/static\/css\/app\.[0-9a-f]{10}\.css"><\/noscript>\n<\/body>/);
    assert.match(cookieFrom(res, 'css') ?? '', /^[0-9a-f]{10}$/);
  });

  it('is the page that carries it, not a redirect on the way there', async () => {
    const redirected = await request(state.t.app).get('/sponsor').expect(303);
    assert.equal(cookieFrom(redirected, 'css'), undefined);
    const login = await request(state.t.app).get(redirected.headers.location!).expect(200);
    assert.match(head(login.text), /<style>/);
    assert.ok(cookieFrom(login, 'css'));
  });

  it('is followed by pages that link the (cached) stylesheet instead', async () => {
    const first = await request(state.t.app).get('/').expect(200);
    const version = cookieFrom(first, 'css')!;
    const next = await request(state.t.app).get('/login').set('Cookie', `css=${version}`).expect(200);
    assert.match(head(next.text), new RegExp(`<link rel="stylesheet" href="/static/css/app\\.${version}\\.css">`));
    assert.doesNotMatch(next.text, /<style>|<noscript><link/);
    assert.equal(cookieFrom(next, 'css'), undefined);
    // A browser that was sent another version of the stylesheet gets this one inline again.
    const stale = await request(state.t.app).get('/login').set('Cookie', 'css=0000000000').expect(200);
    assert.match(head(stale.text), /<style>/);
  });

  it('goes out as brotli where the browser takes it (later pages as gzip)', async () => {
    const first = await request(state.t.app).get('/login').set('Accept-Encoding', 'gzip, deflate, br').expect(200);
    assert.equal(first.headers['content-encoding'], 'br');
    assert.match(first.text, /<style>/);
    const version = cookieFrom(first, 'css')!;
    const next = await request(state.t.app).get('/login').set('Accept-Encoding', 'gzip, deflate, br').set('Cookie', `css=${version}`).expect(200);
    assert.equal(next.headers['content-encoding'], 'gzip');
  });

  it('is not what htmx swaps in (the page it swaps into keeps its <head>)', async () => {
    const res = await request(state.t.app).get('/login').set('HX-Request', 'true').set('HX-Boosted', 'true').expect(200);
    assert.doesNotMatch(res.text, /<style>/);
    assert.equal(cookieFrom(res, 'css'), undefined);
  });
});
