/** Parsed bodies lose their bidi controls before any route reads them (services/text.ts says why). */
import type { NextFunction, Request, Response } from 'express';
import { cleanInputText } from '../../services/text';

export function cleanBodyText(req: Request, _res: Response, next: NextFunction): void {
  cleanInputText(req.body);
  next();
}
