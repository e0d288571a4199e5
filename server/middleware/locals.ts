import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Values every page needs, error pages included; written only in middleware, never in controllers. */
export function baseLocals(serviceName: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.serviceName = serviceName;
    res.locals.currentPath = req.path;
    res.locals.requestId = req.id;
    next();
  };
}

/** The signed-in person, once sessions and sign-in have run. */
export function userLocals(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.user = req.user;
    next();
  };
}
