import type { FieldErrors } from '../../shared/validation.ts';

/**
 * An error meant for the client: it carries the HTTP status, a stable code the UI can branch on
 * and a message a person can read. Anything else that escapes a handler becomes a 500.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldErrors | undefined;

  constructor(status: number, code: string, message: string, fields?: FieldErrors) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export function badRequest(message: string, fields?: FieldErrors): HttpError {
  return new HttpError(400, 'invalid_request', message, fields);
}

export function validationFailed(fields: FieldErrors): HttpError {
  const first = Object.values(fields)[0] ?? 'Some fields are invalid';
  return new HttpError(422, 'validation_failed', first, fields);
}

export function unauthorized(message = 'Sign in to continue'): HttpError {
  return new HttpError(401, 'unauthorized', message);
}

export function forbidden(message = 'You do not have permission to do that'): HttpError {
  return new HttpError(403, 'forbidden', message);
}

export function notFound(what = 'Resource'): HttpError {
  return new HttpError(404, 'not_found', `${what} not found`);
}

export function conflict(message: string): HttpError {
  return new HttpError(409, 'conflict', message);
}
