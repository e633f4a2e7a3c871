// Money and dates at the edges: parsed from what people type, formatted for what they read.
// Inside the app money is integer minor units (`budgetCents`) and dates are 'YYYY-MM-DD'.

export const CURRENCY = 'USD';
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: CURRENCY });

/** The largest amount a form accepts: ten million. */
export const MAX_CENTS = 10_000_000 * 100;

/** "1500.50" or "1,500.5" → 150050; null for anything that is not a positive amount. */
export function parseMoney(text: string): number | null {
  const cleaned = text.trim().replace(/^\$/, '').replace(/,/g, '');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ''] = cleaned.split('.');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return cents > 0 && cents <= MAX_CENTS ? cents : null;
}

/** 150050 → "$1,500.50". */
export function formatMoney(cents: number): string {
  return money.format(cents / 100);
}

const count = new Intl.NumberFormat('en-US');

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return count.format(n);
}

/** 0.0734 → "7.3%"; "—" where there was nothing to divide by. */
export function formatPercent(ratio: number | null): string {
  return ratio === null ? '—' : `${(ratio * 100).toFixed(1)}%`;
}

/** Hundredths of a percent as a percentage: 325 → "3.25%", 300 → "3%". */
export function formatBp(bp: number): string {
  return `${bpInput(bp)}%`;
}

/** Hundredths of a percent as a form field shows them: 325 → "3.25", 350 → "3.5". */
export function bpInput(bp: number): string {
  const fraction = String(bp % 100).padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${Math.floor(bp / 100)}.${fraction}` : String(Math.floor(bp / 100));
}

/** 150050 → "1500.50", the value a form field shows. */
export function moneyInput(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** A real calendar date in 'YYYY-MM-DD' form (2026-02-30 is not one). */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

export function today(at = Date.now()): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** The day `days` after `day` (both 'YYYY-MM-DD'; negative goes back). */
export function addDays(day: string, days: number): string {
  return today(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000);
}

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

const formattedDates = new Map<string, string>();

/** '2026-11-25' → "25 Nov 2026" (remembered: pages show the same few hundred dates over and over). */
export function formatDate(isoDate: string): string {
  let text = formattedDates.get(isoDate);
  if (text === undefined) {
    text = dateFormat.format(new Date(`${isoDate}T00:00:00Z`));
    if (formattedDates.size >= 5_000) formattedDates.clear();
    formattedDates.set(isoDate, text);
  }
  return text;
}

/** Epoch ms → "25 Nov, 14:05" (UTC). */
export function formatTime(at: number): string {
  return `${timeFormat.format(new Date(at))} UTC`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** An email address as HTML that wraps at sensible points: before the @ and the dots after it. */
export function formatEmail(email: string): string {
  const escaped = email.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
  const at = escaped.indexOf('@');
  if (at < 0) return escaped;
  return `${escaped.slice(0, at)}<wbr>@${escaped.slice(at + 1).replace(/\./g, '<wbr>.')}`;
}
