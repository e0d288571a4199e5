import { Router, type Request, type Response } from 'express';

/** Pages every service owes its users, open to everyone. */
export function aboutRoutes(options: { retentionMonths: number }): Router {
  const router = Router();
  router.get('/accessibility', (_req: Request, res: Response) => {
    res.render('pages/about/accessibility', { pageTitle: 'Accessibility statement' });
  });
  router.get('/privacy', (_req: Request, res: Response) => {
    res.render('pages/about/privacy', {
      pageTitle: 'Privacy notice',
      retentionMonths: options.retentionMonths,
    });
  });
  return router;
}
