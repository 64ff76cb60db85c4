'use strict';
// The stand-in's error vocabulary: errors.json is the one place that gives a
// code its HTTP status and default message, so that an answer to a real
// check and an injected fault of the same code cannot drift apart.
// Rows: "seed" (the error table of the UpdateImageCache API reference),
// "gateway" (Alibaba Cloud's common gateway codes), "standin" (a choice of
// ours where no published code was at hand).

const crypto = require('crypto');
const table = require('./errors.json');

const rows = new Map(table.map((row) => [row.code, row]));

/** An answer other than success; message defaults to the row's. */
class ApiError extends Error {
  constructor(code, message, headers = {}) {
    const row = rows.get(code);
    // A code missing from the table is a bug here, not a client error.
    if (!row) throw new Error(`error code ${code} is not in errors.json`);
    super(message === undefined ? row.message : message);
    this.code = code;
    this.status = row.status;
    this.headers = headers;
  }
}

function newRequestId() {
  return crypto.randomUUID().toUpperCase();
}

/** The body Alibaba Cloud's gateway sends with an error. */
function errorBody(error, requestId, hostId) {
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.alibabacloud.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=Eci`,
  };
}

module.exports = { table, rows, ApiError, newRequestId, errorBody };
