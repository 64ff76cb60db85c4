// ecireq: what to make of SignatureDoesNotMatch.
//
// The gateway's Message for SignatureDoesNotMatch ends with the text it
// signed: "... server string to sign is:GET&%2F&..." for V2; for V3 either
// "... server canonical request is:POST\n/\n..." (as the local stand-in
// answers) or its string to sign, "ACS3-HMAC-SHA256\n<hash>", of which only
// the hash can be compared. Rebuilt on our side from the
// request that was sent, the two texts say which of two very different
// problems it is:
//   - equal: both sides signed the same text, so the keys differ: the
//     AccessKey secret is wrong (nothing in the code to debug);
//   - different: the request was changed in transit (a proxy re-encoding
//     the query, a header dropped) or signed differently; the first
//     difference is named by part (the method, parameter 4 "Image.1",
//     the header x-acs-date, ...), never by value.
#ifndef ECIREQ_RESPONSE_DIAGNOSE_HPP
#define ECIREQ_RESPONSE_DIAGNOSE_HPP

#include <ecireq/crypto/backend.hpp>
#include <ecireq/error.hpp>
#include <ecireq/response/answers.hpp>
#include <ecireq/rpc/canonical_query.hpp>
#include <ecireq/rpc/query_decoding.hpp>
#include <ecireq/rpc/signed_urls.hpp>
#include <ecireq/signature/acs3_hmac_sha256.hpp>
#include <ecireq/signature/rpc_v2.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace ecireq {

/** Our V2 string to sign for a signed query: a GET URL's query or a POST
    form body, encoded, Signature included (it is left out, as signing does). */
inline result<std::string> v2_string_to_sign(http_method method, std::string_view encoded_query)
{
    const std::string owned(encoded_query); // parse_query reads to a NUL (see verify_query)
    auto params = boost::urls::parse_query(owned);
    if (!params) return error(errc::malformed_request, method == http_method::post ? "body" : "query");
    detail::decoded_request decoded;
    if (auto r = detail::decode_params(*params, decoded); !r) return r.error();
    std::vector<rpc::param> signed_params;
    for (auto const& p : decoded.params)
        if (p.name != "Signature") signed_params.push_back(p);
    auto canonical = rpc::canonical_query(std::move(signed_params));
    if (!canonical) return canonical.error();
    return rpc::string_to_sign(method, *canonical);
}

/// Our V2 string to sign for a signed GET URL (absolute, or "/?...").
inline result<std::string> v2_string_to_sign(boost::urls::url_view url)
{
    return v2_string_to_sign(http_method::get, url.encoded_query());
}

/** Our V3 canonical request for a request as sign_v3 returned it (its
    method, the query of its URL and its headers; the body is empty). */
inline result<std::string> v3_canonical_request(signed_request const& r)
{
    auto header = [&](std::string_view name) -> std::string_view {
        for (auto const& h : r.headers)
            if (h.name == name) return h.value;
        return {};
    };
    acs3::request_parts parts;
    parts.method = r.method;
    parts.host = header("host");
    parts.action = header("x-acs-action");
    parts.version = header("x-acs-version");
    parts.date = header("x-acs-date");
    parts.nonce = header("x-acs-signature-nonce");
    parts.payload_hash = header("x-acs-content-sha256");
    parts.access_key_id = header("x-acs-accesskey-id");
    parts.security_token = header("x-acs-security-token");
    detail::decoded_request decoded;
    if (r.url.has_query())
        if (auto d = detail::decode_params(boost::urls::url_view(r.url).encoded_params(), decoded); !d) return d.error();
    auto canonical = rpc::canonical_query(decoded.params);
    if (!canonical) return canonical.error();
    return acs3::canonical_request_text(parts, *canonical);
}

/// The outcome of comparing the server's signed text with ours.
struct signature_diagnosis {
    enum class finding {
        secret_is_wrong,  ///< the texts are equal: the AccessKey secret differs from the server's
        texts_differ,     ///< the request reached the server changed, or was signed differently
        hashes_differ,    ///< V3, the server quoted only its string to sign: the canonical requests differ
        no_server_text    ///< the Message carries no signed text to compare with
    };
    finding what = finding::no_server_text;
    std::size_t offset = 0; ///< texts_differ: the first differing byte of the texts
    std::string where;      ///< texts_differ: the part it lies in ("parameter 4 (Image.1), in its value")

    /// One sentence for a log or a terminal; holds no request value.
    std::string text() const
    {
        switch (what) {
        case finding::secret_is_wrong:
            return "the AccessKey secret is wrong: the server signed exactly the text we signed, "
                   "so the key it holds for this AccessKeyId differs from ours";
        case finding::texts_differ:
            return "the server signed a different text: they first differ at byte " + std::to_string(offset) +
                   ", in " + where + " (the request was changed on its way, or signed differently)";
        case finding::hashes_differ:
            return "the server signed a different canonical request (its message quotes only the hash, so "
                   "where they differ cannot be told: the request was changed on its way, or signed differently)";
        case finding::no_server_text: break;
        }
        return "the server's message carries no signed text to compare with";
    }
};

namespace detail {

/// The signed text in a SignatureDoesNotMatch Message, if it has one.
inline bool server_signed_text(std::string_view message, std::string_view& out) noexcept
{
    for (std::string_view marker : signed_text_markers) {
        auto at = message.find(marker);
        if (at != std::string_view::npos) {
            out = message.substr(at + marker.size());
            return true;
        }
    }
    return false;
}

/** Names parameter `index` (1-based) of an encoded canonical query, and
    whether `at` (an offset into `query`) falls in its name or its value.
    `amp` and `eq` are the separators as the text writes them ("&"/"=" in a
    canonical query; "%26"/"%3D" inside a V2 string to sign). */
inline std::string name_parameter(std::string_view query, std::size_t at, std::string_view amp, std::string_view eq)
{
    std::size_t start = 0, index = 1;
    for (;;) {
        std::size_t next = query.find(amp, start);
        if (next == std::string_view::npos || next >= at) {
            std::string_view item = query.substr(start, next == std::string_view::npos ? std::string_view::npos : next - start);
            std::size_t sep = item.find(eq);
            std::string_view name = item.substr(0, sep);
            // V2 encodes the query again: "Image.1" is written as-is, since
            // the names ecireq sends are unreserved ASCII; a name that is
            // not stays unnamed rather than risk printing user text.
            bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
                return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                       c == '-' || c == '_';
            });
            std::string s = "parameter " + std::to_string(index);
            if (plain) s += " (" + std::string(name) + ")";
            bool in_value = sep != std::string_view::npos && at - start >= sep + eq.size();
            s += in_value ? ", in its value" : ", in its name";
            return s;
        }
        start = next + amp.size();
        ++index;
    }
}

/// The part of a V2 string to sign ("GET&%2F&<query, encoded again>") that `at` falls in.
inline std::string v2_part(std::string_view ours, std::size_t at)
{
    std::size_t first = ours.find('&');
    if (first == std::string_view::npos || at < first) return "the method";
    std::size_t second = ours.find('&', first + 1);
    if (second == std::string_view::npos || at < second + 1) return "the path";
    return "the canonical query, " + name_parameter(ours.substr(second + 1), at - second - 1, "%26", "%3D");
}

/// The part of a V3 canonical request that `at` falls in, by line.
inline std::string v3_part(std::string_view ours, std::size_t at)
{
    std::size_t line_start = 0, line = 1;
    for (std::size_t i = 0; i < at && i < ours.size(); ++i)
        if (ours[i] == '\n') { ++line; line_start = i + 1; }
    std::size_t line_end = ours.find('\n', line_start);
    std::string_view text = ours.substr(line_start, line_end == std::string_view::npos ? std::string_view::npos
                                                                                     : line_end - line_start);
    // Lines: method, path, query, one per header, a blank line, the signed
    // header list, the payload hash; the last two counted from the end.
    std::size_t lines = static_cast<std::size_t>(std::count(ours.begin(), ours.end(), '\n')) + 1;
    if (line == 1) return "the method";
    if (line == 2) return "the path";
    if (line == 3) return "the canonical query, " + name_parameter(text, at - line_start, "&", "=");
    if (line == lines) return "the payload hash";
    if (line == lines - 1) return "the signed-header list";
    if (text.empty()) return "the end of the headers";
    return "the header " + std::string(text.substr(0, text.find(':')));
}

} // namespace detail

/** Compares the text the server signed, as its SignatureDoesNotMatch
    `server_message` carries it, with `ours`: v2_string_to_sign of the
    request sent (V2) or its v3_canonical_request (V3). */
inline signature_diagnosis diagnose_signature_mismatch(std::string_view server_message, std::string_view ours)
{
    signature_diagnosis d;
    std::string_view theirs;
    if (!detail::server_signed_text(server_message, theirs)) return d;
    if (theirs == ours) {
        d.what = signature_diagnosis::finding::secret_is_wrong;
        return d;
    }
    // A V3 gateway may quote its string to sign, "ACS3-HMAC-SHA256\n" and
    // the hex SHA-256 of its canonical request, rather than the canonical
    // request itself: then only the hashes can be compared.
    std::string const v3_head = std::string(signature::acs3_hmac_sha256::algorithm) + "\n";
    bool const ours_is_canonical_request = ours.find('\n') != std::string_view::npos && ours.rfind(v3_head, 0) != 0;
    if (ours_is_canonical_request && theirs.rfind(v3_head, 0) == 0) {
        auto hash = acs3::payload_hash<crypto::default_backend>(ours);
        bool const same = hash && theirs.substr(v3_head.size()) == hash->view();
        d.what = same ? signature_diagnosis::finding::secret_is_wrong : signature_diagnosis::finding::hashes_differ;
        return d;
    }
    d.what = signature_diagnosis::finding::texts_differ;
    auto diff = std::mismatch(ours.begin(), ours.end(), theirs.begin(), theirs.end());
    d.offset = static_cast<std::size_t>(diff.first - ours.begin());
    bool v3 = ours.find('\n') != std::string_view::npos;
    d.where = v3 ? detail::v3_part(ours, d.offset) : detail::v2_part(ours, d.offset);
    return d;
}

} // namespace ecireq

#endif
