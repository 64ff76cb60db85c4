'use strict';
// The JavaScript half of selftest.sh, one process for the whole run (a node
// start-up per JSON check would be most of the test's time). It reads
// NUL-terminated JavaScript expressions on stdin and answers each with its
// value and a NUL: strings as they are, anything else as JSON, a thrown
// error as "ERROR: ...". In an expression:
//   b                  the last response body (WORK/body), parsed
//   ts(s)              the UTC time s seconds from now, YYYY-MM-DDThh:mm:ssZ
//   elapsed()          seconds since this helper started
//   diagnose(...)      see below
//   signV2(...)        see below
//
//   node selftest-helper.js WORK_DIR

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const work = process.argv[2];
const started = Date.now();
const file = (name) => path.join(work, name);
const lines = (name) => fs.readFileSync(file(name), 'utf8').split('\n').filter(Boolean);

const scope = {
  get b() {
    return JSON.parse(fs.readFileSync(file('body'), 'utf8'));
  },
  ts: (seconds) => new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
  elapsed: () => ((Date.now() - started) / 1000).toFixed(1),
  diagnose,
  signV2,
};

// RFC 3986 percent-encoding, as both signature versions use it.
const rfc3986 = (s) => encodeURIComponent(s)
  .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Checks the text after "is:" in a SignatureDoesNotMatch body against
 *  (a) the text the request implies by the published rules, built from the
 *      request as sent (sentFile: ecireq-sign's plain output), and
 *  (b) the signature: HMAC(right secret, text) must equal the signature in
 *      rightFile, the same request signed with the right secret.
 * Returns "" or the problems found.
 */
function diagnose(sentFile, rightFile, secret) {
  const message = scope.b.Message;
  const text = message.slice(message.indexOf('is:') + 3);
  const sent = lines(sentFile);
  const right = lines(rightFile);
  let expected;
  let hmac;
  let rightSignature;
  const v3 = /^(GET|POST) (\S+)$/.exec(sent[0]);
  if (v3) {
    const url = v3[2];
    const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
    const headers = sent.slice(1).filter((l) => !l.startsWith('authorization:'))
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]).sort();
    expected = [v3[1], '/', query, ...headers.map(([n, v]) => `${n}:${v}`), '',
      headers.map(([n]) => n).join(';'), crypto.createHash('sha256').update('').digest('hex')].join('\n');
    const stringToSign = `ACS3-HMAC-SHA256\n${crypto.createHash('sha256').update(text).digest('hex')}`;
    hmac = crypto.createHmac('sha256', secret).update(stringToSign).digest('hex');
    rightSignature = /Signature=([0-9a-f]+)$/.exec(right[right.length - 1])[1];
  } else {
    const post = sent.length === 2;
    const query = (request) => (post ? request[1] : request[0].slice(request[0].indexOf('?') + 1)).split('&');
    const canonical = query(sent).filter((f) => !f.startsWith('Signature=')).join('&');
    expected = `${post ? 'POST' : 'GET'}&%2F&${rfc3986(canonical)}`;
    hmac = crypto.createHmac('sha1', `${secret}&`).update(text).digest('base64');
    rightSignature = decodeURIComponent(query(right).find((f) => f.startsWith('Signature=')).slice(10));
  }
  const problems = [];
  if (text !== expected) {
    problems.push(`the text after "is:" differs:\n  got  ${JSON.stringify(text)}\n  want ${JSON.stringify(expected)}`);
  }
  if (hmac !== rightSignature) problems.push(`HMAC of the text ${hmac} != the right signature ${rightSignature}`);
  return problems.join('\n');
}

/**
 * A V2 GET URL for requests ecireq-sign refuses to make (a required
 * parameter left out, another Version), signed by the official signer.
 * Spaces are sent as '+', the form encoding the server must also accept.
 */
function signV2(base, accessKeyId, secret, params) {
  const util = require(require.resolve('@alicloud/openapi-util',
    { paths: [path.join(__dirname, '..', 'interop')] })).default;
  const all = {
    ...params,
    AccessKeyId: accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: crypto.randomUUID(),
    Timestamp: scope.ts(0),
  };
  all.Signature = util.getRPCSignature(all, 'GET', secret);
  return `${base}/?${new URLSearchParams(all)}`;
}

function answer(expression) {
  try {
    // eslint-disable-next-line no-new-func
    const value = new Function('scope', `with (scope) { return (${expression}); }`)(scope);
    return typeof value === 'string' ? value : String(JSON.stringify(value));
  } catch (e) {
    return `ERROR: ${e.message}`;
  }
}

let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  let end;
  while ((end = pending.indexOf('\0')) >= 0) {
    const expression = pending.slice(0, end);
    pending = pending.slice(end + 1);
    process.stdout.write(`${answer(expression)}\0`);
  }
});
