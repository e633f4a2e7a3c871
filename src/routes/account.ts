// A person's own account, whatever their role: download what we hold about them, delete it.
import { type RequestHandler, type Response, Router } from 'express';
import { requireRole } from '../auth/guards';
import { clearSession } from '../auth/session';
import type { AppContext } from '../context';
import { DELETION_EFFECTS } from '../services/ownAccount';
import { field, type FieldErrors } from '../validation/form';
import { origin } from '../web/htmx';
import { formRoute, respond } from '../web/respond';

export default function accountRoutes(ctx: AppContext): Router {
  const router = Router();
  // Admins download their data too; deleting is for the other roles (the service says so).
  const signedIn = requireRole('admin', 'sponsor', 'influencer', 'user');
  //          path               guards    handler
  router.get('/account/data', signedIn, download(ctx));
  router.get('/account/delete', signedIn, confirmDelete);
  router.post('/account/delete', signedIn, deleteOwn(ctx));
  return router;
}

function download(ctx: AppContext): RequestHandler {
  return async (req, res) => {
    const data = await ctx.services.ownAccount.exportData(req.user!);
    res.set('Cache-Control', 'no-store');
    res.attachment(`influence-market-${req.user!.username}.json`);
    res.type('application/json').send(JSON.stringify(data, null, 2));
  };
}

function renderConfirm(res: Response, errors: FieldErrors, status = 200) {
  res.status(status).render('pages/account-delete', { title: 'Delete your account?', effects: DELETION_EFFECTS, errors });
}

const confirmDelete: RequestHandler = (_req, res) => renderConfirm(res, {});

function deleteOwn(ctx: AppContext): RequestHandler {
  return formRoute({
    // The password is never typed back into the page.
    parse: (req) => ({ values: {}, errors: {}, input: field(req.body, 'password', { trim: false }) }),
    render: (_req, res, _values, errors, status) => renderConfirm(res, errors, status),
    async submit(req, res, password) {
      if (password === '') return renderConfirm(res, { password: 'Type your password to delete the account.' }, 422);
      await ctx.services.ownAccount.deleteOwn(req.user!, password, origin(req));
      clearSession(req, res);
      respond(req, res, { flash: { kind: 'info', text: 'Your account and everything that belonged to it are deleted. Goodbye.' }, redirect: '/' });
    },
  });
}
