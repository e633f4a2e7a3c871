import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { browser, createTestApp, csrfToken, type TestApp } from '../support/app';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

describe('GET /healthz', () => {
  it('reports the database and Redis as up', async () => {
    // Redis connects in the background; give it a moment on a cold start.
    let res = await request(t.app).get('/healthz');
    for (let i = 0; i < 20 && res.body.redis !== 'up'; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      res = await request(t.app).get('/healthz');
    }
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ok', database: 'up', redis: 'up' });
  });

  it('stays up with Redis unreachable, saying so', async () => {
    const noRedis = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const res = await request(noRedis.app).get('/healthz');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { status: 'ok', database: 'up', redis: 'down' });
      // Pages still work without Redis.
      await request(noRedis.app).get('/login').expect(200);
    } finally {
      await noRedis.close();
    }
  });
});

describe('error pages', () => {
  it('answers an unknown address with a friendly 404 page', async () => {
    const res = await browser(t).get('/no/such/page');
    assert.equal(res.status, 404);
    assert.match(res.text, /<h1>Not found<\/h1>/);
    assert.match(res.text, /<header class="site">/);
  });

  it('answers htmx with the error fragment only', async () => {
    const res = await browser(t).get('/no/such/page').set('HX-Request', 'true');
    assert.equal(res.status, 404);
    assert.match(res.text, /^<section class="error-box"/);
    assert.doesNotMatch(res.text, /<html/);
  });

  it('refuses a body over the size limit with 413', async () => {
    const agent = browser(t);
    const token = await csrfToken(agent);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: token, username: 'x'.repeat(100 * 1024), password: 'y' });
    assert.equal(res.status, 413);
    assert.match(res.text, /more data than a form may send/);
  });
});

describe('security headers and static files', () => {
  it('sends a CSP that allows only our own scripts and styles (and the one inline stylesheet, by its hash)', async () => {
    const res = await browser(t).get('/login');
    const csp = res.headers['content-security-policy'] as string;
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self' 'sha256-[A-Za-z0-9+/]{43}='(;|$)/);
    assert.doesNotMatch(csp, /unsafe/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-powered-by'], undefined);
  });

  it('gives CSRF cookies the HttpOnly and SameSite=Lax flags', async () => {
    const res = await browser(t).get('/login');
    const cookies = (res.headers['set-cookie'] as unknown as string[]).join('\n');
    assert.match(cookies, /csrf=[^;]+;.*HttpOnly/);
    assert.match(cookies, /csrf=[^;]+;.*SameSite=Lax/);
  });

  it('serves htmx and the stylesheet from our own origin, fingerprinted and immutable', async () => {
    const page = await browser(t).get('/login');
    const htmx = /<script src="(\/static\/js\/htmx\.min\.[0-9a-f]{10}\.js)"/.exec(page.text)?.[1];
    const css = /<link rel="stylesheet" href="(\/static\/css\/app\.[0-9a-f]{10}\.css)"/.exec(page.text)?.[1];
    assert.ok(htmx && css, 'page links fingerprinted htmx and css');
    for (const url of [htmx, css]) {
      const res = await request(t.app).get(url).set('Accept-Encoding', 'gzip');
      assert.equal(res.status, 200);
      assert.match(res.headers['cache-control'] as string, /immutable/);
      assert.match(res.headers['cache-control'] as string, /max-age=31536000/);
      assert.equal(res.headers['content-encoding'], 'gzip');
    }
    assert.match((await request(t.app).get(htmx)).text, /htmx/);
    // Compressed as hard as possible (made once, then kept): brotli where the browser takes it.
    const raw = readFileSync(require.resolve('htmx.org/dist/htmx.min.js'));
    const br = await request(t.app).get(htmx).set('Accept-Encoding', 'gzip, deflate, br');
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(Number(br.headers['content-length']), brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }).length);
    assert.match(br.headers.vary ?? '', /Accept-Encoding/);
    const gz = await request(t.app).get(htmx).set('Accept-Encoding', 'gzip');
    assert.equal(Number(gz.headers['content-length']), gzipSync(raw, { level: 9 }).length);
    assert.equal(gz.text, raw.toString());
    await request(t.app).get('/static/js/htmx.min.0000000000.js').expect(404);
  });

  it('configures htmx without eval and with 4xx answers swapped in', async () => {
    const page = await browser(t).get('/login');
    const meta = /<meta name="htmx-config" content="([^"]+)">/.exec(page.text)?.[1] ?? '';
    const config = JSON.parse(meta.replace(/&quot;/g, '"'));
    assert.equal(config.allowEval, false);
    assert.ok(config.responseHandling.some((r: { code: string; swap: boolean }) => r.code === '4..' && r.swap));
  });

  it('offers a web app manifest', async () => {
    const res = await request(t.app).get('/manifest.webmanifest').expect(200);
    const manifest = JSON.parse(res.text);
    assert.equal(manifest.display, 'standalone');
    assert.match(manifest.icons[0].src, /^\/static\/icons\/icon\.[0-9a-f]{10}\.svg$/);
  });
});

describe('compression and revalidation', () => {
  it('gzips pages for browsers that accept it, and answers an unchanged page with 304 to If-None-Match', async () => {
    const agent = browser(t);
    // (The first page of a visit carries the stylesheet inline; the pages after it link it.)
    await agent.get('/');
    const first = await agent.get('/login').set('Accept-Encoding', 'gzip');
    assert.equal(first.status, 200);
    assert.equal(first.headers['content-encoding'], 'gzip');
    assert.match(first.headers.vary ?? '', /Accept-Encoding/);
    assert.match(first.text, /<h1>Log in<\/h1>/);
    const etag = first.headers.etag;
    assert.ok(etag, 'the page has an ETag');
    assert.ok(Number(first.headers['content-length']) < Buffer.byteLength(first.text) / 2, 'the gzipped page is less than half its size');

    const again = await agent.get('/login').set('Accept-Encoding', 'gzip').set('If-None-Match', etag);
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    // A client without gzip gets the plain page, with an ETag of its own.
    const plain = await agent.get('/login').set('Accept-Encoding', 'identity');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.notEqual(plain.headers.etag, etag, 'the plain and the gzipped page are different representations');
    assert.equal((await agent.get('/login').set('Accept-Encoding', 'identity').set('If-None-Match', plain.headers.etag!)).status, 304);
  });
});

describe('when the database is gone', () => {
  it('shows a friendly 500 page, logs the cause, and /healthz answers 503', async () => {
    const broken = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    const logged: string[] = [];
    broken.ctx.log.error = (message) => logged.push(message);
    try {
      const agent = browser(broken);
      await agent.get('/login').expect(200);
      await broken.ctx.db.destroy();
      const res = await agent.get('/signup?role=user');
      // The page needs no database; the form post does.
      assert.equal(res.status, 200);
      const token = /name="_csrf" value="([^"]+)"/.exec(res.text)?.[1] ?? '';
      const post = await agent.post('/login').type('form').send({ username: 'someone', password: 'whatever password', _csrf: token });
      assert.equal(post.status, 500);
      assert.match(post.text, /Something went wrong on our side/);
      assert.doesNotMatch(post.text, /at .*\.ts:\d+/);
      assert.deepEqual(logged, ['POST /login failed']);
      const health = await request(broken.app).get('/healthz');
      assert.equal(health.status, 503);
      assert.equal(health.body.database, 'down');
    } finally {
      await broken.close().catch(() => undefined);
    }
  });
});

describe('boosted forms', () => {
  it('push the page’s own URL, but never the URL of a form answered in place (a 422)', async () => {
    const agent = browser(t);
    const token = await csrfToken(agent);
    const res = await agent
      .post('/login')
      .set({ 'HX-Request': 'true', 'HX-Boosted': 'true' })
      .type('form')
      .send({ _csrf: token, username: '', password: '' });
    assert.equal(res.status, 422);
    assert.equal(res.headers['hx-push-url'], 'false');
    const page = await agent.get('/login?next=%2Fuser').set({ 'HX-Request': 'true', 'HX-Boosted': 'true' });
    assert.equal(page.headers['hx-push-url'], '/login?next=%2Fuser');
    const fragment = await agent.get('/login').set({ 'HX-Request': 'true' });
    assert.equal(fragment.headers['hx-push-url'], undefined);
  });
});
