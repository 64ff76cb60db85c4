'use strict';
// Compares the corpus (our signatures) with sign.js's output (the official
// signers' signatures), line by line.
//   node compare.js corpus.jsonl oracle.jsonl
// Prints "interop: N passed, M failed" and exits 1 on any mismatch, on a
// line the oracle could not sign, or when the two files do not line up.

const fs = require('fs');

function lines(file) {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
}

const [corpusFile, oracleFile] = process.argv.slice(2);
if (!corpusFile || !oracleFile) {
  console.error('usage: node compare.js corpus.jsonl oracle.jsonl');
  process.exit(2);
}
const corpus = lines(corpusFile);
const oracle = lines(oracleFile);

let passed = 0;
let failed = 0;
const shown = 10; // details for the first few failures; the count covers all
const report = (n, what) => {
  if (failed <= shown) console.error(`interop: request ${n}: ${what}`);
};

for (let i = 0; i < corpus.length; i++) {
  const req = JSON.parse(corpus[i]);
  const n = req.n !== undefined ? req.n : i;
  if (i >= oracle.length) {
    failed++;
    report(n, 'no oracle output');
    continue;
  }
  const got = JSON.parse(oracle[i]);
  const problems = [];
  if (got.error) problems.push(`oracle error: ${got.error}`);
  for (const signer of ['pop_core', 'openapi_util']) {
    if (got[signer] !== req.signature) problems.push(`${signer} ${got[signer]} != ours ${req.signature}`);
  }
  if (problems.length === 0) {
    passed++;
  } else {
    failed++;
    report(n, `${req.method}, ${Object.keys(req.params).length} params: ${problems.join('; ')}`);
  }
}
if (oracle.length !== corpus.length) {
  failed++;
  console.error(`interop: ${corpus.length} requests but ${oracle.length} oracle lines`);
}
if (corpus.length === 0) {
  failed++;
  console.error('interop: empty corpus');
}
console.log(`interop: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
