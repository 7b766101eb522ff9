/**
 * The library prints its warnings to standard error when an app is synthesized, and tests synthesize a lot:
 * the test output leaves them out. Tests that check the printing spy on `process.stderr.write`, which still
 * sees every call.
 */
const write = process.stderr.write.bind(process.stderr);
process.stderr.write = ((chunk: any, ...rest: any[]) =>
  (String(chunk).startsWith('[cdk8s-appflow] WARNING') ? true : write(chunk, ...rest))) as typeof process.stderr.write;
