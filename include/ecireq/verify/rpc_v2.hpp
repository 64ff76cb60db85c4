// ecireq: verifying a signed request, the receiving side of the Alibaba
// Cloud RPC signature (HMAC-SHA1, SignatureVersion 1.0).
//
// verify() takes what a client sent (the GET URL, or the POST form body),
// decodes every parameter once with Boost.URL, rebuilds the canonical query
// from the decoded values and recomputes the signature with the same code
// that signs (rpc::canonical_query, rpc::sign_canonical_query). Checking
// the decoded values rather than the bytes on the wire is the point: what a
// service acts on is the decoded parameters, so that is what the signature
// must cover. docs/trust.md lists every check and its errc.
#ifndef ECIREQ_VERIFY_RPC_V2_HPP
#define ECIREQ_VERIFY_RPC_V2_HPP

#include <ecireq/error.hpp>
#include <ecireq/rpc/canonical_query.hpp>
#include <ecireq/rpc/param.hpp>
#include <ecireq/rpc/query_decoding.hpp>
#include <ecireq/rpc/sign_options.hpp>
#include <ecireq/rpc/signed_urls.hpp>
#include <ecireq/rpc/timestamp.hpp>
#include <ecireq/signature/credentials.hpp>
#include <ecireq/signature/rpc_v2.hpp>

#include <boost/url/params_encoded_view.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ecireq {

/// The default tolerance between a request's Timestamp and the verifier's
/// clock, either way: the 15 minutes the service itself allows.
inline constexpr std::chrono::seconds default_verify_window = std::chrono::minutes(15);

namespace detail {

/// Equal without an early exit, so the time taken does not tell an attacker
/// how many leading characters of a forged signature were right. Lengths are
/// not secret (a signature is always 28 characters), so they may differ fast.
inline bool constant_time_equal(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size()) return false;
    // volatile keeps the compiler from turning the loop into a memcmp that
    // stops at the first difference.
    volatile unsigned char acc = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        acc = static_cast<unsigned char>(acc | (static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i])));
    return acc == 0;
}

/** Checks Timestamp against `now`. rpc::parse_timestamp accepts years
    0000-9999 but returns a system_clock::time_point, which with a nanosecond
    tick (libstdc++) spans only about 1678-2261: converting a year outside that
    overflows a signed integer. Such a year is hundreds of years from any
    clock, so it is reported as out of the window without being converted. */
inline result<void> check_timestamp(std::string_view ts, rpc::time_point now, std::chrono::seconds window) noexcept
{
    using namespace std::chrono;
    constexpr std::int64_t max_secs = duration_cast<seconds>(system_clock::duration::max()).count();
    // Whole years that certainly fit either side of 1970, one spare for the
    // months and days of the last year.
    constexpr std::int64_t safe_years = max_secs / (366 * 86400) - 1;
    bool digits = ts.size() >= 4;
    std::int64_t year = 0;
    for (std::size_t i = 0; digits && i < 4; ++i) {
        digits = ts[i] >= '0' && ts[i] <= '9';
        year = year * 10 + (ts[i] - '0');
    }
    if (digits && (year < 1970 - safe_years || year > 1970 + safe_years)) {
        // Is it a well-formed timestamp with a far year? Try the same text with
        // a representable year of the same leap-ness (for 02-29).
        bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        char copy[rpc::timestamp_size];
        if (ts.size() != sizeof copy) return error(errc::malformed_request, "Timestamp");
        std::copy(ts.begin(), ts.end(), copy);
        std::copy_n(leap ? "2000" : "2001", 4, copy);
        if (!rpc::parse_timestamp({copy, sizeof copy})) return error(errc::malformed_request, "Timestamp");
        return error(errc::timestamp_out_of_window, "Timestamp");
    }
    auto t = rpc::parse_timestamp(ts);
    if (!t) return error(errc::malformed_request, "Timestamp");
    // In whole seconds: Timestamp has no fraction, and seconds since the
    // epoch cannot overflow where nanoseconds between two far dates could.
    std::int64_t now_s = duration_cast<seconds>(now.time_since_epoch()).count();
    if (now < system_clock::time_point(duration_cast<system_clock::duration>(seconds(now_s)))) --now_s; // floor
    std::int64_t ts_s = duration_cast<seconds>(t->time_since_epoch()).count();
    std::int64_t off = now_s > ts_s ? now_s - ts_s : ts_s - now_s;
    if (off > window.count()) return error(errc::timestamp_out_of_window, "Timestamp", off);
    return {};
}

template <class Backend>
result<void> verify_decoded(rpc::http_method method, decoded_request const& req,
                            basic_credentials<Backend> const& creds, rpc::time_point now,
                            std::chrono::seconds window)
{
    // Cheap checks first: a request that fails them costs no HMAC.
    std::string_view const* sig = req.find("Signature");
    if (!sig) return error(errc::missing_parameter, "Signature");

    std::string_view const* v = req.find("SignatureMethod");
    if (!v) return error(errc::missing_parameter, "SignatureMethod");
    if (*v != signature::rpc_v2::signature_method) return error(errc::unsupported_signature, "SignatureMethod");
    v = req.find("SignatureVersion");
    if (!v) return error(errc::missing_parameter, "SignatureVersion");
    if (*v != signature::rpc_v2::signature_version) return error(errc::unsupported_signature, "SignatureVersion");

    v = req.find("AccessKeyId");
    if (!v) return error(errc::missing_parameter, "AccessKeyId");
    if (*v != creds.access_key_id()) return error(errc::invalid_value, "AccessKeyId");

    // An STS token belongs to the key it was issued with: present when the
    // credentials have one, and equal to it; absent or empty otherwise.
    v = req.find("SecurityToken");
    if (creds.has_security_token()) {
        if (!v) return error(errc::missing_parameter, "SecurityToken");
        if (!constant_time_equal(*v, creds.security_token())) return error(errc::invalid_value, "SecurityToken");
    } else if (v && !v->empty()) {
        // An empty SecurityToken is what the official C++ SDK signs when it
        // has no STS token: signed like any parameter, and harmless.
        return error(errc::invalid_value, "SecurityToken");
    }

    // The nonce is what a replay cache keys on; verify cannot keep that
    // cache (it has no state), but it can insist there is a nonce to key on.
    v = req.find("SignatureNonce");
    if (!v) return error(errc::missing_parameter, "SignatureNonce");
    if (v->empty()) return error(errc::empty_value, "SignatureNonce");

    v = req.find("Timestamp");
    if (!v) return error(errc::missing_parameter, "Timestamp");
    if (auto r = check_timestamp(*v, now, window); !r) return r;

    std::vector<rpc::param> signed_params;
    signed_params.reserve(req.params.size() - 1);
    for (auto const& p : req.params)
        if (p.name != "Signature") signed_params.push_back(p);
    auto canonical = rpc::canonical_query(std::move(signed_params));
    if (!canonical) return canonical.error();
    auto expected = rpc::sign_canonical_query(creds, method, *canonical);
    if (!expected) return expected.error();
    if (!constant_time_equal(expected->view(), *sig)) return error(errc::signature_mismatch, "Signature");
    return {};
}

template <class Backend>
result<void> verify_encoded(rpc::http_method method, boost::urls::params_encoded_view params,
                            basic_credentials<Backend> const& creds, rpc::time_point now,
                            std::chrono::seconds window)
{
    if (auto c = creds.check(); !c) return c.error();
    if (params.empty()) return error(errc::missing_parameter, "Signature");
    decoded_request req;
    if (auto r = decode_params(params, req); !r) return r;
    return verify_decoded(method, req, creds, now, window);
}

} // namespace detail

/** Verifies an encoded query string ("AccessKeyId=...&...&Signature=...", no
    leading '?') signed for `method`: a GET URL's query or a POST form body.

    Checks, in this order, each failing with the errc and parameter shown:
      - the credentials (their own check())
      - the query parses, names are non-empty with '=', no raw '+'  malformed_request
        (naming the part by position, "parameter 3", never its text)
      - every name and value is UTF-8 once decoded                   invalid_utf8
      - no name occurs twice (after decoding)                         duplicate_parameter
      - Signature, SignatureMethod, SignatureVersion, AccessKeyId,
        SignatureNonce, Timestamp are present                         missing_parameter
      - SignatureMethod is HMAC-SHA1, SignatureVersion is 1.0         unsupported_signature
      - AccessKeyId is the credentials' id; SecurityToken is present
        when the credentials have one and equal to it, else absent
        or empty (as the official C++ SDK sends it)                   invalid_value
      - SignatureNonce is not empty                                   empty_value
      - Timestamp is "YYYY-MM-DDThh:mm:ssZ"                           malformed_request
      - |now - Timestamp| <= window, to the second                    timestamp_out_of_window
      - the signature of every other parameter equals Signature
        (compared in constant time)                                   signature_mismatch

    Not checked, because the signature does not cover them: the scheme, host
    and path. Not checked, because it needs state across requests: that the
    SignatureNonce was not seen before (keep a cache of nonces for at least
    twice the window to reject replays). Allocates; never throws except
    std::bad_alloc.
*/
template <class Backend>
result<void> verify_query(rpc::http_method method, std::string_view encoded_query,
                          basic_credentials<Backend> const& creds, rpc::time_point now,
                          std::chrono::seconds window = default_verify_window)
{
    // Boost.URL 1.81's parse_query rebuilds its result from data() alone
    // (boostorg/url#757): the parameters run to the next NUL, past the end of
    // a view into a larger buffer (a network buffer, sign_post_to's body).
    // A NUL-terminated copy makes that end the real one; a query with a NUL
    // byte inside does not parse at all, so the two never differ.
    const std::string owned(encoded_query);
    auto params = boost::urls::parse_query(owned);
    if (!params)
        return error(errc::malformed_request,
                     detail::malformed_segment(owned, method == rpc::http_method::post ? "body" : "query"));
    return detail::verify_encoded(method, *params, creds, now, window);
}

/** Verifies a signed GET URL (see verify_query for the checks). A URL with a
    fragment is malformed_request ("fragment"): a signer never writes one and
    a client would not send it. */
template <class Backend>
result<void> verify(boost::urls::url_view url, basic_credentials<Backend> const& creds, rpc::time_point now,
                    std::chrono::seconds window = default_verify_window)
{
    if (url.has_fragment()) return error(errc::malformed_request, "fragment");
    if (!url.has_query()) {
        if (auto c = creds.check(); !c) return c.error();
        return error(errc::missing_parameter, "Signature");
    }
    return detail::verify_encoded(rpc::http_method::get, url.encoded_params(), creds, now, window);
}

namespace detail {
/// Parses a URL given as text (absolute, or a request target such as "/?...").
inline result<boost::urls::url_view> parse_url_text(std::string_view url) noexcept
{
    // Bytes that RFC 3986 allows nowhere in a URI reference are refused before
    // parsing. The answer is the same as the parser's; the point is to give
    // less client text to Boost.URL 1.81's parser, whose debug build fails an
    // internal assertion on some of it (boostorg/url#665: "A:\\", "c:^"). Not
    // on all of it ("s:?" still does): link a release Boost.URL, as
    // distributions ship it, where a server verifies client text.
    for (char c : url) {
        unsigned char b = static_cast<unsigned char>(c);
        if (b <= 0x20 || b >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' ||
            c == '{' || c == '|' || c == '}')
            return error(errc::malformed_request, "url");
    }
    auto u = boost::urls::parse_uri_reference(url);
    if (!u) return error(errc::malformed_request, "url");
    return *u;
}
} // namespace detail

/** Verifies a signed GET URL given as text: an absolute URL or a request
    target such as "/?AccessKeyId=...". malformed_request ("url") when it does
    not parse as a URI reference. */
template <class Backend>
result<void> verify(std::string_view url, basic_credentials<Backend> const& creds, rpc::time_point now,
                    std::chrono::seconds window = default_verify_window)
{
    auto u = detail::parse_url_text(url);
    if (!u) return u.error();
    return verify(*u, creds, now, window);
}

/// Verifies a signed POST form body (application/x-www-form-urlencoded).
template <class Backend>
result<void> verify_post(std::string_view body, basic_credentials<Backend> const& creds, rpc::time_point now,
                         std::chrono::seconds window = default_verify_window)
{
    return verify_query(rpc::http_method::post, body, creds, now, window);
}

namespace detail {
template <class Backend>
result<void> verify_post_pair(boost::urls::url_view url, std::string_view body,
                              basic_credentials<Backend> const& creds, rpc::time_point now,
                              std::chrono::seconds window)
{
    // The signer puts every parameter in the body. Parameters in the URL's
    // query would be outside what is verified here, so they are refused
    // rather than silently left unchecked.
    if (url.has_query() || url.has_fragment()) return error(errc::malformed_request, "url");
    return verify_post(body, creds, now, window);
}
} // namespace detail

/// Verifies what sign_post() returned: the body, and that the URL carries no query.
template <class Backend>
result<void> verify(signed_post const& post, basic_credentials<Backend> const& creds, rpc::time_point now,
                    std::chrono::seconds window = default_verify_window)
{
    return detail::verify_post_pair(post.url, post.body, creds, now, window);
}

/// Verifies what sign_post_to() returned: the body, and that the URL carries no query.
template <class Backend>
result<void> verify(signed_post_view const& post, basic_credentials<Backend> const& creds, rpc::time_point now,
                    std::chrono::seconds window = default_verify_window)
{
    auto u = detail::parse_url_text(post.url);
    if (!u) return u.error();
    return detail::verify_post_pair(*u, post.body, creds, now, window);
}

} // namespace ecireq

#endif
