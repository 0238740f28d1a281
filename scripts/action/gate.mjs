/** Action step 5: the gate. The job ends with the scan's exit code (0 pass, 1 failing findings, 2 bad input). */
const code = Number(process.env.EXIT_CODE);
if (!Number.isInteger(code)) {
  process.stderr.write('::error title=airgap-audit::the scan step recorded no exit code\n');
  process.exit(2);
}
if (code === 1)
  process.stderr.write('::error title=airgap-audit::findings fail the gate (see the SARIF results or the comment)\n');
process.exit(code);
