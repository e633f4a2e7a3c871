// Forms at the edge: each form is one zod schema over the fields as typed, and every form parses
// into one shape: what was typed (to show again), a message per field, and the clean input (or null).
import * as z from 'zod';
import { BIDI_CONTROLS } from '../domain';
import { type FieldErrors, Invalid } from '../errors';
import { formatMoney, isIsoDate, MAX_CENTS, parseMoney } from '../format';

export type { FieldErrors } from '../errors';
export type FormBody = Record<string, unknown>;

/** A form's field as typed: the first value when sent twice, '' when missing, no NUL byte, trimmed unless told. */
export function field(body: FormBody | undefined, name: string, { trim = true } = {}): string {
  let value = body?.[name];
  if (Array.isArray(value)) value = value[0];
  if (typeof value !== 'string') return '';
  // A NUL byte is never meant, and PostgreSQL's text cannot hold one.
  const text = value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
  return trim ? text.trim() : text;
}

/** The named fields as typed, trimmed but for those in `untrimmed`. */
export function readFields(body: FormBody | undefined, names: readonly string[], untrimmed: readonly string[] = []): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, field(body, name, { trim: !untrimmed.includes(name) })]));
}

/** Every form parses into this. */
export interface FormResult<V, I> {
  values: V;
  errors: FieldErrors;
  input: I | null;
}

/** What a form holds as typed: every field of its schema as a string. */
export type Fields<S extends z.ZodRawShape> = { [K in keyof S]: string };

/** The first message of each field (a field shows one message at a time). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return errors;
}

function firstMessage(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'Please check this field.';
}

/**
 * A form: the fields of `schema` read as typed (those in `untrimmed`, passwords, exactly as typed),
 * checked by the schema, and the result turned into the service's input by `to`.
 */
export function form<S extends z.ZodRawShape, I = z.output<z.ZodObject<S>>>(
  schema: z.ZodObject<S>,
  { untrimmed = [], to }: { untrimmed?: (keyof S & string)[]; to?: (data: z.output<z.ZodObject<S>>) => I } = {},
): (body: FormBody | undefined) => FormResult<Fields<S>, I> {
  const names = Object.keys(schema.shape) as (keyof S & string)[];
  return (body) => {
    const values = readFields(body, names, untrimmed) as Fields<S>;
    const parsed = schema.safeParse(values);
    if (!parsed.success) return { values, errors: fieldErrors(parsed.error), input: null };
    return { values, errors: {}, input: to ? to(parsed.data) : (parsed.data as I) };
  };
}

/** Only when none of `names` has a message yet: for a rule across fields (an end after its start). */
export function whenValid(...names: string[]) {
  return { when: (payload: { issues: { path?: PropertyKey[] }[] }) => !payload.issues.some((i) => names.includes(String(i.path?.[0]))) };
}

/** Checks more fields of `values` with `schemas` (inside a refinement), each field's first message. */
export function checkFields(ctx: z.RefinementCtx, schemas: Record<string, z.ZodType<unknown, string>>, values: Record<string, string>): void {
  for (const [name, schema] of Object.entries(schemas)) {
    const parsed = schema.safeParse(values[name] ?? '');
    if (!parsed.success) ctx.addIssue({ code: 'custom', path: [name], message: firstMessage(parsed.error) });
  }
}

/** Parses one value with `schema`, or throws {@link Invalid} with its message under `name`. */
export function parseOrThrow<T>(name: string, schema: z.ZodType<T, string>, value: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Invalid({ [name]: firstMessage(parsed.error) });
  return parsed.data;
}

export interface TextRule {
  label: string;
  /** True, or the message to show when it is missing (else "<label> is required."). */
  required?: boolean | string;
  min?: number;
  max: number;
  pattern?: RegExp;
  patternMessage?: string;
  /** Paragraphs of text: bidi controls are kept (right-to-left writers may need them; pages isolate them). */
  multiline?: boolean;
}

/** Unicode's embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): they can make text display reversed. */

/** Checks that apply once something was typed (an empty optional field is fine as it is). */
const FILLED = { when: (payload: { value: unknown }) => payload.value !== '' };

/**
 * A text field: '' when optional and empty; one message, in this order: required, min, max, pattern.
 * A single line loses any bidi control (a field with a pattern, like a username, refuses it instead).
 */
export function text(rule: TextRule): z.ZodType<string, string> {
  const { label } = rule;
  let schema = z.string();
  if (rule.required) schema = schema.min(1, { error: typeof rule.required === 'string' ? rule.required : `${label} is required.` });
  if (rule.min !== undefined) schema = schema.min(rule.min, { error: `${label} must be at least ${rule.min} characters.`, ...FILLED });
  schema = schema.max(rule.max, { error: `${label} must be at most ${rule.max} characters.` });
  if (rule.pattern) schema = schema.regex(rule.pattern, { error: rule.patternMessage ?? `${label} is not valid.`, ...FILLED });
  if (rule.multiline || rule.pattern) return schema;
  return z
    .string()
    .transform((value) => value.replace(BIDI_CONTROLS, '').trim())
    .pipe(schema);
}

/** One of `allowed`, else `message` (`missing` when nothing was chosen). */
export function oneOf<const T extends readonly [string, ...string[]]>(allowed: T, message: string, missing = message): z.ZodType<T[number], string> {
  return z.string().min(1, { error: missing }).pipe(z.enum(allowed, { error: message }));
}

/** What a budget may be, said whenever one is refused. */
const BUDGET_RANGE = `Budget must be a positive amount of at most ${formatMoney(MAX_CENTS)}, e.g. 1500 or 1500.50.`;

/** An amount of money ("1500" or "1500.50") as integer cents. */
export function money(missing = 'Budget is required.'): z.ZodType<number, string> {
  return z.string().transform((value, ctx) => {
    const cents = value === '' ? null : parseMoney(value);
    if (cents === null) ctx.issues.push({ code: 'custom', message: value === '' ? missing : BUDGET_RANGE, input: value });
    return cents ?? 0;
  });
}

/**
 * The largest id (or version) a row can have: ids are `increments()`, a 32-bit integer on
 * PostgreSQL, which refuses to compare its integer columns with anything larger (a 500, not a 404).
 */
export const MAX_ID = 2_147_483_647;

/** A positive whole number id that a row could have, or null. */
export function parseId(value: unknown): number | null {
  if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= MAX_ID ? id : null;
}

/** An id field (a choice from a list), else `message`. */
export function id(message: string): z.ZodType<number, string> {
  return z.string().transform((value, ctx) => {
    const parsed = parseId(value);
    if (parsed === null) ctx.issues.push({ code: 'custom', message, input: value });
    return parsed ?? 0;
  });
}

/** A date typed as YYYY-MM-DD. */
export function date(label: string): z.ZodType<string, string> {
  return z
    .string()
    .min(1, { error: `${label} is required.` })
    .refine(isIsoDate, { error: `${label} must be a date like 2027-03-31.` });
}

