// The creator profile's vocabulary, shared by the forms, the services and the pages (as domain.ts
// is): the platforms and how a handle on each is written and linked, the kinds of deliverable a
// rate card prices, availability, and the countries and languages a profile can name.

/** A vocabulary's keys, in order, as the non-empty tuple zod's enums take. */
function keysOf<T extends object>(table: T): [keyof T & string, ...(keyof T & string)[]] {
  return Object.keys(table) as [keyof T & string, ...(keyof T & string)[]];
}

/** How a handle on a platform is written (after a leading @ is dropped) and the link made from it. */
interface PlatformRule {
  label: string;
  pattern: RegExp;
  /** Said when the handle does not fit `pattern`. */
  example: string;
  link: (handle: string) => string;
}

export const PLATFORMS = {
  instagram: { label: 'Instagram', pattern: /^[A-Za-z0-9._]{1,30}$/, example: 'letters, digits, dots and underscores, up to 30 (e.g. lena.trails)', link: (h) => `https://www.instagram.com/${h}/` },
  youtube: { label: 'YouTube', pattern: /^[A-Za-z0-9._-]{3,30}$/, example: 'your @handle: 3 to 30 letters, digits, dots, dashes or underscores', link: (h) => `https://www.youtube.com/@${h}` },
  tiktok: { label: 'TikTok', pattern: /^[A-Za-z0-9._]{2,24}$/, example: 'letters, digits, dots and underscores, 2 to 24', link: (h) => `https://www.tiktok.com/@${h}` },
  x: { label: 'X', pattern: /^[A-Za-z0-9_]{1,15}$/, example: 'letters, digits and underscores, up to 15', link: (h) => `https://x.com/${h}` },
  facebook: { label: 'Facebook', pattern: /^[A-Za-z0-9.]{5,50}$/, example: 'your page name: letters, digits and dots, 5 to 50', link: (h) => `https://www.facebook.com/${h}` },
  linkedin: { label: 'LinkedIn', pattern: /^[A-Za-z0-9-]{3,100}$/, example: 'the name in your profile address (linkedin.com/in/…): letters, digits and dashes', link: (h) => `https://www.linkedin.com/in/${h}` },
  twitch: { label: 'Twitch', pattern: /^[A-Za-z0-9_]{4,25}$/, example: 'letters, digits and underscores, 4 to 25', link: (h) => `https://www.twitch.tv/${h}` },
  snapchat: { label: 'Snapchat', pattern: /^[A-Za-z][A-Za-z0-9._-]{2,14}$/, example: '3 to 15 characters starting with a letter', link: (h) => `https://www.snapchat.com/add/${h}` },
  blog: { label: 'Blog / website', pattern: /^https?:\/\/[^\s/$.?#][^\s]{2,190}$/i, example: 'the address, starting with https:// (or http://)', link: (h) => h },
} satisfies Record<string, PlatformRule>;
export type Platform = keyof typeof PLATFORMS;
export const PLATFORM_KEYS = keysOf(PLATFORMS);

/** A handle as stored: without the leading @ people often type (a blog keeps its address). */
export function normalHandle(platform: Platform, typed: string): string {
  return platform === 'blog' ? typed : typed.replace(/^@/, '');
}

/** The link to a platform account, made from its handle (never a link someone typed, but for a blog's http(s) address). */
export function platformLink(platform: Platform, handle: string): string {
  return PLATFORMS[platform].link(handle);
}

/** Where a creator's public page (and media kit) is. */
export function publicProfilePath(username: string): string {
  return `/@${username}`;
}

/** Figures entered longer ago than this say "figures not updated since …". */
export const FIGURES_FRESH_DAYS = 90;

export function figuresStale(figuresAt: number, at = Date.now()): boolean {
  return at - figuresAt > FIGURES_FRESH_DAYS * 24 * 3600 * 1000;
}

/** The kinds of deliverable a rate card prices, in the order the card lists them (form field `rate_<kind>`). */
export const RATE_KINDS = {
  post: 'Post',
  short: 'Short video / reel',
  story: 'Story',
  video: 'Long video',
  live: 'Live stream',
  blog: 'Blog post',
} as const;
export type RateKind = keyof typeof RATE_KINDS;
export const RATE_KIND_KEYS = keysOf(RATE_KINDS);

export const AVAILABILITIES = {
  open: 'Open to collaborations',
  busy: 'Busy until a date',
  closed: 'Not taking work (hidden from search)',
} as const;
export type Availability = keyof typeof AVAILABILITIES;
export const AVAILABILITY_KEYS = keysOf(AVAILABILITIES);

/** Where an influencer stands now: busy only until its date (then open again), closed until changed. */
export function availabilityNow(availability: Availability, busyUntil: string | null, today: string): Availability {
  return availability === 'busy' && (!busyUntil || busyUntil < today) ? 'open' : availability;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
const NOT_COUNTRIES = new Set(['UK', 'DY', 'HV', 'NH', 'VD', 'RH', 'EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ', 'AN', 'BU', 'CS', 'DD', 'FX', 'NT', 'SU', 'TP', 'YD', 'YU', 'ZR', 'AC', 'CP', 'DG', 'EA', 'IC', 'TA', 'CQ']);
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Countries by ISO 3166-1 code, with their English names, sorted by name. */
export const COUNTRIES: readonly { code: string; name: string }[] = [...LETTERS]
  .flatMap((a) => [...LETTERS].map((b) => a + b))
  .filter((code) => !NOT_COUNTRIES.has(code) && regionNames.of(code) !== code)
  .map((code) => ({ code, name: regionNames.of(code)! }))
  .sort((a, b) => a.name.localeCompare(b.name, 'en'));
const COUNTRY_CODES = new Set(COUNTRIES.map((c) => c.code));

export function isCountry(code: string): boolean {
  return COUNTRY_CODES.has(code);
}

export function countryName(code: string): string {
  return isCountry(code) ? regionNames.of(code)! : '';
}

const COUNTRY_BY_NAME = new Map(COUNTRIES.map((c) => [c.name.toLowerCase(), c.code]));

/**
 * The country a typed name or code stands for ("France", "france", "FR"), or undefined. Forms take
 * a country as typed text: a list of every country would weigh more than the rest of the page.
 */
export function countryCode(typed: string): string | undefined {
  const text = typed.trim();
  if (/^[A-Za-z]{2}$/.test(text) && isCountry(text.toUpperCase())) return text.toUpperCase();
  return COUNTRY_BY_NAME.get(text.toLowerCase());
}

/** Languages a profile can name (ISO 639-1), the ones most creators publish in. */
const LANGUAGE_CODES = [
  'ar', 'bn', 'cs', 'da', 'de', 'el', 'en', 'es', 'fa', 'fi', 'fil', 'fr', 'gu', 'he', 'hi', 'hu', 'id', 'it', 'ja', 'kn', 'ko', 'ml', 'mr',
  'ms', 'nl', 'no', 'pa', 'pl', 'pt', 'ro', 'ru', 'sv', 'sw', 'ta', 'te', 'th', 'tr', 'uk', 'ur', 'vi', 'zh',
];
export const LANGUAGES: readonly { code: string; name: string }[] = LANGUAGE_CODES.map((code) => ({ code, name: languageNames.of(code)! })).sort((a, b) =>
  a.name.localeCompare(b.name, 'en'),
);
const LANGUAGE_BY_NAME = new Map(LANGUAGES.flatMap((l) => [[l.name.toLowerCase(), l.code], [l.code, l.code]] as const));

/** The language a typed name or code stands for ("Spanish", "es"), or undefined. */
export function languageCode(typed: string): string | undefined {
  return LANGUAGE_BY_NAME.get(typed.trim().toLowerCase());
}

export function languageName(code: string): string {
  return LANGUAGES.find((l) => l.code === code)?.name ?? code;
}

/** Language codes as stored (",en,es,"): one is found with a plain LIKE '%,en,%'. */
export function storedLanguages(codes: readonly string[]): string {
  return codes.length ? `,${codes.join(',')},` : '';
}

export function languagesOf(stored: string): string[] {
  return stored.split(',').filter(Boolean);
}

/** The creator profile's own fields, as the profile form gives them to the users service. */
export interface CreatorProfileInput {
  displayName: string;
  bio: string;
  city: string;
  country: string;
  /** ISO 639-1 codes. */
  languages: string[];
  availability: Availability;
  busyUntil: string | null;
}

/** A platform account as its form gives it. */
export interface PlatformInput {
  platform: Platform;
  handle: string;
  followers: number;
  avgViews: number;
  /** Engagement rate in hundredths of a percent. */
  engagementBp: number;
}

/** Each kind's price in cents, null when not offered. */
export type RatesInput = Record<RateKind, number | null>;
