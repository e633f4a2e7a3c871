// Small building blocks for the form schemas: each schema returns the cleaned values and a
// message per field, so a form can be re-rendered with what was typed and what is wrong.

import { type FieldErrors, Invalid } from '../errors';
import { parseMoney } from '../format';

export type { FieldErrors } from '../errors';
export type FormBody = Record<string, unknown>;

export interface Validated<T> {
  values: T;
  errors: FieldErrors;
  ok: boolean;
}

/** A field as a trimmed string ('' when missing; the first one when sent twice). */
export function field(body: FormBody | undefined, name: string, { trim = true } = {}): string {
  let value = body?.[name];
  if (Array.isArray(value)) value = value[0];
  if (typeof value !== 'string') return '';
  // A NUL byte is never meant, and PostgreSQL's text cannot hold one.
  const text = value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
  return trim ? text.trim() : text;
}

export interface TextRule {
  label: string;
  /** True, or the message to show when it is missing (else "<label> is required."). */
  required?: boolean | string;
  min?: number;
  max: number;
  pattern?: RegExp;
  patternMessage?: string;
}

/** Checks one text value, writing a message into `errors` when it fails. */
export function checkText(errors: FieldErrors, name: string, value: string, rule: TextRule): void {
  if (value === '') {
    if (rule.required) errors[name] = typeof rule.required === 'string' ? rule.required : `${rule.label} is required.`;
    return;
  }
  if (rule.min !== undefined && value.length < rule.min) {
    errors[name] = `${rule.label} must be at least ${rule.min} characters.`;
  } else if (value.length > rule.max) {
    errors[name] = `${rule.label} must be at most ${rule.max} characters.`;
  } else if (rule.pattern && !rule.pattern.test(value)) {
    errors[name] = rule.patternMessage ?? `${rule.label} is not valid.`;
  }
}

/**
 * A required amount of money ("1500" or "1500.50"): its integer cents, or null with a message
 * written into `errors` (`missing` when empty, the positive-amount rule otherwise).
 */
export function checkMoney(errors: FieldErrors, name: string, value: string, missing = 'Budget is required.'): number | null {
  if (value === '') {
    errors[name] = missing;
    return null;
  }
  const cents = parseMoney(value);
  if (cents === null) errors[name] = 'Budget must be a positive amount, e.g. 1500 or 1500.50.';
  return cents;
}

export function checkOneOf<T extends string>(
  errors: FieldErrors,
  name: string,
  value: string,
  allowed: readonly T[],
  message: string,
): value is T {
  if ((allowed as readonly string[]).includes(value)) return true;
  errors[name] = message;
  return false;
}

export function result<T>(values: T, errors: FieldErrors): Validated<T> {
  return { values, errors, ok: Object.keys(errors).length === 0 };
}

/** The reason a moderation step needs (shown to whom it concerns): trimmed, else Invalid with `missing`. */
export function requireReason(value: string, missing: string): string {
  const errors: FieldErrors = {};
  const reason = value.trim();
  checkText(errors, 'reason', reason, { label: 'A reason', required: missing, max: 500 });
  if (errors.reason) throw new Invalid(errors);
  return reason;
}
