// Reading the emails the app wrote: .eml files in its mail folder, and quoted-printable undone.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Every .eml file in `dir` (none when it does not exist yet). */
export function mailsIn(dir: string): string[] {
  try {
    return readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8'));
  } catch {
    return [];
  }
}

/** Undoes quoted-printable (soft breaks, =XX bytes) and reads the bytes as UTF-8. */
export function decode(data: string): string {
  const text = data.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}
