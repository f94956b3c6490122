// Runs the named checks of an SDK end-to-end test in order: one line per check, the last line
// exactly "N passed, M failed", and exit status 1 when anything failed.
export async function runChecks(checks) {
  let passed = 0;
  let failed = 0;
  for (const [name, run] of checks) {
    try {
      await run();
      passed += 1;
      console.log(`ok - ${name}`);
    } catch (e) {
      failed += 1;
      console.log(`FAIL - ${name}: ${e?.stack ?? e}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
