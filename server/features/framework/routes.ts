import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { FrameworkLibrary } from '../../framework/library.js';
import { requireSignIn } from '../../middleware/auth.js';
import { notFound } from '../../errors.js';

const searchQuery = z.object({ q: z.string().trim().max(100).optional().catch(undefined) });
const LEVEL_NAMES = {
  awareness: 'Awareness',
  working: 'Working',
  practitioner: 'Practitioner',
  expert: 'Expert',
} as const;

/** Read-only pages over the framework data, for everyone signed in. Each names its edition and licence. */
export function frameworkRoutes({ frameworks: lib }: { frameworks: FrameworkLibrary }): Router {
  const router = Router();
  router.use(requireSignIn());
  const ddat = () => lib.ddatEdition();

  router.get('/', (_req: Request, res: Response) => {
    res.render('pages/framework/index', {
      pageTitle: 'Frameworks',
      families: ddat().families(),
      edition: ddat().edition,
      behaviourFrameworks: lib.behaviourFrameworks(),
      query: '',
    });
  });

  router.get('/search', (req: Request, res: Response) => {
    const { q = '' } = searchQuery.parse(req.query);
    const hits = q ? lib.search(q, 50) : [];
    res.render('pages/framework/search', {
      pageTitle: q ? `Search results for ${q}` : 'Search the framework',
      query: q,
      hits,
      edition: ddat().edition,
    });
  });

  router.get('/roles/:role', (req: Request, res: Response) => {
    const role = lib.role(String(req.params.role));
    if (!role) throw notFound();
    res.render('pages/framework/role', {
      pageTitle: role.name,
      role,
      family: ddat().family(role.family),
      edition: ddat().edition,
    });
  });

  router.get('/roles/:role/:level', (req: Request, res: Response) => {
    const role = lib.role(String(req.params.role));
    const level = role && lib.roleLevel(role.slug, String(req.params.level));
    if (!role || !level) throw notFound();
    res.render('pages/framework/role-level', {
      pageTitle: `${level.name} – ${role.name}`,
      role,
      level,
      levelNames: LEVEL_NAMES,
      grades: level.grades.map((g) => lib.grade(g)?.label ?? g),
      edition: ddat().edition,
    });
  });

  router.get('/skills/:skill', (req: Request, res: Response) => {
    const skill = lib.skill(String(req.params.skill));
    if (!skill) throw notFound();
    res.render('pages/framework/skill', {
      pageTitle: skill.name,
      skill,
      levelNames: LEVEL_NAMES,
      usedBy: ddat().roleLevelsRequiringSkill(skill.slug),
      edition: ddat().edition,
    });
  });

  router.get('/behaviours', (_req: Request, res: Response) => {
    res.render('pages/framework/behaviours', {
      pageTitle: 'Civil Service behaviours and competencies',
      successProfiles: lib.successProfiles(),
      cscf: lib.cscf(),
      frameworks: lib.behaviourFrameworks(),
    });
  });

  router.get('/behaviours/success-profiles/:slug', (req: Request, res: Response) => {
    const behaviour = lib.behaviour(String(req.params.slug));
    if (!behaviour) throw notFound();
    const info = lib.behaviourFrameworks().find((f) => f.id === 'success-profiles')!;
    res.render('pages/framework/behaviour', {
      pageTitle: behaviour.name,
      behaviour,
      levels: lib.successProfiles().levels,
      edition: info.edition,
    });
  });

  router.get('/behaviours/cscf-2012/:slug', (req: Request, res: Response) => {
    const competency = lib.competency(String(req.params.slug));
    if (!competency) throw notFound();
    const info = lib.behaviourFrameworks().find((f) => f.id === 'cscf-2012')!;
    res.render('pages/framework/competency', {
      pageTitle: competency.name,
      competency,
      levels: lib.cscf().levels,
      edition: info.edition,
    });
  });

  return router;
}
