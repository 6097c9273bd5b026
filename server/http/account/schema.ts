import { z } from 'zod';

const newPassword = z.string().min(8, 'must be at least 8 characters').max(200);

export const resetRequestSchema = z.object({ email: z.string().trim().email('must be an email address').max(254) }).strict();
export const setPasswordSchema = z.object({ token: z.string().min(1, 'is required').max(100), password: newPassword }).strict();
export const changePasswordSchema = z.object({ currentPassword: z.string().min(1, 'is required').max(200), newPassword }).strict();

/** Page forms carry the CSRF token too; the set-password form takes its token from the URL. */
const withCsrf = { _csrf: z.string().optional() };
export const resetRequestFormSchema = resetRequestSchema.extend(withCsrf);
export const setPasswordFormSchema = z.object({ password: newPassword, ...withCsrf }).strict();
export const changePasswordFormSchema = changePasswordSchema.extend(withCsrf);
