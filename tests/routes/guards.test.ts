import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashPassword } from '../../src/auth/passwords';
import { browser, createTestApp, logIn, PASSWORD, signUp, type Agent, type TestApp } from '../support/app';

let t: TestApp;
const agents: Record<string, Agent> = {};
const ROLES = ['admin', 'sponsor', 'influencer', 'user'] as const;

before(async () => {
  t = await createTestApp();
  for (const role of ['sponsor', 'influencer', 'user'] as const) {
    agents[role] = browser(t);
    await signUp(agents[role]!, role);
  }
  await t.ctx.services.users.create({
    role: 'admin',
    username: 'root',
    email: 'root@example.com',
    phone: '+44 20 7946 0000',
    passwordHash: await hashPassword(PASSWORD),
  });
  agents.admin = browser(t);
  await logIn(agents.admin, 'root');
});
after(() => t.close());

describe('dashboards reach only their own role', () => {
  for (const page of ROLES) {
    describe(`GET /${page}`, () => {
      for (const role of ROLES) {
        it(role === page ? `shows the ${role} their dashboard` : `answers 403 to a ${role}`, async () => {
          const res = await agents[role]!.get(`/${page}`);
          if (role === page) {
            assert.equal(res.status, 200);
            assert.match(res.text, /Your details/);
          } else {
            assert.equal(res.status, 403);
            assert.match(res.text, /Not allowed/);
            assert.doesNotMatch(res.text, /Your details/);
          }
        });
      }

      it('sends a signed-out visitor to the login page, and back afterwards', async () => {
        const res = await browser(t).get(`/${page}`);
        assert.equal(res.status, 303);
        assert.equal(res.headers.location, `/login?next=%2F${page}`);
      });

      it('tells htmx to navigate to the login page instead of swapping it into a fragment', async () => {
        const res = await browser(t).get(`/${page}`).set('HX-Request', 'true');
        assert.equal(res.headers['hx-redirect'], `/login?next=%2F${page}`);
      });
    });
  }
});

describe('the header', () => {
  it('shows who is signed in, their navigation and a log-out form', async () => {
    const res = await agents.influencer!.get('/influencer');
    assert.match(res.text, /<a href="\/influencer">Dashboard<\/a>/);
    assert.match(res.text, /<form method="post" action="\/logout"/);
    assert.doesNotMatch(res.text, /href="\/login"/);
  });

  it('offers log in and sign up to visitors', async () => {
    const res = await browser(t).get('/');
    assert.equal(res.status, 200);
    assert.match(res.text, /href="\/login"/);
    assert.match(res.text, /href="\/signup\?role=sponsor"/);
  });
});
