// The one error type routes throw on purpose; the error middleware renders it.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what = 'That page') => new HttpError(404, `${what} does not exist or is not yours.`);
export const forbidden = (message = 'Your account cannot open this page.') => new HttpError(403, message);
