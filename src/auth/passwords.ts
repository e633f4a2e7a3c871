// Password hashing with argon2id (at the configured cost: the library's defaults of 64 MiB and 3
// passes unless PASSWORD_HASH_* say otherwise), and the strength a new password needs.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import argon2 from 'argon2';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export interface HashingCost {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

let cost: HashingCost = { memoryCost: 65536, timeCost: 3, parallelism: 4 };

/** Sets the cost of new hashes in this process (from the config, when its context is made). */
export function configurePasswordHashing(next: HashingCost): void {
  if (next.memoryCost !== cost.memoryCost || next.timeCost !== cost.timeCost || next.parallelism !== cost.parallelism) dummyHash = null;
  cost = next;
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, ...cost });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;
/** Spends the same time as a real check, so a login for an unknown account is not faster. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('not-a-real-password-for-timing');
  await verifyPassword(await dummyHash, password);
  return false;
}

let strength: ZxcvbnFactory | undefined;

/**
 * Why a new password is too weak, or null: it may not contain the username or the email's name,
 * and zxcvbn (with its common-password and English dictionaries) must rate it at least 3 of 4
 * ("safely unguessable"). The checker is built on first use (its dictionaries take ~0.2 s).
 */
export function passwordWeakness(password: string, person: { username?: string; email?: string }): string | null {
  const lower = password.toLowerCase();
  const username = person.username?.toLowerCase() ?? '';
  const email = person.email?.toLowerCase() ?? '';
  const emailName = email.split('@')[0] ?? '';
  if ([username, emailName].some((part) => part.length >= 3 && lower.includes(part))) {
    return 'Password must not contain your username or email. Choose words that have nothing to do with your account.';
  }
  strength ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  const rated = strength.check(password, [username, email, emailName].filter((s) => s !== ''));
  if (rated.score >= 3) return null;
  const why = rated.feedback.warning ? ` ${rated.feedback.warning}` : '';
  return `Password is too easy to guess.${why} Try three or four unrelated words, e.g. “lantern oyster maple drift”.`;
}
