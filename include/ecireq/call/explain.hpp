// ecireq: one line on why a call failed, fit for a log: the Code, the
// server's Message and RequestId; for SignatureDoesNotMatch, instead of a
// Message that quotes the whole signed request (every parameter value,
// registry passwords included), what comparing it with ours found.
#ifndef ECIREQ_CALL_EXPLAIN_HPP
#define ECIREQ_CALL_EXPLAIN_HPP

#include <ecireq/call/http_message.hpp>
#include <ecireq/error.hpp>
#include <ecireq/response/answers.hpp>
#include <ecireq/response/diagnose.hpp>

#include <boost/url/parse.hpp>

#include <string>
#include <string_view>

namespace ecireq {

/// Whether `sent` carries a V3 signature (an ACS3 Authorization header).
inline bool is_v3(http_request const& sent) noexcept
{
    for (auto const& h : sent.headers)
        if (h.name == "authorization") return true;
    return false;
}

/** The text `sent` was signed over, as the server rebuilds it: the V2
    string to sign of its query (GET) or form body (POST), or its V3
    canonical request. What diagnose_signature_mismatch compares. */
inline result<std::string> signed_text(http_request const& sent)
{
    auto url = boost::urls::parse_uri(sent.url);
    if (!url) return error(errc::malformed_request, "url");
    if (is_v3(sent)) {
        signed_request r;
        r.method = sent.method;
        r.url = *url;
        r.headers = sent.headers;
        return v3_canonical_request(r);
    }
    if (sent.method == http_method::post) return v2_string_to_sign(http_method::post, sent.body);
    return v2_string_to_sign(http_method::get, url->encoded_query());
}

/** "Code: Message (RequestId: ...)"; for SignatureDoesNotMatch the Message
    is replaced by the diagnosis ("the AccessKey secret is wrong: ...", or
    where the texts differ), so no request value reaches the line. */
inline std::string explain(api_error const& e, http_request const& sent)
{
    if (e.code != "SignatureDoesNotMatch") return e.summary();
    signature_diagnosis d;
    if (auto ours = signed_text(sent)) d = diagnose_signature_mismatch(e.message, *ours);
    std::string s = e.code + ": " + d.text();
    if (!e.request_id.empty()) s += " (RequestId: " + e.request_id + ")";
    return s;
}

} // namespace ecireq

#endif
