import { Router, type Request, type Response } from 'express';

export function homeRoutes(): Router {
  const router = Router();
  router.get('/', (req: Request, res: Response) => {
    if (!req.user) return res.render('pages/start', { pageTitle: undefined });
    res.render('pages/home', { pageTitle: 'Your work' });
  });
  return router;
}
