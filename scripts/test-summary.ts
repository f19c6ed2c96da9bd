// Sums the JSON reports of every test runner into the last line of `npm test`:
// "N passed, N failed" (", N skipped" when any were). Exits non-zero on a failure or no test.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

/** Vitest's JSON reporter (Jest-compatible). A file that failed to load counts as a failure. */
function vitestTotals(file: string): Totals {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const brokenFiles = report.testResults.filter(
    (result: { status: string; assertionResults: unknown[] }) =>
      result.status === 'failed' && result.assertionResults.length === 0,
  ).length;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenFiles,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

const reportDir = process.argv[2] ?? '.data/test/reports';
const readers: Record<string, (file: string) => Totals> = { 'vitest.json': vitestTotals };
const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
let reports = 0;
for (const [name, read] of Object.entries(readers)) {
  const file = join(reportDir, name);
  if (!existsSync(file)) continue;
  reports += 1;
  const part = read(file);
  totals.passed += part.passed;
  totals.failed += part.failed;
  totals.skipped += part.skipped;
}
if (reports === 0) totals.failed += 1; // the runner crashed before writing any report

const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
