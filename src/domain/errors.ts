/** Typed errors the HTTP layer turns into the error shape of PRODUCT §3. */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldError {
  field: string;
  message: string;
  code?: string;
}

export class ValidationError extends AppError {
  constructor(fields: FieldError[], message = 'Some fields are invalid', code = 'invalid_fields') {
    super(422, code, message, { fields });
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id?: string) {
    super(404, 'not_found', id ? `${what} '${id}' was not found` : `${what} was not found`);
  }
}
