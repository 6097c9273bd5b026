/** Audit routes load the audit first: another enterprise's audit is a 404 whatever the body or the role. */
import type { NextFunction, Request, Response } from 'express';
import { getAudit } from '../../services/audits/audits';
import type { Audit } from '../../services/audits/types';
import { assertAllowed, type Verb } from '../../services/policy';
import { ctxOf } from '../middleware/auth';
import { param } from '../validate';

/** Loads the audit of `:id` (404 across enterprises), then asks the policy (403). */
export function withAudit(verb: Verb<'audits'>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.locals.audit = await getAudit(ctxOf(req), param(req.params.id));
      assertAllowed(req.actor!, 'audits', verb);
      next();
    } catch (err) {
      next(err);
    }
  };
}

export const auditOf = (res: Response): Audit => res.locals.audit as Audit;
