// The monthly report's PDF prints names and titles in every script: Devanagari, Tamil, Bengali,
// Arabic, Chinese, Japanese, Korean, Greek, Cyrillic and emoji. What a reader copies out of it
// (pdftotext, from poppler-utils, which .ci/run installs) is what was typed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { reportPdf } from '../../src/jobs/monthlyReport';
import { drawingOrder, fontRuns } from '../../src/pdf/text';
import type { MonthlyReport } from '../../src/services/reports';

const TITLES = [
  'प्रिया की दिवाली सेल', // Devanagari: conjuncts and a vowel sign drawn before its consonant
  'தமிழ் பொங்கல் வாழ்த்து', // Tamil: two-part vowel signs
  'বাংলা নববর্ষ উৎসব', // Bengali: reph
  '春节快乐 新品发布', // Chinese
  '東京の夏キャンペーン', // Japanese
  '서울 여름 세일', // Korean
  'Summer drop 🎉🔥 for you', // emoji
  'Ελληνικά και Кириллица', // Greek and Cyrillic
  'ਪੰਜਾਬੀ ਗੁਰਮੁਖੀ', // Gurmukhi: fontkit trips on its above-base marks, so these are placed without them
  'สวัสดี ครับ', // Thai
];
const RIGHT_TO_LEFT = ['عروض رمضان كريم', 'שלום עולם'];

const dir = mkdtempSync(path.join(tmpdir(), 'pdf-scripts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function report(titles: string[]): MonthlyReport {
  return {
    sponsorId: 1,
    username: 'brand_of_many_scripts',
    email: 'brand@example.test',
    month: '2031-05',
    campaigns: titles.map((title, id) => ({ id, title, startDate: '2031-05-01', endDate: '2031-05-31', budgetCents: 100_000, committedCents: 25_000, influencers: 2 })),
    offersSent: 3,
    offersAccepted: 2,
    offersRejected: 1,
    budgetCents: 100_000,
    committedCents: 25_000,
    paidCents: 10_000,
    remainingCents: 75_000,
    followersReached: 1200,
    deliverablesApproved: 1,
    deliverablesOverdue: 0,
    results: { views: 1000, likes: 50, comments: 10, clicks: 40, engagementRate: 0.1, costPerEngagementCents: 250 },
  } as MonthlyReport;
}

async function textOf(titles: string[], mode: '-raw' | '-nopgbrk'): Promise<{ text: string; fonts: string }> {
  const file = path.join(dir, `report-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, await reportPdf(report(titles)));
  return { text: execFileSync('pdftotext', [mode, file, '-'], { encoding: 'utf8' }), fonts: execFileSync('pdffonts', [file], { encoding: 'utf8' }) };
}

describe('a PDF report in every script', () => {
  it('holds each title as typed in its text layer, in embedded fonts', async () => {
    const { text, fonts } = await textOf(TITLES, '-raw');
    for (const title of TITLES) assert.ok(text.includes(`${title} (1 May 2031 – 31 May 2031)`), `the text layer holds “${title}”:\n${text}`);
    assert.match(text, /Sponsor: brand_of_many_scripts/);
    for (const family of ['NotoSans-Regular', 'NotoSansTamil', 'NotoSansBengali', 'NotoSansSC', 'NotoSansKR', 'NotoEmoji']) {
      assert.match(fonts, new RegExp(`\\+${family}`), `${family} is embedded`);
    }
    assert.doesNotMatch(fonts, /Helvetica/, 'no Latin-1-only standard font is used');
  });

  it('prints right-to-left words whole, each one readable in the text layer', async () => {
    // An extractor puts right-to-left words back in reading order itself; each word comes out whole.
    const { text, fonts } = await textOf(RIGHT_TO_LEFT, '-nopgbrk');
    for (const word of RIGHT_TO_LEFT.join(' ').split(' ')) assert.ok(text.includes(word), `the text layer holds “${word}”:\n${text}`);
    assert.match(fonts, /\+NotoSansArabic/);
    assert.match(fonts, /\+NotoSansHebrew/);
  });

  it('sets each run in the first font of the chain that has it', () => {
    assert.deepEqual(fontRuns('Anu अनु-2 春 🎉 ok'), [
      { family: 'NotoSans', text: 'Anu अनु-2 ' },
      { family: 'NotoSansSC', text: '春 ' },
      { family: 'NotoEmoji', text: '🎉' },
      { family: 'NotoSans', text: ' ok' },
    ]);
    // A right-to-left run ends at its last letter, so the space after it is not drawn on its left.
    assert.deepEqual(fontRuns('سلام (1'), [
      { family: 'NotoSansArabic', text: 'سلام' },
      { family: 'NotoSans', text: ' (1' },
    ]);
  });

  it('draws a right-to-left stretch last word first, numbers and what follows in their place', () => {
    assert.deepEqual(drawingOrder(fontRuns('Hi שלום עולם 2 ok')).flatMap((s) => s.runs.map((r) => r.text)), ['Hi ', 'עולם', ' ', 'שלום', ' 2 ok']);
  });
});
