// Home, sign-up, login, logout.
import { type RequestHandler, type Response, Router } from 'express';
import { clearSession, issueSession } from '../auth/session';
import type { AppContext } from '../context';
import { Forbidden, TooManyAttempts } from '../errors';
import { A_ROLE, DASHBOARDS, INFLUENCER_CATEGORIES, needsApproval, PROFILE_FIELDS, SIGNUP_ROLES, type SignupRole } from '../domain';
import { forgotForm, loginForm, resetForm, signupForm } from '../validation/auth';
import { field } from '../validation/form';
import { flash } from '../web/flash';
import { localPath, origin, redirect } from '../web/htmx';
import { formRoute, respond } from '../web/respond';

export default function authRoutes(ctx: AppContext): Router {
  const router = Router();
  //          path       guards  handler
  router.get('/', home);
  router.get('/login', showLogin);
  router.post('/login', login(ctx));
  router.get('/signup', showSignup);
  router.post('/signup', signup(ctx));
  router.post('/logout', logout(ctx));
  router.get('/password/forgot', showForgot);
  router.post('/password/forgot', forgot(ctx));
  router.get('/password/reset/:token', showReset(ctx));
  router.post('/password/reset/:token', reset(ctx));
  return router;
}

const home: RequestHandler = (req, res) => {
  if (req.user) return res.redirect(303, DASHBOARDS[req.user.role]);
  res.render('pages/home', { title: 'Sponsorships between brands and influencers' });
};

const showLogin: RequestHandler = (req, res) => {
  if (req.user) return res.redirect(303, DASHBOARDS[req.user.role]);
  res.render('pages/auth/login', { title: 'Log in', values: {}, errors: {}, next: localPath(req.query.next) });
};

function login(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const form = loginForm(req.body);
    const next = localPath(field(req.body, 'next'));
    const again = (status: number, data: { errors?: object; formError?: string }) =>
      res.status(status).render('pages/auth/login', {
        title: 'Log in',
        values: { username: form.values.username },
        errors: {},
        next,
        ...data,
      });
    if (!form.input) return again(422, { errors: form.errors });

    let user;
    try {
      user = await ctx.services.sessions.authenticate(form.values.username, form.values.password, origin(req));
    } catch (err) {
      if (err instanceof TooManyAttempts) {
        res.set('Retry-After', String(err.retryAfterSeconds));
        return again(429, { formError: err.message });
      }
      // The login form says why an account may not log in, in place of the form's one message.
      if (err instanceof Forbidden) return again(403, { formError: err.message });
      throw err;
    }
    if (!user) return again(401, { formError: 'Wrong username/email or password.' });
    issueSession(ctx, req, res, { id: user.id, role: user.role, tokenVersion: user.token_version });
    flash(res, 'success', `Welcome back, ${user.username}.`);
    redirect(req, res, next ?? DASHBOARDS[user.role]);
  };
}

function signupRole(value: unknown): SignupRole | null {
  return (SIGNUP_ROLES as readonly unknown[]).includes(value) ? (value as SignupRole) : null;
}

function renderSignup(res: Response, role: SignupRole | null, values: object, errors: object, status = 200) {
  res.status(status).render('pages/auth/signup', {
    title: role ? `Sign up as ${A_ROLE[role]}` : 'Sign up',
    role,
    aRole: role ? A_ROLE[role] : '',
    roles: SIGNUP_ROLES.map((r) => ({ value: r, label: A_ROLE[r] })),
    fields: role ? PROFILE_FIELDS[role] : {},
    needsApproval: role ? needsApproval(role) : false,
    categories: INFLUENCER_CATEGORIES,
    values,
    errors,
  });
}

const showSignup: RequestHandler = (req, res) => {
  if (req.user) return res.redirect(303, DASHBOARDS[req.user.role]);
  renderSignup(res, signupRole(req.query.role), {}, {});
};

function signup(ctx: AppContext): RequestHandler {
  return formRoute({
    parse(req) {
      const form = signupForm(req.body);
      // The password is never typed back into the page.
      const { password: _password, ...typed } = form.values;
      return { values: { ...typed, role: signupRole(typed.role) ?? signupRole(req.query.role) }, errors: form.errors, input: form.input };
    },
    render: (_req, res, { role, ...typed }, errors, status) => renderSignup(res, role, typed, errors, status),
    async submit(req, res, input) {
      const id = await ctx.services.users.signUp(input, origin(req));
      issueSession(ctx, req, res, { id, role: input.role, tokenVersion: 0 });
      // A new sponsor's dashboard explains the approval it waits for.
      respond(req, res, { flash: `Welcome, ${input.username.toLowerCase()}!`, redirect: DASHBOARDS[input.role] });
    },
  });
}

function logout(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    // Revoking the token version logs out every device that held a token for this account.
    if (req.user) await ctx.services.sessions.revokeSessions(req.user.id);
    clearSession(req, res);
    flash(res, 'info', 'You have logged out.');
    redirect(req, res, '/login');
  };
}

const showForgot: RequestHandler = (_req, res) => {
  res.render('pages/auth/forgot', { title: 'Forgot your password?', values: {}, errors: {} });
};

function forgot(ctx: AppContext): RequestHandler {
  return formRoute({
    parse: (req) => forgotForm(req.body),
    render: (_req, res, values, errors, status) => res.status(status).render('pages/auth/forgot', { title: 'Forgot your password?', values, errors }),
    async submit(req, res, { email }) {
      await ctx.services.passwordResets.request(email, origin(req));
      // The same answer whether or not an account uses the address.
      respond(req, res, {
        flash: { kind: 'info', text: `If an account uses ${email}, we have sent it a link to choose a new password. It works once, for 30 minutes.` },
        redirect: '/login',
      });
    },
  });
}

function renderReset(res: Response, token: string, username: string, errors: object, status = 200) {
  res.status(status).render('pages/auth/reset', { title: 'Choose a new password', token, username, errors });
}

function showReset(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const token = String(req.params.token);
    const { username } = await ctx.services.passwordResets.check(token);
    renderReset(res, token, username, {});
  };
}

function reset(ctx: AppContext): RequestHandler {
  return formRoute({
    async parse(req) {
      const token = String(req.params.token);
      // An unknown link is a 404, a used or expired one a 410, before anything typed is looked at.
      const { username } = await ctx.services.passwordResets.check(token);
      return { ...resetForm(req.body), values: { token, username } };
    },
    render: (_req, res, { token, username }, errors, status) => renderReset(res, token, username, errors, status),
    async submit(req, res, { new_password }) {
      const { userId } = await ctx.services.passwordResets.reset(String(req.params.token), new_password);
      // The account's sessions have all ended, this browser's too.
      if (req.user?.id === userId) clearSession(req, res);
      respond(req, res, { flash: 'Your password is changed, and every device signed in to your account is logged out. Log in with the new password.', redirect: '/login' });
    },
  });
}
