'use strict';
// Compares the corpus (our signatures) with sign.js's output (the official
// signers' signatures), line by line, byte for byte: V2 (the Signature
// parameter, against pop-core and openapi-util) and V3 (the Authorization
// header, against openapi-util's getAuthorization), counted separately.
//   node compare.js corpus.jsonl oracle.jsonl
// Prints
//   interop: N passed, M failed (V2)
//   interop: N passed, M failed (V3)
//   interop: V3 corpus: <what the V3 requests exercise>
//   interop: N passed, M failed            (the sum: the line to grep)
// and exits 1 on any mismatch, on a line the oracle could not sign, on a
// corpus line without V3 fields, when the two files do not line up, or when
// a corpus of 400 V3 requests or more misses one of the cases it must cover
// (each action, GET, POST, STS, the reserved characters, 2-, 3- and 4-byte
// UTF-8, Image.10 and MatchImage.10).

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

const v2 = { passed: 0, failed: 0 };
const v3 = { passed: 0, failed: 0 };
let other = 0; // failures that are neither scheme's: the files do not line up
const shown = 10; // details for the first few failures; the counts cover all
let reported = 0;
const report = (n, what) => {
  if (++reported <= shown) console.error(`interop: request ${n}: ${what}`);
};

// What the V3 requests exercise, counted from the lines themselves.
const coverage = {
  actions: {},
  get: 0,
  post: 0,
  sts: 0,
  chars: {},
  utf8: { 2: 0, 3: 0, 4: 0 }, // requests with a value holding a character of that many bytes
  past10: {}, // per list: requests with an entry numbered 10 or more (Image.10 sorts before Image.2)
};
const reserved = ['+', '*', '~', '/', ':', "'", '(', ')', '!', '=', '&', ' '];
for (const c of reserved) coverage.chars[c] = 0;

function cover(q) {
  coverage.actions[q.headers['x-acs-action']] = (coverage.actions[q.headers['x-acs-action']] || 0) + 1;
  if (q.method === 'GET') coverage.get++;
  else coverage.post++;
  if ('x-acs-security-token' in q.headers) coverage.sts++;
  const values = Object.values(q.query).join('\n');
  for (const c of reserved) if (values.includes(c)) coverage.chars[c]++;
  const bytes = Buffer.from(values, 'utf8');
  const seen = { 2: false, 3: false, 4: false };
  for (const b of bytes) {
    if (b >= 0xf0) seen[4] = true;
    else if (b >= 0xe0) seen[3] = true;
    else if (b >= 0xc0) seen[2] = true;
  }
  for (const k of [2, 3, 4]) if (seen[k]) coverage.utf8[k]++;
  const lists = new Set();
  for (const k of Object.keys(q.query)) {
    const parts = k.split('.');
    parts.forEach((p, i) => {
      if (/^[1-9]\d+$/.test(p)) lists.add(parts.slice(0, i).map((x) => (/^\d+$/.test(x) ? 'N' : x)).join('.'));
    });
  }
  for (const l of lists) coverage.past10[l] = (coverage.past10[l] || 0) + 1;
}

for (let i = 0; i < corpus.length; i++) {
  const req = JSON.parse(corpus[i]);
  const n = req.n !== undefined ? req.n : i;
  if (i >= oracle.length) {
    v2.failed++;
    v3.failed++;
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
    v2.passed++;
  } else {
    v2.failed++;
    report(n, `V2 ${req.method}, ${Object.keys(req.params).length} params: ${problems.join('; ')}`);
  }

  if (!req.v3) {
    v3.failed++;
    report(n, 'no V3 fields in the corpus line');
    continue;
  }
  cover(req.v3);
  if (got.v3 === req.v3.authorization) {
    v3.passed++;
  } else {
    v3.failed++;
    const why = got.v3_error ? `oracle error: ${got.v3_error}`
      : `openapi_util ${got.v3} != ours ${req.v3.authorization}`;
    report(n, `V3 ${req.v3.method}, ${Object.keys(req.v3.query).length} params: ${why}`);
  }
}
if (oracle.length !== corpus.length) {
  other++;
  console.error(`interop: ${corpus.length} requests but ${oracle.length} oracle lines`);
}
if (corpus.length === 0) {
  other++;
  console.error('interop: empty corpus');
}
if (reported > shown) console.error(`interop: (${reported - shown} more failures not shown)`);

// A corpus of a few hundred V3 requests or more must exercise everything
// docs/trust.md says it does; a smaller one (a quick local run) need not.
const c = coverage;
if (v3.passed + v3.failed >= 400) {
  const lacking = [];
  for (const a of ['CreateImageCache', 'DescribeImageCaches', 'UpdateImageCache', 'DeleteImageCache']) {
    if (!c.actions[a]) lacking.push(a);
  }
  if (!c.get) lacking.push('GET');
  if (!c.post) lacking.push('POST');
  if (!c.sts) lacking.push('STS');
  for (const ch of reserved) if (!c.chars[ch]) lacking.push(`'${ch}' in a value`);
  for (const k of [2, 3, 4]) if (!c.utf8[k]) lacking.push(`${k}-byte UTF-8`);
  for (const l of ['Image', 'MatchImage']) if (!c.past10[l]) lacking.push(`${l}.10`);
  if (lacking.length) {
    other++;
    console.error(`interop: the V3 corpus lacks ${lacking.join(', ')}`);
  }
}

console.log(`interop: ${v2.passed} passed, ${v2.failed} failed (V2)`);
console.log(`interop: ${v3.passed} passed, ${v3.failed} failed (V3)`);
console.log('interop: V3 corpus: ' +
  Object.keys(c.actions).sort().map((a) => `${a} ${c.actions[a]}`).join(', ') +
  `; POST ${c.post}, GET ${c.get}, STS ${c.sts}` +
  `; values with ${reserved.map((ch) => `${ch === ' ' ? 'space' : ch} ${c.chars[ch]}`).join(', ')}` +
  `; with 2-byte UTF-8 ${c.utf8[2]}, 3-byte ${c.utf8[3]}, 4-byte ${c.utf8[4]}` +
  '; with a list entry numbered 10 or more: ' +
  Object.keys(c.past10).sort().map((l) => `${l} ${c.past10[l]}`).join(', '));
const failed = v2.failed + v3.failed + other;
console.log(`interop: ${v2.passed + v3.passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
