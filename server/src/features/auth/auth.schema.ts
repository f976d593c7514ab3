import { z } from 'zod';

/** POST /api/auth/login */
export const loginBody = z.object({
  username: z.string().trim().min(1, 'username is required').max(64),
  password: z.string().min(1, 'password is required').max(200),
});

/** POST /api/auth/password */
export const passwordBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});
