// ecireq: a header-only builder and signer for the Alibaba Cloud Elastic
// Container Instance API (version 2018-08-08): the image-cache actions.
// Include this one header; see README.md and docs/ for the guide.
//
// The folders under ecireq/ read top to bottom as a request flows:
//   actions/eci/  the product and its actions, as declarations
//   builder/      the typed builder every action shares
//   verify/       the receiving side (beside builder/, not on top of it)
//   signature/    signature schemes, and the credentials keyed for them
//   rpc/          parameters, encoding, canonical query, time, nonce, endpoint
//   crypto/       hash, HMAC, random bytes, Base64: OpenSSL or Mbed TLS
// and config.hpp and error.hpp beneath them all. <ecireq/core.hpp> is the
// no-heap core without Boost.URL (embedded builds); this header adds the
// boost::urls::url forms of signing and verification; <ecireq/call.hpp>
// adds sending through your transport with retries (call/) and reading the
// answers (response/, beside builder/ and verify/), with Boost.JSON.
#ifndef ECIREQ_HPP
#define ECIREQ_HPP

#include <ecireq/config.hpp>
#include <ecireq/core.hpp>
#include <ecireq/builder/url_forms.hpp>
#include <ecireq/verify/rpc_v2.hpp>
#include <ecireq/verify/acs3_hmac_sha256.hpp>

#endif
