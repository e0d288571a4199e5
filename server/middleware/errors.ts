import type { NextFunction, Request, Response } from 'express';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db/availability.js';
import type { Logger } from '../logger.js';
import { HttpError, RedirectError } from '../errors.js';

export function notFoundHandler() {
  return (_req: Request, res: Response) => {
    res.status(404).render('errors/404', { pageTitle: 'Page not found' });
  };
}

const titles: Record<number, string> = {
  400: 'There is a problem with your request',
  401: 'Sign in to continue',
  403: 'You do not have permission to see this page',
  404: 'Page not found',
  413: 'What you sent is too large',
  503: 'Sorry, the service is unavailable',
};

export const FORM_EXPIRED = 'This form has expired: reload the page and try again';

export function errorHandler(options: { production: boolean; logger: Logger }) {
  // Express recognises an error handler by its four parameters.
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof RedirectError && !res.headersSent && req.accepts(['html', 'json']) !== 'json') {
      res.redirect(303, err.location);
      return;
    }
    const unavailable = isDatabaseUnavailable(err);
    const expired = isExpiredForm(err);
    const status = unavailable ? 503 : statusOf(err);
    if (unavailable) options.logger.warn({ err, requestId: req.id }, 'database unavailable: answered 503');
    else if (status >= 500) options.logger.error({ err, requestId: req.id }, 'request failed');
    if (res.headersSent) {
      // A download already under way cannot become an error page: end it, so it is seen as broken.
      res.destroy();
      return;
    }
    res.status(status);
    if (status === 503) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    const message = expired ? FORM_EXPIRED : err instanceof HttpError ? err.message : titles[status];
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({
        error: unavailable ? 'unavailable' : (message ?? 'Sorry, there is a problem with the service'),
        message: unavailable ? 'The service is unavailable. Try again in a few seconds.' : message,
        requestId: req.id,
      });
      return;
    }
    res.render(viewFor(status, expired), {
      pageTitle: message ?? 'Sorry, there is a problem with the service',
      message,
      stack: !options.production && status >= 500 && err instanceof Error ? err.stack : undefined,
    });
  };
}

function viewFor(status: number, expired: boolean): string {
  if (expired) return 'errors/expired-form';
  if (status === 403) return 'errors/403';
  if (status === 404) return 'errors/404';
  if (status === 503) return 'errors/503';
  return status < 500 ? 'errors/4xx' : 'errors/500';
}

function isExpiredForm(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'EBADCSRFTOKEN';
}

function statusOf(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  const candidate =
    (err as { status?: unknown; statusCode?: unknown } | null)?.status ??
    (err as { statusCode?: unknown } | null)?.statusCode;
  if (typeof candidate === 'number' && candidate >= 400 && candidate < 600) return candidate;
  if ((err as { code?: unknown } | null)?.code === 'EBADCSRFTOKEN') return 403;
  return 500;
}
