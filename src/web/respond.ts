// The two shapes every action answers in, written once: a toggle or action (htmx gets the partial
// in its new state, everyone else a flash message and a 303), and a form (re-rendered with what was
// typed and a message by each field, 422, when the input or a service's rule says no).
import type { Request, RequestHandler, Response } from 'express';
import { type FieldErrors, Invalid, TooManyAttempts } from '../errors';
import { type FlashKind, flash } from './flash';
import { redirect, wantsFragment } from './htmx';

export interface Answer {
  /** The fragment an htmx request gets instead of the redirect (a toggle in its new state). */
  partial?: string;
  data?: object;
  flash?: string | { kind: FlashKind; text: string };
  /** Where everyone else goes next (POST → redirect → GET). */
  redirect: string;
}

export function respond(req: Request, res: Response, answer: Answer): void {
  res.vary('HX-Request');
  if (answer.partial && wantsFragment(req)) return res.render(answer.partial, answer.data ?? {});
  if (answer.flash) {
    const { kind, text } = typeof answer.flash === 'string' ? { kind: 'success' as const, text: answer.flash } : answer.flash;
    flash(res, kind, text);
  }
  redirect(req, res, answer.redirect);
}

/** A form as parsed at the edge: what was typed (to show again), messages by field, the clean input. */
export interface ParsedForm<V, I> {
  values: V;
  errors: FieldErrors;
  input: I | null;
}

export interface FormRoute<V, I> {
  parse(req: Request, res: Response): ParsedForm<V, I> | Promise<ParsedForm<V, I>>;
  /** Shows the form again: the values typed, the messages by field, with this status. */
  render(req: Request, res: Response, values: V, errors: FieldErrors, status: number): unknown;
  /** Calls the service and answers; an {@link Invalid} it throws re-renders the form. */
  submit(req: Request, res: Response, input: I): Promise<unknown>;
}

export function formRoute<V, I>(form: FormRoute<V, I>): RequestHandler {
  return async (req, res) => {
    const parsed = await form.parse(req, res);
    if (parsed.input === null) return form.render(req, res, parsed.values, parsed.errors, 422);
    try {
      await form.submit(req, res, parsed.input);
    } catch (err) {
      if (!(err instanceof Invalid)) throw err;
      if (err instanceof TooManyAttempts) res.set('Retry-After', String(err.retryAfterSeconds));
      await form.render(req, res, parsed.values, err.fields, err.status);
    }
  };
}
