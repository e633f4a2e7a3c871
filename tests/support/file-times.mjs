// A test reporter for TEST_TIMES=path (tests/run.mjs): one line per top-level test, "seconds file
// name", as each ends (the runner's forced exit would cut a summary short). Where the suite's time
// goes: sort -rn path.
export default async function* fileTimes(source) {
  for await (const event of source) {
    if ((event.type === 'test:pass' || event.type === 'test:fail') && event.data.nesting === 0 && event.data.file) {
      const seconds = ((event.data.details?.duration_ms ?? 0) / 1000).toFixed(1).padStart(6);
      yield `${seconds} ${event.data.file.replace(`${process.cwd()}/`, '')} ${event.data.name}\n`;
    }
  }
}
