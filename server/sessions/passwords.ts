// Passwords: the rule every chosen one follows, and the first (temporary) ones an administrator
// hands over — readable aloud, with no look-alike letters, to be replaced at the next login.
import { randomInt } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { z } from 'zod';

export const PASSWORD_MIN_LENGTH = 8;

/** A password a person chooses: the first run's, and the one replacing a temporary password. */
export const ChosenPassword = z.string()
  .min(PASSWORD_MIN_LENGTH, `a senha precisa de pelo menos ${PASSWORD_MIN_LENGTH} caracteres`)
  .max(200, 'senha longa demais');

const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** 12 characters from 31 (about 59 bits), in three groups: "k7pm-x2qa-9dfe". */
export function temporaryPassword(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8)].map((group) => group.join('')).join('-');
}

export const hashPassword = (password: string) => hash(password);
