// ecireq: the step between an action's parameters and a V3
// (ACS3-HMAC-SHA256) signature; the V3 twin of rpc_v2_prepare.hpp.
//
// V3 sends no common parameters: the action, time and nonce travel in
// x-acs-* headers. So the step checks that the action's parameters are in
// order, works out the endpoint, draws the time and nonce, hashes the
// (empty) body, and checks every value that becomes a header. It is one
// function of the credentials type, compiled once for the default
// credentials under ECIREQ_SEPARATE_COMPILATION (compiled_engine.hpp).
#ifndef ECIREQ_SIGNATURE_ACS3_PREPARE_HPP
#define ECIREQ_SIGNATURE_ACS3_PREPARE_HPP

#include <ecireq/error.hpp>
#include <ecireq/rpc/canonical_query.hpp>
#include <ecireq/rpc/endpoint.hpp>
#include <ecireq/rpc/param.hpp>
#include <ecireq/rpc/request_stamp.hpp>
#include <ecireq/rpc/request_target.hpp>
#include <ecireq/rpc/sign_options.hpp>
#include <ecireq/signature/acs3_hmac_sha256.hpp>

#include <string_view>

namespace ecireq { namespace acs3 {

/// A V3 request before its URL is written: everything but the buffers.
struct prepared_request {
    rpc::param const* first;
    rpc::param const* last;
    rpc::endpoint endpoint;
    hex_digest body_hash;  ///< the x-acs-content-sha256 value, kept here for request.payload_hash to view
    request_parts request; ///< host and payload_hash filled in by parts()

    /// The URL and the request parts, the host now a view into the URL.
    struct with_url {
        url_parts url;
        request_parts request;
    };
    with_url parts(url_parts u) const noexcept
    {
        request_parts r = request;
        r.host = u.host;
        r.payload_hash = body_hash.view();
        return {u, r};
    }
};

/** Turns the action's parameters in `t` (in canonical order) into a V3
    request: draws the time and nonce into `stamp`, which must outlive the
    result. Every value that becomes a header is checked here. */
template <class Credentials>
result<prepared_request> prepare(rpc::param_table& t, rpc::request_stamp& stamp, rpc::request_target const& target,
                                 Credentials const& creds, sign_options const& opts, http_method m) noexcept
{
    // Already in canonical order, by construction: nothing to merge.
    if (auto r = rpc::put_in_order(t.begin(), t.end(), t.end(), rpc::first_run::sorted_by_construction); !r)
        return r.error();
    auto e = rpc::endpoint::make(opts, target.host, target.region);
    if (!e) return e.error();
    if (auto r = stamp.draw<typename Credentials::backend_type>(opts); !r) return r.error();
    auto hash = payload_hash<typename Credentials::backend_type>({});
    if (!hash) return hash.error();
    prepared_request p{t.begin(), t.end(), *e, *hash, {}};
    request_parts& parts = p.request;
    parts.method = m;
    parts.action = target.info.action;
    parts.version = target.info.version;
    parts.date = stamp.timestamp();
    parts.nonce = stamp.nonce();
    parts.access_key_id = creds.access_key_id();
    parts.security_token = creds.security_token();
    // Each becomes a header value: a line break in one would inject headers.
    if (auto r = check_header_value("AccessKeyId", parts.access_key_id); !r) return r.error();
    // The id also ends "Credential=<id>," in the Authorization value: a ','
    // in it would end it early, and no verifier could read it back.
    if (parts.access_key_id.find(',') != std::string_view::npos) return error(errc::invalid_value, "AccessKeyId");
    // The nonce header is trimmed: blanks only would arrive empty.
    if (trim(parts.nonce).empty()) return error(errc::empty_value, "SignatureNonce");
    if (auto r = check_header_value("SecurityToken", parts.security_token); !r) return r.error();
    if (auto r = check_header_value("SignatureNonce", parts.nonce); !r) return r.error();
    return p;
}

}} // namespace ecireq::acs3

#endif
