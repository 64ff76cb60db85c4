'use strict';
// The signature check of the stand-in, done by the official Alibaba Cloud
// signer (@alicloud/openapi-util, pinned in tests/interop/package.json) and
// never by code of ours: the point of the stand-in is to judge ecireq's
// requests by an implementation that shares nothing with the C++ signer.
//
// openapi-util returns only the signature, not the text it signed. The
// SignatureDoesNotMatch message must carry that text (the C++ client diffs
// it against its own to tell a wrong secret from a wrong canonical form), so
// we record what the library hands to its own hashing step rather than
// rebuilding the text by our rules, which could differ from the library's:
//   V2  getRPCSignature -> kitx.sha1(stringToSign, secret + '&', 'base64')
//   V3  getAuthorization -> Client.hash(Buffer.from(canonicalRequest), alg)
// Both calls are synchronous, so a recorded text belongs to the call that
// just returned. If a future version stops making these calls, check()
// throws instead of returning a wrong or missing text.

const path = require('path');

const interopDir = path.join(__dirname, '..', 'interop');

function loadFromInterop(name, fromDir = interopDir) {
  try {
    return require(require.resolve(name, { paths: [fromDir] }));
  } catch (e) {
    throw new Error(`cannot load ${name} from ${fromDir}: run "npm ci" in tests/interop (${e.message})`);
  }
}

const openApiUtil = loadFromInterop('@alicloud/openapi-util').default;
// The very kitx instance openapi-util uses: resolved from its own folder, so
// that the module cache hands back the object whose sha1 it calls.
const openApiUtilDir = path.dirname(require.resolve('@alicloud/openapi-util', { paths: [interopDir] }));
const kitx = loadFromInterop('kitx', openApiUtilDir);

let recorded = null;

const kitxSha1 = kitx.sha1;
kitx.sha1 = function recordV2(data, key, encoding) {
  recorded = String(data);
  return kitxSha1.call(this, data, key, encoding);
};

const utilHash = openApiUtil.hash;
openApiUtil.hash = function recordV3(raw, algorithm) {
  recorded = Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw);
  return utilHash.call(this, raw, algorithm);
};

function withRecording(sign) {
  recorded = null;
  const result = sign();
  const text = recorded;
  recorded = null;
  if (text === null) {
    throw new Error('the official signer no longer exposes the text it signs (openapi-util internals changed?)');
  }
  return { result, text };
}

/**
 * V2 (RPC, HMAC-SHA1, SignatureVersion 1.0).
 * params: every decoded parameter except Signature, as strings.
 * Returns { signature: base64, stringToSign }.
 */
function signV2(params, method, secret) {
  const { result, text } = withRecording(
    () => openApiUtil.getRPCSignature({ ...params }, method, secret));
  return { signature: result, stringToSign: text };
}

/**
 * V3 (ACS3-HMAC-SHA256), as the Tea SDKs call it: pathname "/", the decoded
 * query, the headers to sign (lower-case names), the hex SHA-256 of the body.
 * Note that getAuthorization signs every host, content-type and x-acs-*
 * header it is given, whatever the client's SignedHeaders said: the caller
 * passes exactly the headers the client claims to have signed.
 * Returns { authorization, signature: hex, signedHeaders, canonicalRequest }.
 */
function signV3({ method, query, headers, payloadHash, accessKeyId, secret }) {
  const request = { method, pathname: '/', headers: { ...headers }, query: { ...query } };
  const { result, text } = withRecording(() => openApiUtil.getAuthorization(
    request, 'ACS3-HMAC-SHA256', payloadHash, accessKeyId, secret));
  const fields = /SignedHeaders=([^,]*),Signature=([0-9a-f]+)$/.exec(result);
  if (!fields) throw new Error(`unexpected Authorization from the official signer: ${result}`);
  return { authorization: result, signedHeaders: fields[1], signature: fields[2], canonicalRequest: text };
}

// The header names the official V3 signer takes into the signature.
function isV3SignableHeader(name) {
  return name === 'host' || name === 'content-type' || name.startsWith('x-acs-');
}

module.exports = { signV2, signV3, isV3SignableHeader };
