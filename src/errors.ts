// Typed domain errors: services throw them to say why something cannot be seen or done, and the
// one error middleware (web/errors.ts) turns them into a page or a fragment with their status.
// Routes throw nothing else on purpose.

/** Messages for a form, by field name. */
export type FieldErrors = Record<string, string>;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Missing, or not the viewer's to see: the same answer, so ids reveal nothing. */
export class NotFound extends HttpError {
  constructor(what = 'That page') {
    super(404, `${what} does not exist or is not yours.`);
  }
}

/** A link that was good once: used, or past its time. Says which, and where to get a new one. */
export class Gone extends HttpError {
  constructor(
    message: string,
    readonly next: { href: string; label: string },
  ) {
    super(410, message);
  }
}

/** The viewer may not do this (and being told why helps them). */
export class Forbidden extends HttpError {
  constructor(message = 'Your account cannot open this page.') {
    super(403, message);
  }
}

/** The record is not in a state that allows this (already answered, already suspended …). */
export class Conflict extends HttpError {
  constructor(message: string) {
    super(409, message);
  }
}

/** Input that breaks a rule: a message per form field; a form route shows them next to the fields. */
export class Invalid extends HttpError {
  constructor(
    readonly fields: FieldErrors,
    status = 422,
  ) {
    super(status, Object.values(fields)[0] ?? 'Please check the form.');
  }
}

/** Too many tries (logins, sign-ups, password checks): 429, saying when to try again, by `field`. */
export class TooManyAttempts extends Invalid {
  constructor(
    readonly retryAfterSeconds: number,
    field: string,
    what = 'attempts',
  ) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super({ [field]: `Too many ${what}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` }, 429);
  }
}
