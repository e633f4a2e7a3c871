// Text in every script for the PDFs we make (pdfkit). pdfkit's own fonts stop at Latin-1, so each
// string is cut into runs, and each run is set in the first font of a fallback chain (Noto, from
// npm packages: no system fonts needed) that has all of its characters. pdfkit embeds the subset
// of each font a document uses, with a ToUnicode map, so the text layer holds what was written.
import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';

/** The chain, first match wins: Latin, Greek, Cyrillic and Vietnamese first, emoji last. */
const CHAIN: readonly (readonly [family: string, pkg: string])[] = [
  ['NotoSans', 'noto-sans'],
  ['NotoSansDevanagari', 'noto-sans-devanagari'],
  ['NotoSansBengali', 'noto-sans-bengali'],
  ['NotoSansTamil', 'noto-sans-tamil'],
  ['NotoSansTelugu', 'noto-sans-telugu'],
  ['NotoSansKannada', 'noto-sans-kannada'],
  ['NotoSansMalayalam', 'noto-sans-malayalam'],
  ['NotoSansGujarati', 'noto-sans-gujarati'],
  ['NotoSansGurmukhi', 'noto-sans-gurmukhi'],
  ['NotoSansArabic', 'noto-sans-arabic'],
  ['NotoSansHebrew', 'noto-sans-hebrew'],
  ['NotoSansThai', 'noto-sans-thai'],
  ['NotoSansSC', 'noto-sans-sc'],
  ['NotoSansKR', 'noto-sans-kr'],
  ['NotoSansSymbols2', 'noto-sans-symbols-2'],
  ['NotoEmoji', 'noto-emoji'],
];

interface ChainFont {
  family: string;
  file: string;
  /** Spaces, digits and punctuation after a run stay in it, except after emoji (whose space is wide). */
  direction: 'ltr' | 'rtl' | 'emoji';
  bytes?: Buffer;
  font?: fontkit.Font;
}

const fonts: ChainFont[] = CHAIN.map(([family, pkg]) => ({
  family,
  direction: family === 'NotoEmoji' ? 'emoji' : family === 'NotoSansArabic' || family === 'NotoSansHebrew' ? 'rtl' : 'ltr',
  file: path.join(path.dirname(require.resolve(`@expo-google-fonts/${pkg}/package.json`)), '400Regular', `${family}_400Regular.ttf`),
}));

const byFamily = new Map(fonts.map((f) => [f.family, f]));

/** Read on first use and kept: a report in Latin letters never reads the CJK files. */
function open(f: ChainFont): { bytes: Buffer; font: fontkit.Font } {
  f.bytes ??= fs.readFileSync(f.file);
  f.font ??= fontkit.create(f.bytes) as fontkit.Font;
  return { bytes: f.bytes, font: f.font };
}

function has(font: number, char: string): boolean {
  return open(fonts[font]!).font.hasGlyphForCodePoint(char.codePointAt(0) ?? 0);
}

/** Characters always set in the font of the one before them: marks, joiners, selectors, skin tones. */
function follows(char: string): boolean {
  const c = char.codePointAt(0) ?? 0;
  return /^\p{M}$/u.test(char) || c === 0x200c || c === 0x200d || (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0x1f3fb && c <= 0x1f3ff) || (c >= 0xe0020 && c <= 0xe007f);
}
const LETTER = /^\p{L}$/u;

/**
 * Splits text into runs of one font each. A letter goes to the first font of the chain that has it;
 * spaces, digits and punctuation stay in the run they are in when its font has them (so "अनु-2" is one
 * run), as `direction` allows.
 */
export function fontRuns(text: string): { family: string; text: string }[] {
  const runs: { font: number; text: string }[] = [];
  const add = (font: number, char: string) => {
    const last = runs[runs.length - 1];
    if (last && last.font === font) last.text += char;
    else runs.push({ font, text: char });
  };
  const first = (char: string) => Math.max(0, fonts.findIndex((_, i) => has(i, char)));
  const endRightToLeft = () => {
    // fontkit turns a right-to-left run around: what trails its last letter is set after it.
    const last = runs[runs.length - 1];
    const tail = last && fonts[last.font]!.direction === 'rtl' ? (/[^\p{L}\p{M}]+$/u.exec(last.text)?.[0] ?? '') : '';
    if (!last || !tail || tail === last.text) return;
    last.text = last.text.slice(0, -tail.length);
    for (const c of tail) add(first(c), c);
  };
  for (const char of text) {
    const last = runs[runs.length - 1];
    if (last && (follows(char) || (!LETTER.test(char) && fonts[last.font]!.direction !== 'emoji' && has(last.font, char)))) {
      last.text += char;
      continue;
    }
    endRightToLeft();
    add(first(char), char);
  }
  endRightToLeft();
  return runs.map((r) => ({ family: fonts[r.font]!.family, text: r.text }));
}

/** pdfkit keeps the size it sets text in to itself. */
function fontSize(doc: PDFKit.PDFDocument): number {
  return (doc as unknown as { _fontSize: number })._fontSize;
}

const registered = new WeakMap<PDFKit.PDFDocument, Set<string>>();

/** Text whose glyphs are its characters one by one, in order: no ActualText needed. */
const PLAIN = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}\p{Script=Inherited}]*$/u;

type Run = { family: string; text: string };

/**
 * Puts right-to-left stretches in drawing order: fontkit turns each right-to-left run around, and
 * a stretch of such runs (with the spaces, digits and punctuation between them) is drawn last
 * run first. Left-to-right runs inside, such as numbers, keep their own order. Returns the
 * paragraph as stretches, each left to right or right to left.
 */
export function drawingOrder(runs: Run[]): { rtl: boolean; runs: Run[] }[] {
  const rtl = (r: Run) => byFamily.get(r.family)!.direction === 'rtl';
  const neutral = (r: Run) => !/\p{L}/u.test(r.text);
  const out: { rtl: boolean; runs: Run[] }[] = [];
  for (let i = 0; i < runs.length; ) {
    if (!rtl(runs[i]!)) {
      const last = out[out.length - 1];
      if (last && !last.rtl) last.runs.push(runs[i++]!);
      else out.push({ rtl: false, runs: [runs[i++]!] });
      continue;
    }
    let end = i;
    for (let j = i + 1; j < runs.length && (rtl(runs[j]!) || neutral(runs[j]!)); j++) if (rtl(runs[j]!)) end = j;
    out.push({ rtl: true, runs: runs.slice(i, end + 1).reverse() });
    i = end + 1;
  }
  return out;
}

/** What to tell fontkit for a run it can shape: nothing, or without the mark lookups it trips on. */
const FALLBACK_FEATURES = [undefined, { abvm: false, blwm: false }, { abvm: false, blwm: false, mark: false, mkmk: false }] as const;

function featuresFor(family: string, text: string): (typeof FALLBACK_FEATURES)[number] | null {
  const font = open(byFamily.get(family)!).font;
  const pieces = [text, ...text.split(/\s+/)];
  for (const features of FALLBACK_FEATURES) {
    try {
      for (const piece of pieces) font.layout(piece, features as never);
      return features;
    } catch {
      // fontkit fails on some fonts' lookups (Noto Sans Gurmukhi's above-base marks): try the next.
    }
  }
  return null;
}

/**
 * Writes one paragraph, font by font, on one baseline; pdfkit embeds only the glyphs a document
 * uses. Shaped scripts reorder and join glyphs, so such a paragraph carries its text as typed
 * (ActualText), which is what a reader copies or searches.
 */
export function writeText(doc: PDFKit.PDFDocument, text: string): PDFKit.PDFDocument {
  const stretches = drawingOrder(fontRuns(text));
  if (stretches.length === 0) return doc.text('');
  const base = open(fonts[0]!).font;
  const baseline = -(base.ascent / base.unitsPerEm) * fontSize(doc);
  const known = registered.get(doc) ?? new Set<string>();
  registered.set(doc, known);
  const runs = stretches.flatMap((s) => s.runs);
  // Right-to-left text is left to the reader's own reordering: every extractor expects its glyphs
  // in drawing order, and would turn ActualText around (and a span per stretch breaks the line).
  const shaped = !PLAIN.test(text) && !stretches.some((s) => s.rtl);
  if (shaped) doc.markContent('Span', { actual: text });
  runs.forEach((run, i) => {
    const features = featuresFor(run.family, run.text);
    // A run no font can shape is drawn in the first font (as boxes); its text stays in ActualText.
    const family = features === null ? fonts[0]!.family : run.family;
    if (!known.has(family)) {
      doc.registerFont(family, open(byFamily.get(family)!).bytes);
      known.add(family);
    }
    // A continued paragraph keeps its first run's line wrapper, which measures words with its own
    // features: give it this run's.
    const wrapper = (doc as unknown as { _wrapper?: { features?: unknown } | null })._wrapper;
    if (wrapper) wrapper.features = features ?? undefined;
    doc.font(family).text(run.text, { continued: i < runs.length - 1, baseline, features: (features ?? undefined) as never });
  });
  if (shaped) doc.endMarkedContent();
  return doc;
}
