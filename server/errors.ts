/**
 * Errors with stable codes. The HTTP status follows from the class, never from
 * the message, and the JSON body is {"error":{"code","message","field"}}.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /**
   * The rule in the request's language, set by the HTTP layer for errors whose service knows only a phrase key
   * (template rules, e-mail text rules, refused resends); sent beside the English message, which stays stable for the API.
   */
  text?: string;

  toJSON(): { error: { code: string; message: string; field?: string; text?: string } } {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}), ...(this.text ? { text: this.text } : {}) } };
  }
}

/** 400: the request names a field that breaks a rule. */
export class ValidationError extends AppError {
  constructor(message: string, field?: string, code = 'invalid') {
    super(400, code, message, field);
  }
}

/** 401: no valid session or token. */
export class UnauthenticatedError extends AppError {
  constructor(message = 'login required') {
    super(401, 'unauthenticated', message);
  }
}

/** 403: authenticated, but the role does not allow this. */
export class ForbiddenError extends AppError {
  constructor(message = 'your role does not allow this') {
    super(403, 'forbidden', message);
  }
}

/** 404: absent, or belongs to another enterprise (the two are indistinguishable on purpose). */
export class NotFoundError extends AppError {
  constructor(what = 'resource') {
    super(404, 'not_found', `${what} not found`);
  }
}

/** 409: the request conflicts with the current state (duplicate, wrong transition). */
export class ConflictError extends AppError {
  constructor(message: string, field?: string, code = 'conflict') {
    super(409, code, message, field);
  }
}

/** 429: too many attempts. */
export class RateLimitedError extends AppError {
  constructor(message = 'too many requests, try again later') {
    super(429, 'rate_limited', message);
  }
}

/** 503: the store cannot save changes now (disk full, read-only, I/O error); the client should retry later. */
export class StoreUnavailableError extends AppError {
  readonly retryAfterSeconds = 30;
  constructor(readonly fault: string) {
    super(503, 'store_unavailable', 'the server cannot save changes right now; nothing was changed, try again shortly');
  }
}
