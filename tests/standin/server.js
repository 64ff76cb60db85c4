#!/usr/bin/env node
'use strict';
// ecireq-standin: a local stand-in for the Alibaba Cloud ECI endpoint (API
// 2018-08-08), for ecireq's tests and for trying the library offline. It
// checks each request the way the real gateway does, with the official Node
// signer doing the signature check (official.js), then runs the image-cache
// actions on in-memory state (eci.js). Faults can be injected to exercise a
// client's retries. See README.md in this folder for the whole protocol.
//
//   node tests/standin/server.js [--port N] [--key ID:SECRET[:STS_TOKEN]]...
//        [--ready-after N] [--window-seconds S] [--error CODE] [--verbose]
//
// Listens on 127.0.0.1 (port 0, the default, picks a free one) and prints
// one line on stdout, "ecireq-standin listening on http://127.0.0.1:PORT",
// then nothing more there (--verbose logs each request on stderr).
// Without --key the one key is LTAIstandinKeyId / standin-secret-not-a-real-one.
//
// API requests (GET or POST on "/"), checked in this order:
//   1 parse: V3 if Authorization starts with ACS3-, else V2 (query and form
//     body); a missing signing field -> 400 IncompleteSignature
//   2 AccessKeyId unknown -> 404 InvalidAccessKeyId.NotFound; an STS key
//     without its token -> 400 MissingSecurityToken, with another token ->
//     400 InvalidSecurityToken.MismatchWithAccessKey
//   3 Timestamp / x-acs-date: 400 InvalidTimeStamp.Format / .Expired
//   4 signature, by the official signer -> 400 SignatureDoesNotMatch, the
//     server's string to sign (V2) or canonical request (V3) after "is:"
//   5 nonce seen within the window -> 400 SignatureNonceUsed
//   6 Version, Action, required parameters -> InvalidVersion,
//     InvalidAction.NotFound, MissingParameter
//   7 injected faults, then the action
// Control requests, unsigned, under /_standin/: POST faults, GET errors,
// GET requests, POST reset, POST shutdown.

const http = require('http');
const { ApiError, rows, table, newRequestId, errorBody } = require('./errors');
const { parseV2, parseV3, isV3, parseTimestamp } = require('./parse');
const { signV2, signV3 } = require('./official');
const { API_VERSION, ACTIONS, EciState } = require('./eci');

const MAX_BODY = 1024 * 1024;
const DEFAULT_KEY = { id: 'LTAIstandinKeyId', secret: 'standin-secret-not-a-real-one' };

const USAGE = `usage: node server.js [--port N] [--key ID:SECRET[:STS_TOKEN]]...
                      [--ready-after N] [--window-seconds S] [--error CODE] [--verbose]
  --port N            TCP port on 127.0.0.1 (default 0: a free one)
  --key ID:SECRET[:STS_TOKEN]
                      an accepted key, repeatable; with a token, requests must
                      carry it (default: ${DEFAULT_KEY.id}:${DEFAULT_KEY.secret})
  --ready-after N     Describe answers that show a cache Creating or Updating
                      before it turns Ready (default 2)
  --window-seconds S  accepted clock skew of Timestamp / x-acs-date, and how
                      long a nonce is remembered (default 900)
  --error CODE        answer every request that passes the checks with this
                      row of errors.json
  --verbose           one line per request on stderr
`;

function fail(message) {
  process.stderr.write(`ecireq-standin: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { port: 0, keys: new Map(), readyAfter: 2, windowSeconds: 900, error: null, verbose: false };
  const count = (name, text, min, max) => {
    if (!/^\d+$/.test(text || '') || Number(text) < min || Number(text) > max) {
      fail(`${name} takes an integer from ${min} to ${max}, not "${text}"`);
    }
    return Number(text);
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${arg} needs a value`);
      i += 1;
      return argv[i];
    };
    if (arg === '--port') options.port = count(arg, value(), 0, 65535);
    else if (arg === '--ready-after') options.readyAfter = count(arg, value(), 0, 1000000);
    else if (arg === '--window-seconds') options.windowSeconds = count(arg, value(), 1, 315360000);
    else if (arg === '--verbose') options.verbose = true;
    else if (arg === '--error') {
      options.error = value();
      if (!rows.has(options.error)) fail(`--error ${options.error}: no such code in errors.json`);
    } else if (arg === '--key') {
      // ID and SECRET contain no ':'; the token is the rest (tokens are base64).
      const [id, secret, ...token] = value().split(':');
      if (!id || !secret) fail('--key takes ID:SECRET or ID:SECRET:STS_TOKEN');
      options.keys.set(id, { secret, token: token.length ? token.join(':') : null });
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else fail(`unknown option ${arg}`);
  }
  if (options.keys.size === 0) options.keys.set(DEFAULT_KEY.id, { secret: DEFAULT_KEY.secret, token: null });
  return options;
}

const options = parseArgs(process.argv.slice(2));
const eci = new EciState({ readyAfter: options.readyAfter });
const windowMs = options.windowSeconds * 1000;

let requestLog = [];
let faults = []; // { code, headers, close, remaining }, applied in order
let nonces = new Map(); // accessKeyId + nonce -> when first accepted, oldest first

function rememberNonce(accessKeyId, nonce, now) {
  // A nonce can only be replayed while its timestamp is inside the window,
  // at most 2 windows after it was first seen: forget it after that.
  for (const [key, seen] of nonces) {
    if (seen > now - 2 * windowMs) break;
    nonces.delete(key);
  }
  nonces.set(`${accessKeyId}\n${nonce}`, now);
}

function nextFault() {
  const fault = faults[0];
  if (!fault) return options.error ? { code: options.error, headers: {} } : null;
  fault.remaining -= 1;
  if (fault.remaining === 0) faults.shift();
  return fault;
}

// ---- the API: checks 1 to 7, then the action -------------------------------

function checkKey(call) {
  const key = options.keys.get(call.accessKeyId);
  if (!key) throw new ApiError('InvalidAccessKeyId.NotFound');
  if (key.token !== null && !call.securityToken) throw new ApiError('MissingSecurityToken');
  if (key.token !== null && call.securityToken !== key.token) {
    throw new ApiError('InvalidSecurityToken.MismatchWithAccessKey');
  }
  return key;
}

function checkTimestamp(call, now) {
  const when = parseTimestamp(call.timestamp);
  if (Number.isNaN(when)) {
    throw new ApiError('InvalidTimeStamp.Format',
      `Specified time stamp or date value is not well formatted: "${call.timestamp}", expected YYYY-MM-DDThh:mm:ssZ.`);
  }
  if (Math.abs(when - now) > windowMs) throw new ApiError('InvalidTimeStamp.Expired');
}

function checkSignature(call, method, key) {
  if (call.signatureVersion === 'v2') {
    const official = signV2(call.signed, method, key.secret);
    if (official.signature !== call.signature) {
      throw new ApiError('SignatureDoesNotMatch',
        `Specified signature is not matched with our calculation. server string to sign is:${official.stringToSign}`);
    }
    return;
  }
  const official = signV3({
    method,
    query: call.query,
    headers: call.headersToSign,
    payloadHash: call.payloadHash,
    accessKeyId: call.accessKeyId,
    secret: key.secret,
  });
  if (official.signature !== call.signature || official.signedHeaders !== call.clientSignedHeaders) {
    throw new ApiError('SignatureDoesNotMatch',
      `The request signature does not conform to Aliyun standards. server canonical request is:${official.canonicalRequest}`);
  }
}

function checkAction(call) {
  if (!call.version) throw missing('Version');
  if (call.version !== API_VERSION) {
    throw new ApiError('InvalidVersion', `Specified parameter Version ${call.version} is not valid; ECI is ${API_VERSION}.`);
  }
  if (!call.action) throw missing('Action');
  // hasOwn: an Action such as "toString" must not find Object's methods.
  if (!Object.hasOwn(ACTIONS, call.action)) throw new ApiError('InvalidAction.NotFound');
  const spec = ACTIONS[call.action];
  if (call.format !== undefined && call.format !== 'JSON') {
    throw new ApiError('InvalidParameter.Format', `Specified parameter format ${call.format} is not valid: the stand-in answers JSON only.`);
  }
  const absent = spec.required.find((name) => !call.params[name]);
  if (absent) throw missing(absent);
}

function missing(name) {
  return new ApiError('MissingParameter',
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);
}

/** Returns the success body, throws ApiError, or returns 'close'. */
function handleApi(req, query, body, entry) {
  const headers = req.headersDistinct;
  const call = isV3(headers)
    ? parseV3({ query, body, headers })
    : parseV2({ method: req.method, query, body, headers });
  Object.assign(entry, {
    signatureVersion: call.signatureVersion,
    action: call.action || '',
    accessKeyId: call.accessKeyId,
    nonce: call.nonce,
    timestamp: call.timestamp,
  });
  const key = checkKey(call);
  const now = Date.now();
  checkTimestamp(call, now);
  checkSignature(call, req.method, key);
  if (nonces.has(`${call.accessKeyId}\n${call.nonce}`)) throw new ApiError('SignatureNonceUsed');
  rememberNonce(call.accessKeyId, call.nonce, now);
  checkAction(call);
  const fault = nextFault();
  if (fault && fault.close) return 'close';
  if (fault) throw new ApiError(fault.code, undefined, fault.headers);
  return eci.run(call.action, call.params);
}

// ---- control requests -------------------------------------------------------

function addFault(spec) {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new Error('the body must be a JSON object');
  }
  const kinds = ['error', 'throttle', 'status', 'close'].filter((k) => k in spec);
  if (kinds.length !== 1) throw new Error('give exactly one of "error", "throttle", "status", "close"');
  const kind = kinds[0];
  const allowed = { error: ['count'], throttle: ['retryAfterMs'], status: ['count'], close: [] }[kind];
  const extra = Object.keys(spec).find((k) => k !== kind && !allowed.includes(k));
  if (extra) throw new Error(`unknown field "${extra}" for a "${kind}" fault`);
  const positive = (name, value, fallback) => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < 1) throw new Error(`"${name}" must be a positive integer`);
    return value;
  };
  const fault = { code: null, headers: {}, close: false, remaining: 0 };
  if (kind === 'error') {
    if (!rows.has(spec.error)) throw new Error(`"${spec.error}" is not a code of errors.json`);
    fault.code = spec.error;
    fault.remaining = positive('count', spec.count, 1);
  } else if (kind === 'throttle') {
    const retryAfter = spec.retryAfterMs === undefined ? 1000 : spec.retryAfterMs;
    if (!Number.isInteger(retryAfter) || retryAfter < 0) throw new Error('"retryAfterMs" must be an integer >= 0');
    fault.code = 'Throttling.User';
    fault.headers = { 'x-acs-retry-after': String(retryAfter) };
    fault.remaining = positive('throttle', spec.throttle);
  } else if (kind === 'status') {
    if (spec.status !== 500 && spec.status !== 503) throw new Error('"status" must be 500 or 503');
    fault.code = spec.status === 500 ? 'InternalError' : 'ServiceUnavailable';
    fault.remaining = positive('count', spec.count, 1);
  } else {
    fault.close = true;
    fault.remaining = positive('close', spec.close);
  }
  faults.push(fault);
}

function reset() {
  eci.reset();
  faults = [];
  requestLog = [];
  nonces = new Map();
}

/** Returns [status, body, afterSent?]. */
function handleControl(method, path, body) {
  const route = `${method} ${path}`;
  if (route === 'GET /_standin/errors') return [200, table];
  if (route === 'GET /_standin/requests') return [200, requestLog];
  if (route === 'POST /_standin/reset') {
    reset();
    return [200, { ok: true }];
  }
  if (route === 'POST /_standin/shutdown') return [200, { ok: true }, () => process.exit(0)];
  if (route === 'POST /_standin/faults') {
    let spec;
    try {
      spec = JSON.parse(body.toString('utf8'));
    } catch (e) {
      return [400, { ok: false, reason: `the body is not JSON: ${e.message}` }];
    }
    try {
      addFault(spec);
    } catch (e) {
      return [400, { ok: false, reason: e.message }];
    }
    return [200, { ok: true }];
  }
  const known = ['/_standin/errors', '/_standin/requests', '/_standin/reset', '/_standin/shutdown', '/_standin/faults'];
  if (known.includes(path)) return [400, { ok: false, reason: `${path} does not take ${method}` }];
  return [404, { ok: false, reason: `no control request ${path}` }];
}

// ---- HTTP -------------------------------------------------------------------

function sendJson(res, status, body, headers = {}, afterSent) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json;charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text, afterSent);
}

function onRequest(req, res, body, tooLarge) {
  const queryAt = req.url.indexOf('?');
  const path = queryAt < 0 ? req.url : req.url.slice(0, queryAt);
  const query = queryAt < 0 ? '' : req.url.slice(queryAt + 1);

  if (path.startsWith('/_standin/')) {
    const [status, answer, afterSent] = tooLarge
      ? [400, { ok: false, reason: `the body is larger than ${MAX_BODY} bytes` }]
      : handleControl(req.method, path, body);
    sendJson(res, status, answer, {}, afterSent);
    return;
  }

  const hostId = req.headers.host || `127.0.0.1:${server.address().port}`;
  const requestId = newRequestId();
  const entry = {
    method: req.method, signatureVersion: isV3(req.headersDistinct) ? 'v3' : 'v2', action: '',
    accessKeyId: '', nonce: '', timestamp: '', status: 0, code: '',
  };
  requestLog.push(entry);
  let status = 200;
  let answer;
  let headers = {};
  try {
    if (path !== '/') throw new ApiError('InvalidAction.NotFound');
    if (req.method !== 'GET' && req.method !== 'POST') throw new ApiError('UnsupportedHTTPMethod');
    if (tooLarge) throw new ApiError('InvalidParameter', `The request body is larger than ${MAX_BODY} bytes.`);
    const result = handleApi(req, query, body, entry);
    if (result === 'close') {
      entry.code = '(closed)';
      trace(req, entry);
      req.socket.destroy();
      return;
    }
    answer = { RequestId: requestId, ...result };
  } catch (error) {
    const apiError = error instanceof ApiError ? error : internalError(error);
    status = apiError.status;
    headers = apiError.headers;
    answer = errorBody(apiError, requestId, hostId);
    entry.code = apiError.code;
  }
  entry.status = status;
  trace(req, entry);
  sendJson(res, status, answer, { 'x-acs-request-id': requestId, ...headers });
}

function internalError(error) {
  // A bug of the stand-in: say so on stderr, answer as the real service would.
  process.stderr.write(`ecireq-standin: internal error: ${error.stack || error}\n`);
  return new ApiError('InternalError', `The stand-in failed: ${error.message}`);
}

function trace(req, entry) {
  if (!options.verbose) return;
  process.stderr.write(`ecireq-standin: ${req.method} ${entry.signatureVersion} ${entry.action || '-'} -> ${entry.status} ${entry.code || 'OK'}\n`);
}

const server = http.createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
  // Read at most MAX_BODY bytes but drain the rest, so that the client gets
  // its 400 instead of a reset connection in the middle of its upload.
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size <= MAX_BODY) chunks.push(chunk);
  });
  req.on('end', () => {
    try {
      onRequest(req, res, Buffer.concat(chunks), size > MAX_BODY);
    } catch (error) {
      // Only sending can get here (onRequest catches the rest): never let a
      // broken connection take the server down.
      process.stderr.write(`ecireq-standin: ${error.stack || error}\n`);
      res.destroy();
    }
  });
  req.on('error', () => {});
});

// Requests Node cannot parse at all (bad request line, headers too large).
server.on('clientError', (error, socket) => {
  if (!socket.writable) return;
  const text = JSON.stringify(errorBody(
    new ApiError('InvalidParameter', `The HTTP request is malformed (${error.code || error.message}).`),
    newRequestId(), ''));
  socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json;charset=utf-8\r\n`
    + `content-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));

server.on('error', (error) => {
  process.stderr.write(`ecireq-standin: cannot listen: ${error.message}\n`);
  process.exit(1);
});

server.listen(options.port, '127.0.0.1', () => {
  process.stdout.write(`ecireq-standin listening on http://127.0.0.1:${server.address().port}\n`);
});
