'use strict';
// Interop oracle: Alibaba Cloud signatures computed by the official Node
// signers, so the C++ signer is checked against code it does not share:
// V2 (RPC, HMAC-SHA1, SignatureVersion 1.0) by @alicloud/pop-core and
// @alicloud/openapi-util, V3 (ACS3-HMAC-SHA256) by @alicloud/openapi-util.
//
// stdin:  JSON Lines {"method":"GET"|"POST","secret":"...","params":{...},
//                     "v3":{"method","access_key_id","secret","query":{...},
//                           "headers":{...}}}   (see gen_corpus.cpp)
//         params = every parameter to sign (string values), without "Signature";
//         v3 is optional; query = every parameter of the V3 URL, decoded;
//         headers = the signed headers as sent, without authorization.
// stdout: one line per non-blank input line, in order:
//         {"pop_core":"<base64>","openapi_util":"<base64>","v3":"<Authorization>"}
//         ("v3" only for lines that have one), plus "error" (V2) or
//         "v3_error" (and null signatures) when a line cannot be signed, so
//         output lines always stay aligned with input lines.

const crypto = require('crypto');
const path = require('path');
const RPCClient = require('@alicloud/pop-core').RPCClient;
const OpenApiUtil = require('@alicloud/openapi-util').default;

// pop-core keeps its encode/normalize/canonicalize helpers private and signs
// only inside RPCClient#request(), just before handing the signed query (GET)
// or form body (POST) to httpx.request. To run that exact code with no
// network, replace request() on the very httpx instance that pop-core's
// lib/rpc.js loaded (resolved from pop-core's own folder) and make it throw
// what it was given; request() then rejects and we read the Signature from it.
const popDir = path.dirname(require.resolve('@alicloud/pop-core'));
const httpx = require(require.resolve('httpx', { paths: [popDir] }));
class Captured {
  constructor(url, opts) { this.url = url; this.opts = opts; }
}
httpx.request = async (url, opts) => { throw new Captured(url, opts); };

async function popCoreSign(method, secret, params) {
  const client = new RPCClient({
    endpoint: 'http://pop-core.invalid', // never contacted: httpx is stubbed
    apiVersion: params.Version,
    accessKeyId: params.AccessKeyId, // pop-core signs only when both are set
    accessKeySecret: secret,
  });
  let sent;
  try {
    // formatAction/formatParams:false stop pop-core from upper-casing the
    // first letter of the action and of parameter names; our params already
    // carry Action/Format/Timestamp/... so they override pop-core's defaults.
    await client.request(params.Action, params,
      { method, formatAction: false, formatParams: false });
  } catch (e) {
    if (!(e instanceof Captured)) throw e;
    sent = e;
  }
  if (!sent) throw new Error('pop-core did not reach httpx.request');
  // pop-core puts the canonical query in the URL for GET, in the body for
  // POST, and appends Signature (percent-encoded) as the last field.
  const query = method === 'POST' ? sent.opts.data
    : sent.url.slice(sent.url.indexOf('?') + 1);
  const fields = query.split('&');
  // If pop-core added a default parameter the input lacked, its signature
  // would cover a different set of parameters: refuse rather than mislead.
  if (fields.length !== Object.keys(params).length + 1) {
    throw new Error('pop-core signed a different parameter set (missing default such as Format/Timestamp/SignatureNonce?)');
  }
  const last = fields[fields.length - 1];
  if (!last.startsWith('Signature=')) throw new Error('no Signature in pop-core request');
  return decodeURIComponent(last.slice('Signature='.length));
}

// V3: the request as the Tea-generated SDKs hand it to
// OpenApiUtil.getAuthorization (@alicloud/openapi-client doRequest): method,
// pathname "/", the query as a map of decoded strings, and the headers. The
// SDK hashes the body itself and puts the hash in x-acs-content-sha256; so
// does this: the body of a V3 ECI request is empty, and our header value is
// replaced with Node's hash of it (a wrong value of ours then shows up as a
// mismatch). user-agent and accept are what the SDK adds and does not sign.
const emptyBodyHash = crypto.createHash('sha256').update('').digest('hex');

function v3Sign(v3) {
  const request = {
    method: v3.method,
    pathname: '/',
    headers: {
      ...v3.headers,
      'x-acs-content-sha256': emptyBodyHash,
      'user-agent': 'AlibabaCloud (linux; x64) Node.js/v20 Core/1.0.1 TeaDSL/2',
      accept: 'application/json',
    },
    query: { ...v3.query },
  };
  return OpenApiUtil.getAuthorization(request, 'ACS3-HMAC-SHA256', emptyBodyHash,
    v3.access_key_id, v3.secret);
}

async function signLine(line) {
  const out = { pop_core: null, openapi_util: null };
  const errors = [];
  let req;
  try {
    req = JSON.parse(line);
  } catch (e) {
    return { ...out, error: 'bad JSON: ' + e.message };
  }
  const { method, secret, params } = req;
  try {
    out.pop_core = await popCoreSign(method, secret, params);
  } catch (e) {
    errors.push('pop_core: ' + e.message);
  }
  try {
    // Public static of @alicloud/openapi-util, the helper Tea-generated SDKs
    // call for RPC-style signing; it does normalize + canonicalize + HMAC.
    // Pass a copy so neither signer can affect the input the other one sees.
    out.openapi_util = OpenApiUtil.getRPCSignature({ ...params }, method, secret);
  } catch (e) {
    errors.push('openapi_util: ' + e.message);
  }
  if (req.v3) {
    out.v3 = null;
    try {
      out.v3 = v3Sign(req.v3);
    } catch (e) {
      out.v3_error = e.message;
    }
  }
  if (errors.length) out.error = errors.join('; ');
  return out;
}

async function main() {
  // Read everything first, then sign, then write once: fast for many lines.
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const lines = Buffer.concat(chunks).toString('utf8').split('\n');
  const results = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    results.push(JSON.stringify(await signLine(line)));
  }
  process.stdout.write(results.length ? results.join('\n') + '\n' : '');
}

main().catch((e) => { console.error(e); process.exit(1); });
