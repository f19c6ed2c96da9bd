// Passwords are hashed with argon2id (the library's default) and never leave this module in clear.
import argon2 from 'argon2';

export const hashPassword = (password: string): Promise<string> => argon2.hash(password);

/** A hash computed once so an unknown email costs as much as a wrong password (no timing oracle). */
let decoy: Promise<string> | undefined;

export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  if (hash === undefined) {
    decoy ??= argon2.hash('decoy-password-for-unknown-users');
    await argon2.verify(await decoy, password);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
