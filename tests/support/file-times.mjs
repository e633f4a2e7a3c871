// A test reporter that writes how long each test file took, slowest first (TEST_TIMES=path in
// tests/run.mjs): where the suite's time goes.
export default async function* fileTimes(source) {
  const files = new Map();
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0 && event.data.file) {
      files.set(event.data.file, (files.get(event.data.file) ?? 0) + (event.data.details?.duration_ms ?? 0));
    }
  }
  const rows = [...files].sort((a, b) => b[1] - a[1]);
  yield rows.map(([file, ms]) => `${(ms / 1000).toFixed(1).padStart(7)} s  ${file.replace(process.cwd() + '/', '')}`).join('\n') + '\n';
}
