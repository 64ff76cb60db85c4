'use strict';
// Reading a request the way Alibaba Cloud's gateway does: which signature
// scheme it uses, who signed it, when, with which nonce, and the parameters
// of the action. Everything here is check 1 of the stand-in (parse): it
// rejects a request whose signature cannot even be checked, and leaves the
// checking itself to official.js.

const crypto = require('crypto');
const { ApiError } = require('./errors');
const { isV3SignableHeader } = require('./official');

/**
 * "a=1&b=2" as [name, value] pairs, percent-decoded as UTF-8. '+' decodes to
 * a space, as in any form body and in the Java containers behind the real
 * gateway: a client that means '+' must send %2B, and a signer that sends a
 * raw '+' shows up here as a signature mismatch, as it would there.
 */
function decodePairs(text, where) {
  const pairs = [];
  for (const field of text.split('&')) {
    if (field === '') continue;
    const eq = field.indexOf('=');
    const rawName = eq < 0 ? field : field.slice(0, eq);
    const rawValue = eq < 0 ? '' : field.slice(eq + 1);
    try {
      pairs.push([decode(rawName), decode(rawValue)]);
    } catch (e) {
      throw new ApiError('InvalidParameter',
        `The ${where} is not valid percent-encoded UTF-8 at "${field.slice(0, 80)}".`);
    }
  }
  return pairs;
}

function decode(text) {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

/** Pairs from one or more sources as one object; a name twice is refused
 *  because the two values would make the signed text ambiguous. */
function toParams(...sources) {
  const params = Object.create(null);
  for (const pairs of sources) {
    for (const [name, value] of pairs) {
      if (name in params) {
        throw new ApiError('InvalidParameter', `The parameter ${name} is given more than once.`);
      }
      params[name] = value;
    }
  }
  return { ...params };
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/** Timestamp / x-acs-date, YYYY-MM-DDThh:mm:ssZ (UTC); NaN unless a real date. */
function parseTimestamp(text) {
  const m = TIMESTAMP.exec(text);
  if (!m) return NaN;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 02-30 over to 03-02: only an exact round trip is a date.
  const back = new Date(ms);
  const exact = back.getUTCFullYear() === year && back.getUTCMonth() === month - 1
    && back.getUTCDate() === day && back.getUTCHours() === hour
    && back.getUTCMinutes() === minute && back.getUTCSeconds() === second;
  return exact ? ms : NaN;
}

function isForm(headers) {
  return /^application\/x-www-form-urlencoded\b/i.test(headers['content-type'] || '');
}

function incomplete(reason) {
  return new ApiError('IncompleteSignature', `The request signature does not conform to Aliyun standards: ${reason}`);
}

/**
 * V2 (RPC): every parameter, the signature's included, in the query (GET)
 * or the form body (POST; the query may carry some too).
 */
function parseV2({ method, query, body, headers }) {
  const fromBody = method === 'POST' && isForm(headers) ? decodePairs(body.toString('utf8'), 'form body') : [];
  const params = toParams(decodePairs(query, 'query string'), fromBody);
  for (const name of ['AccessKeyId', 'Signature', 'SignatureMethod', 'SignatureVersion', 'SignatureNonce', 'Timestamp']) {
    if (!params[name]) throw incomplete(`the parameter ${name} is missing.`);
  }
  if (params.SignatureMethod !== 'HMAC-SHA1') {
    throw new ApiError('InvalidSignatureMethod',
      `Specified signature method ${params.SignatureMethod} is not supported; use HMAC-SHA1.`);
  }
  if (params.SignatureVersion !== '1.0') {
    throw incomplete(`SignatureVersion ${params.SignatureVersion} is not supported; use 1.0.`);
  }
  const { Signature: signature, ...signed } = params;
  return {
    signatureVersion: 'v2',
    accessKeyId: params.AccessKeyId,
    nonce: params.SignatureNonce,
    timestamp: params.Timestamp,
    securityToken: params.SecurityToken,
    action: params.Action,
    version: params.Version,
    format: params.Format,
    signature,
    signed,
    params,
  };
}

/** "ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=a;b,Signature=hex" */
function parseAuthorization(value) {
  const space = value.indexOf(' ');
  const algorithm = space < 0 ? value : value.slice(0, space);
  if (algorithm !== 'ACS3-HMAC-SHA256') {
    throw new ApiError('InvalidSignatureMethod',
      `Specified signature method ${algorithm} is not supported; use ACS3-HMAC-SHA256.`);
  }
  const fields = {};
  for (const part of value.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  for (const name of ['Credential', 'SignedHeaders', 'Signature']) {
    if (!fields[name]) throw incomplete(`the Authorization header has no ${name}.`);
  }
  return { credential: fields.Credential, signedHeaders: fields.SignedHeaders.split(';'), signature: fields.Signature };
}

const V3_REQUIRED_HEADERS = ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date',
  'x-acs-signature-nonce', 'x-acs-content-sha256'];

/**
 * V3 (ACS3-HMAC-SHA256): the action's parameters in the query (and in a
 * form body, whose hash the signature covers), the rest in headers.
 * headers: Node's headersDistinct (lower-case name -> array of values).
 */
function parseV3({ query, body, headers }) {
  const auth = parseAuthorization(headers.authorization[0]);
  const single = (name) => (headers[name] ? headers[name][0] : undefined);
  for (const name of V3_REQUIRED_HEADERS) {
    if (!single(name)) throw incomplete(`the header ${name} is missing.`);
  }
  // The official signer signs exactly the host, content-type and x-acs-*
  // headers it is given, so the client's SignedHeaders must name exactly
  // those the request carries: an unsigned one could be altered in transit.
  const signedNames = new Set(auth.signedHeaders);
  for (const name of auth.signedHeaders) {
    if (!isV3SignableHeader(name)) {
      throw incomplete(`SignedHeaders names ${name}; only host, content-type and x-acs-* headers are signed.`);
    }
    if (!headers[name]) throw incomplete(`SignedHeaders names ${name}, which the request does not carry.`);
  }
  const toSign = {};
  for (const name of Object.keys(headers)) {
    if (!isV3SignableHeader(name)) continue;
    if (!signedNames.has(name)) throw incomplete(`the header ${name} is sent but not in SignedHeaders.`);
    if (headers[name].length > 1) throw incomplete(`the header ${name} is sent more than once.`);
    toSign[name] = headers[name][0];
  }
  const accessKeyIdHeader = single('x-acs-accesskey-id');
  if (accessKeyIdHeader !== undefined && accessKeyIdHeader !== auth.credential) {
    throw incomplete('x-acs-accesskey-id differs from the Credential of the Authorization header.');
  }
  const queryParams = toParams(decodePairs(query, 'query string'));
  const formParams = isForm(toSign) ? decodePairs(body.toString('utf8'), 'form body') : [];
  return {
    signatureVersion: 'v3',
    accessKeyId: auth.credential,
    nonce: single('x-acs-signature-nonce'),
    timestamp: single('x-acs-date'),
    securityToken: single('x-acs-security-token'),
    action: single('x-acs-action'),
    version: single('x-acs-version'),
    format: undefined, // V3 answers are always JSON
    signature: auth.signature,
    clientSignedHeaders: auth.signedHeaders.join(';'),
    query: queryParams,
    headersToSign: toSign,
    payloadHash: crypto.createHash('sha256').update(body).digest('hex'),
    params: toParams(Object.entries(queryParams), formParams),
  };
}

function isV3(headers) {
  return Boolean(headers.authorization && headers.authorization[0].startsWith('ACS3-'));
}

module.exports = { parseV2, parseV3, isV3, parseTimestamp, decodePairs };
