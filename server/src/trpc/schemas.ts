// Building blocks of procedure inputs. Every object schema is strict: an unknown key (say
// `tenantId` in an update) is refused with a message naming it, never silently assigned.
import { z } from 'zod';
import { ROLES } from '@bizosaas/shared';

export const id = z.uuid({ message: 'must be a UUID' });
export const email = z
  .email({ message: 'must be an email address' })
  .max(254)
  .transform((value) => value.toLowerCase());
export const password = z.string().min(10, 'must be at least 10 characters').max(200);
export const displayName = z.string().trim().min(1).max(100);
export const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2–63 lowercase letters, digits or dashes');
export const role = z.enum(ROLES);
export const name = z.string().trim().min(1).max(200);
export const tag = z.string().trim().min(1).max(50);
export const limit = z.int().min(1).max(200).default(50);
export const isoDate = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

export const strict = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape);
export const empty = z.strictObject({}).optional();
