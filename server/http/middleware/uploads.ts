/**
 * One CSV/text file from a multipart form, in memory, with multer's errors
 * turned into 4xx that name the field: a broken or oversized upload is the
 * client's fault, never a 500. Routes still run csrfProtection afterwards.
 */
import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { AppError, ValidationError } from '../../errors';
import { cleanInputText, withoutBidiControls } from '../../services/text';

export function receiveSingleFile(maxBytes: number, limits: { fields: number; parts: number }) {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, ...limits } }).single('file');
  return (req: Request, res: Response, next: NextFunction): void => {
    upload(req, res, (err: unknown) => {
      if (!err) {
        cleanInputText(req.body);
        if (req.file) req.file.originalname = withoutBidiControls(req.file.originalname);
        return next();
      }
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE') return next(new AppError(413, 'too_large', `file: must be at most ${maxBytes / 1024 / 1024} MB`, 'file'));
        return next(new ValidationError(`${err.field ?? 'file'}: ${err.message}`, err.field ?? 'file'));
      }
      // The parser fails only on what the client sent (e.g. "Boundary not found").
      next(err instanceof Error ? new ValidationError(`body: not a readable multipart form (${err.message})`, 'body') : err);
    });
  };
}
