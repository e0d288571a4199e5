import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger.js';
import { HttpError } from './auth.js';

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
};

export function errorHandler(options: { production: boolean; logger: Logger }) {
  // Express recognises an error handler by its four parameters.
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = statusOf(err);
    if (status >= 500) options.logger.error({ err, requestId: req.id }, 'request failed');
    if (res.headersSent) return;
    res.status(status);
    const message = err instanceof HttpError ? err.message : titles[status];
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ error: message ?? 'Sorry, there is a problem with the service', requestId: req.id });
      return;
    }
    const view =
      status === 403
        ? 'errors/403'
        : status === 404
          ? 'errors/404'
          : status < 500
            ? 'errors/4xx'
            : 'errors/500';
    res.render(view, {
      pageTitle: message ?? 'Sorry, there is a problem with the service',
      message,
      stack: !options.production && status >= 500 && err instanceof Error ? err.stack : undefined,
    });
  };
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
