// The layers (docs/architecture.md): services hold the rules and never reach up into the edge (a
// form schema, a route); a route parses, calls and renders, and shares code through src/web, never
// by importing another route or a job. Files stay small enough to read, and services are what
// their files say (nothing wraps them afterwards).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '../../src');

function importsOf(dir: string): { file: string; from: string }[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => {
      const source = readFileSync(path.join(root, dir, f), 'utf8');
      // Relative imports only, as paths under src/ (packages are not layers).
      return [...source.matchAll(/^import[^'"]*['"](\.[^'"]+)['"]/gm)].map((m) => ({ file: `${dir}/${f}`, from: path.join(dir, path.dirname(f), m[1]!) }));
    });
}

describe('the layers', () => {
  it('no service imports src/validation or src/routes', () => {
    const wrong = importsOf('services').filter(({ from }) => /^(validation|routes)(\/|$)/.test(from));
    assert.deepEqual(wrong, []);
  });

  it('no file under src/ is over 400 lines (a bigger noun becomes a folder of rooms)', () => {
    const long = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => ({ file: f, lines: readFileSync(path.join(root, f), 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 400);
    assert.deepEqual(long, []);
  });

  it('no service method is replaced after its service is built', () => {
    const source = readFileSync(path.join(root, 'services/index.ts'), 'utf8');
    // No property assigned (`services.campaigns.create = …`), no Object.assign or defineProperty.
    assert.doesNotMatch(source, /\w\.\w+\s*=[^=>]|Object\.(assign|defineProperty)/);
  });

  it('no route imports src/jobs or another route', () => {
    const wrong = importsOf('routes').filter(({ from }) => /^jobs(\/|$)/.test(from) || /^routes\//.test(from));
    assert.deepEqual(wrong, []);
  });
});
