// ecireq: verifying a request signed with V3 (ACS3-HMAC-SHA256), the
// receiving side of signature/acs3_hmac_sha256.hpp.
//
// verify_v3() takes what a client sent (method, URL, headers, body), checks
// the Authorization header's form and what it claims, decodes the query once
// with Boost.URL and recomputes the signature with the same code that signs
// (rpc::canonical_query, acs3::canonical_request, acs3::sign) over the
// decoded query and the received header values. As for V2
// (verify/rpc_v2.hpp), the decoded values are what a service acts on, so they
// are what the signature must be found to cover; and an error names the
// header or parameter at fault, or a fixed label, never a value the client
// sent.
#ifndef ECIREQ_VERIFY_ACS3_HMAC_SHA256_HPP
#define ECIREQ_VERIFY_ACS3_HMAC_SHA256_HPP

#include <ecireq/error.hpp>
#include <ecireq/rpc/canonical_query.hpp>
#include <ecireq/rpc/param.hpp>
#include <ecireq/rpc/query_decoding.hpp>
#include <ecireq/rpc/sign_options.hpp>
#include <ecireq/rpc/signed_urls.hpp>
#include <ecireq/rpc/timestamp.hpp>
#include <ecireq/signature/acs3_hmac_sha256.hpp>
#include <ecireq/signature/credentials.hpp>
#include <ecireq/verify/rpc_v2.hpp>

#include <boost/url/url_view.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace ecireq {

namespace detail {

/// RFC 9110 token characters: what a header name may be made of.
inline bool is_tchar(char c) noexcept
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

inline bool is_token(std::string_view s) noexcept
{
    return !s.empty() && std::all_of(s.begin(), s.end(), is_tchar);
}

inline char ascii_lower(char c) noexcept
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

inline bool iequal_ascii(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

/// The headers of a received request: names lowercased, values trimmed,
/// sorted by name, each name once.
class v3_received_headers {
public:
    /** Adds one header as received. A name that is not a token is refused
        under the fixed label "headers" (it could be any client text); a value
        that could break a header line under the header's name. */
    result<void> add(std::string_view name, std::string_view value)
    {
        if (!is_token(name)) return error(errc::malformed_request, "headers");
        std::size_t at = names_.size();
        for (char c : name) names_ += ascii_lower(c);
        std::string_view lower(names_.data() + at, name.size()); // valid only until the next add
        if (auto r = acs3::check_header_value(lower, value); !r) return r;
        spans_.push_back({at, name.size(), acs3::trim(value)});
        return {};
    }

    /// Sorts by name and refuses a name given twice (case-insensitively).
    result<void> finish()
    {
        // `names_` is complete: the views into it made here stay valid.
        items_.clear();
        items_.reserve(spans_.size());
        for (auto const& s : spans_) items_.push_back({{names_.data() + s.at, s.size}, s.value});
        std::sort(items_.begin(), items_.end(),
                  [](acs3::header const& a, acs3::header const& b) { return a.name < b.name; });
        for (std::size_t i = 1; i < items_.size(); ++i)
            if (items_[i].name == items_[i - 1].name) return error(errc::duplicate_parameter, items_[i].name);
        return {};
    }

    /// The trimmed value of the header `lowercase_name`, or nullptr when it was not sent.
    std::string_view const* find(std::string_view lowercase_name) const noexcept
    {
        auto it = std::lower_bound(items_.begin(), items_.end(), lowercase_name,
                                   [](acs3::header const& h, std::string_view n) { return h.name < n; });
        return it != items_.end() && it->name == lowercase_name ? &it->value : nullptr;
    }

    std::vector<acs3::header> const& items() const noexcept { return items_; }

private:
    struct span {
        std::size_t at, size;
        std::string_view value;
    };
    std::string names_;
    std::vector<span> spans_;
    std::vector<acs3::header> items_;
};

/** Splits a header block into `out`: lines end in "\r\n" or "\n"; each is
    "name:" then the value with optional spaces or tabs around it. Line
    breaks at the end of the block are ignored (a block may end with the
    blank line that ends an HTTP head); a blank line before the last header,
    a line without ':' and a folded line (one starting with a space or tab,
    obsolete in HTTP/1.1 and read differently by different parsers) are
    malformed_request "headers". */
inline result<void> split_header_block(std::string_view block, v3_received_headers& out)
{
    while (!block.empty() && (block.back() == '\n' || block.back() == '\r')) block.remove_suffix(1);
    while (!block.empty()) {
        std::size_t eol = block.find('\n');
        std::string_view line = block.substr(0, eol);
        block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line.front() == ' ' || line.front() == '\t')
            return error(errc::malformed_request, "headers");
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) return error(errc::malformed_request, "headers");
        if (auto r = out.add(line.substr(0, colon), line.substr(colon + 1)); !r) return r;
    }
    return out.finish();
}

// What a range of headers may hold: elements with .first/.second (std::pair,
// a std::map's entries) or with .name/.value (ecireq::http_header), each
// convertible to std::string_view.
template <class T, class = void>
struct has_first_second : std::false_type {};
template <class T>
struct has_first_second<T, std::enable_if_t<std::is_convertible_v<decltype(std::declval<T const&>().first), std::string_view> &&
                                            std::is_convertible_v<decltype(std::declval<T const&>().second), std::string_view>>>
    : std::true_type {};

template <class T, class = void>
struct has_name_value : std::false_type {};
template <class T>
struct has_name_value<T, std::enable_if_t<std::is_convertible_v<decltype(std::declval<T const&>().name), std::string_view> &&
                                          std::is_convertible_v<decltype(std::declval<T const&>().value), std::string_view>>>
    : std::true_type {};

template <class R, class = void>
struct is_header_range : std::false_type {};
template <class R>
struct is_header_range<R, std::void_t<decltype(std::begin(std::declval<R const&>())),
                                      decltype(std::end(std::declval<R const&>()))>> {
    using element = std::decay_t<decltype(*std::begin(std::declval<R const&>()))>;
    static constexpr bool value = has_first_second<element>::value || has_name_value<element>::value;
};

template <class Headers>
result<void> collect_header_range(Headers const& headers, v3_received_headers& out)
{
    for (auto const& h : headers) {
        using element = std::decay_t<decltype(h)>;
        result<void> r;
        if constexpr (has_first_second<element>::value)
            r = out.add(std::string_view(h.first), std::string_view(h.second));
        else
            r = out.add(std::string_view(h.name), std::string_view(h.value));
        if (!r) return r;
    }
    return out.finish();
}

/// The parts of an Authorization value of the ACS3-HMAC-SHA256 form.
struct v3_authorization {
    std::string_view credential;
    std::string_view signed_headers;
    std::string_view signature;
};

inline bool is_lower_hex(std::string_view s) noexcept
{
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

/** Splits "ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<list>,Signature=<hex>",
    exactly as the signer writes it (no spaces after the commas, the three
    fields in this order). Another scheme before the first space is
    unsupported_signature; anything else off the form (an empty value too) is
    malformed_request, both naming "authorization". */
inline result<v3_authorization> parse_v3_authorization(std::string_view v) noexcept
{
    using scheme = signature::acs3_hmac_sha256;
    constexpr std::string_view bad = "authorization";
    if (v.empty()) return error(errc::malformed_request, bad);
    std::size_t sp = v.find(' ');
    if (v.substr(0, sp) != scheme::algorithm) return error(errc::unsupported_signature, bad);
    if (sp == std::string_view::npos) return error(errc::malformed_request, bad);
    v.remove_prefix(sp + 1);

    // Takes "<prefix><field>" up to `end` (a ',' or the end of the value).
    auto field = [&v](std::string_view prefix, bool last, std::string_view& out) {
        if (v.substr(0, prefix.size()) != prefix) return false;
        v.remove_prefix(prefix.size());
        std::size_t comma = last ? std::string_view::npos : v.find(',');
        if (!last && comma == std::string_view::npos) return false;
        out = v.substr(0, comma);
        v = last ? std::string_view() : v.substr(comma);
        return !out.empty();
    };
    v3_authorization a;
    if (!field("Credential=", false, a.credential) || !field(",SignedHeaders=", false, a.signed_headers) ||
        !field(",Signature=", true, a.signature))
        return error(errc::malformed_request, bad);
    if (a.signature.size() != scheme::signature_size || !is_lower_hex(a.signature))
        return error(errc::malformed_request, bad);
    return a;
}

/** Checks SignedHeaders ("host;x-acs-action;..."): every entry a token
    (else the Authorization is malformed_request "authorization"), then
    lowercase (invalid_value), each once (duplicate_parameter) and in byte
    order (malformed_request), those three naming "SignedHeaders". */
inline result<std::vector<std::string_view>> parse_signed_headers(std::string_view list)
{
    std::vector<std::string_view> names;
    while (true) {
        std::size_t semi = list.find(';');
        std::string_view name = list.substr(0, semi);
        if (!is_token(name)) return error(errc::malformed_request, "authorization");
        names.push_back(name);
        if (semi == std::string_view::npos) break;
        list.remove_prefix(semi + 1);
    }
    for (auto n : names)
        for (char c : n)
            if (c >= 'A' && c <= 'Z') return error(errc::invalid_value, "SignedHeaders");
    // Duplicates are looked for in a sorted copy, so that an unsorted list
    // with a repeat is reported as the repeat, and in n log n however long
    // the client made the list.
    std::vector<std::string_view> sorted(names);
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
        return error(errc::duplicate_parameter, "SignedHeaders");
    if (sorted != names) return error(errc::malformed_request, "SignedHeaders");
    return names;
}

/// Headers every V3 request carries (host and five x-acs-*).
inline constexpr std::string_view v3_required_headers[] = {
    "host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"};

/// The headers acs3::canonical_request covers: those above and the two of STS.
inline bool is_v3_signable(std::string_view name) noexcept
{
    if (name == "x-acs-accesskey-id" || name == "x-acs-security-token") return true;
    return std::find(std::begin(v3_required_headers), std::end(v3_required_headers), name) !=
           std::end(v3_required_headers);
}

inline bool is_acs_header(std::string_view lowercase_name) noexcept
{
    return lowercase_name.substr(0, 6) == "x-acs-";
}

/** Checks what the URL can get wrong on its own: no fragment, no userinfo,
    and the path "/" that the canonical request always signs (a request to
    another path would otherwise verify with a signature made for "/"). */
inline result<void> check_v3_url(boost::urls::url_view url) noexcept
{
    if (url.has_fragment()) return error(errc::malformed_request, "fragment");
    if (url.has_userinfo()) return error(errc::malformed_request, "url");
    if (url.encoded_path() != "/") return error(errc::malformed_request, "path");
    return {};
}

/// check_timestamp's verdict, about x-acs-date rather than V2's Timestamp.
inline result<void> check_v3_date(std::string_view date, rpc::time_point now, std::chrono::seconds window) noexcept
{
    auto r = check_timestamp(date, now, window);
    if (r) return r;
    error const& e = r.error();
    return e.has_limit() ? error(e.value(), "x-acs-date", e.limit()) : error(e.value(), "x-acs-date");
}

template <class Backend>
result<void> verify_v3_received(http_method method, boost::urls::url_view url, v3_received_headers const& headers,
                                basic_credentials<Backend> const& creds, rpc::time_point now,
                                std::chrono::seconds window, std::string_view body)
{
    // The Authorization header: its form, then what it claims.
    std::string_view const* auth_value = headers.find(acs3::authorization_name);
    if (!auth_value) return error(errc::missing_parameter, "authorization");
    auto auth = parse_v3_authorization(*auth_value);
    if (!auth) return auth.error();
    if (auth->credential != creds.access_key_id()) return error(errc::invalid_value, "AccessKeyId");
    auto signed_names = parse_signed_headers(auth->signed_headers);
    if (!signed_names) return signed_names.error();

    // Which headers were sent, and which the signature claims to cover.
    for (auto name : v3_required_headers) {
        std::string_view const* v = headers.find(name);
        if (!v) return error(errc::missing_parameter, name);
        if (v->empty()) return error(errc::empty_value, name);
    }
    for (auto name : *signed_names)
        if (!headers.find(name)) return error(errc::missing_parameter, name);
    // A header the signature does not cover could be changed in transit; one
    // the service reads (host, x-acs-*) must therefore be covered.
    for (auto const& h : headers.items())
        if ((h.name == "host" || is_acs_header(h.name)) &&
            !std::binary_search(signed_names->begin(), signed_names->end(), h.name))
            return error(errc::malformed_request, h.name);
    // The canonical request is rebuilt by acs3::canonical_request, which
    // knows the headers the scheme defines for these requests and no other.
    for (auto name : *signed_names)
        if (!is_v3_signable(name)) return error(errc::unknown_parameter, name);

    std::string_view host = *headers.find("host");
    if (url.has_authority() && !iequal_ascii(url.encoded_host_and_port(), host))
        return error(errc::invalid_value, "host");

    std::string_view content_hash = *headers.find("x-acs-content-sha256");
    auto body_hash = acs3::payload_hash<Backend>(body);
    if (!body_hash) return body_hash.error();
    if (content_hash != body_hash->view()) return error(errc::invalid_value, "x-acs-content-sha256");

    // An STS token belongs to the key it was issued with: present exactly
    // when the credentials have one, and equal to it; the key id travels
    // beside it. The signer trims the token (an STS token is never padded),
    // so both sides are compared trimmed. Without a token neither header is
    // part of what the signer writes, nor of what this check can recompute.
    std::string_view const* token = headers.find("x-acs-security-token");
    std::string_view const* key_id = headers.find("x-acs-accesskey-id");
    std::string_view expected_token = acs3::trim(creds.security_token());
    if (!expected_token.empty()) {
        if (!token) return error(errc::missing_parameter, "x-acs-security-token");
        if (!constant_time_equal(*token, expected_token)) return error(errc::invalid_value, "x-acs-security-token");
        if (!key_id) return error(errc::missing_parameter, "x-acs-accesskey-id");
        if (*key_id != creds.access_key_id()) return error(errc::invalid_value, "x-acs-accesskey-id");
    } else {
        if (token) return error(errc::invalid_value, "x-acs-security-token");
        if (key_id) return error(errc::invalid_value, "x-acs-accesskey-id");
    }

    std::string_view date = *headers.find("x-acs-date");
    if (auto r = check_v3_date(date, now, window); !r) return r;

    // The query, decoded once; the canonical query is rebuilt from the
    // decoded values, whatever encoding the client chose on the wire.
    decoded_request query;
    if (url.has_query())
        if (auto r = decode_params(url.encoded_params(), query); !r) return r;
    auto canonical = rpc::canonical_query(query.params);
    if (!canonical) return canonical.error();

    acs3::request_parts parts;
    parts.method = method;
    parts.host = host;
    parts.action = *headers.find("x-acs-action");
    parts.version = *headers.find("x-acs-version");
    parts.date = date;
    parts.nonce = *headers.find("x-acs-signature-nonce");
    parts.payload_hash = content_hash;
    parts.access_key_id = creds.access_key_id();
    if (token) parts.security_token = *token;

    // By the checks above the signed headers are exactly those the canonical
    // request lists; compared anyway, so that the signature is never checked
    // over a header list other than the one it claims.
    std::string listed;
    acs3::header_list(parts).signed_headers([&](std::string_view s) { listed += s; });
    if (listed != auth->signed_headers) return error(errc::malformed_request, "SignedHeaders");

    auto expected = acs3::sign(creds, parts, *canonical);
    if (!expected) return expected.error();
    if (!constant_time_equal(expected->view(), auth->signature)) return error(errc::signature_mismatch, "authorization");
    return {};
}

template <class Backend, class Collect>
result<void> verify_v3_text_url(http_method method, std::string_view url, basic_credentials<Backend> const& creds,
                                rpc::time_point now, std::chrono::seconds window, std::string_view body,
                                Collect&& collect)
{
    if (auto c = creds.check(); !c) return c.error();
    auto u = parse_url_text(url);
    if (!u) return u.error();
    if (auto r = check_v3_url(*u); !r) return r;
    v3_received_headers headers;
    if (auto r = collect(headers); !r) return r;
    return verify_v3_received(method, *u, headers, creds, now, window, body);
}

} // namespace detail

/** Verifies a request signed with V3 (ACS3-HMAC-SHA256).

    `url` is absolute ("https://host/?...") or a request target ("/?...");
    `header_block` holds the request's headers, one "name: value" per line,
    lines ending in "\r\n" or "\n" (as sign_v3_to writes them, or as read
    off the wire up to the blank line); `body` is the request body (empty for
    what ecireq signs). Header names are compared case-insensitively.

    Checks, in this order, each failing with the errc and name shown:
      - the credentials (their own check())
      - the URL parses                                            malformed_request "url"
        and has no fragment, no userinfo, and the path "/"        ... "fragment", "url", "path"
      - every header line is "name:value" with a token as name    malformed_request "headers"
      - no header value holds a control character                 invalid_value <header>
      - no header name is given twice, in any case                duplicate_parameter <header>
      - authorization is present                                  missing_parameter "authorization"
      - its scheme is ACS3-HMAC-SHA256                            unsupported_signature "authorization"
      - it reads "ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=
        <name>;<name>...,Signature=<64 lowercase hex>"            malformed_request "authorization"
      - Credential is the credentials' AccessKeyId                invalid_value "AccessKeyId"
      - SignedHeaders is lowercase                                invalid_value "SignedHeaders"
        with no name twice                                        duplicate_parameter "SignedHeaders"
        in byte order                                             malformed_request "SignedHeaders"
      - host, x-acs-action, x-acs-content-sha256, x-acs-date,
        x-acs-signature-nonce, x-acs-version are sent             missing_parameter <header>
        and not empty                                             empty_value <header>
      - every signed header is sent                               missing_parameter <header>
      - host and every x-acs-* header sent are signed             malformed_request <header>
      - every signed header is host or one of the x-acs-* above,
        x-acs-accesskey-id or x-acs-security-token                unknown_parameter <header>
      - an absolute URL's host[:port] is the host header          invalid_value "host"
      - x-acs-content-sha256 is the hex SHA-256 of `body`         invalid_value "x-acs-content-sha256"
      - with an STS token in the credentials: x-acs-security-token
        and x-acs-accesskey-id are sent                           missing_parameter <header>
        and equal the token (in constant time) and the id         invalid_value <header>;
        without one: neither is sent                              invalid_value <header>
      - x-acs-date is "YYYY-MM-DDThh:mm:ssZ"                      malformed_request "x-acs-date"
      - |now - x-acs-date| <= window, to the second               timestamp_out_of_window "x-acs-date"
      - the query decodes as verify_query's does: no raw '+', no
        empty name or name without '=' (malformed_request), UTF-8
        (invalid_utf8), no name twice (duplicate_parameter), each
        naming the parameter
      - the signature recomputed over the method, the decoded query
        and the received header values (trimmed) equals Signature,
        compared in constant time                                 signature_mismatch "authorization"

    Not checked, because the signature does not cover them: the scheme and
    the headers other than host and x-acs-* (content-type, user-agent...);
    a request that signs one of those is refused above rather than verified
    in part. Not checked, because it needs state across requests: that the
    x-acs-signature-nonce was not seen before (keep a cache of nonces for at
    least twice the window to reject replays). What the request asks for
    (x-acs-action, x-acs-version, the parameters) is the caller's to read
    once this succeeds. Allocates; never throws except std::bad_alloc.
*/
template <class Backend>
result<void> verify_v3(http_method method, std::string_view url, std::string_view header_block,
                       basic_credentials<Backend> const& creds, rpc::time_point now,
                       std::chrono::seconds window = default_verify_window, std::string_view body = {})
{
    return detail::verify_v3_text_url(method, url, creds, now, window, body, [&](detail::v3_received_headers& h) {
        return detail::split_header_block(header_block, h);
    });
}

/** Verifies a V3-signed request whose headers are a range of (name, value)
    pairs: any range whose elements have `.first` and `.second`
    (std::vector<std::pair<std::string, std::string>>, std::map, ...) or
    `.name` and `.value` (std::vector<ecireq::http_header>), each
    convertible to std::string_view. Values are taken as received, and
    trimmed of spaces and tabs at both ends. The checks are those of the
    header-block overload; a name that is not a token is malformed_request
    "headers". */
template <class Headers, class Backend, std::enable_if_t<detail::is_header_range<Headers>::value, int> = 0>
result<void> verify_v3(http_method method, std::string_view url, Headers const& headers,
                       basic_credentials<Backend> const& creds, rpc::time_point now,
                       std::chrono::seconds window = default_verify_window, std::string_view body = {})
{
    return detail::verify_v3_text_url(method, url, creds, now, window, body, [&](detail::v3_received_headers& h) {
        return detail::collect_header_range(headers, h);
    });
}

/// Verifies what sign_v3() returned (empty body).
template <class Backend>
result<void> verify_v3(signed_request const& request, basic_credentials<Backend> const& creds, rpc::time_point now,
                       std::chrono::seconds window = default_verify_window)
{
    if (auto c = creds.check(); !c) return c.error();
    if (auto r = detail::check_v3_url(request.url); !r) return r;
    detail::v3_received_headers headers;
    if (auto r = detail::collect_header_range(request.headers, headers); !r) return r;
    return detail::verify_v3_received(request.method, request.url, headers, creds, now, window, {});
}

/// Verifies what sign_v3_to() returned (empty body).
template <class Backend>
result<void> verify_v3(signed_request_view const& request, basic_credentials<Backend> const& creds,
                       rpc::time_point now, std::chrono::seconds window = default_verify_window)
{
    return verify_v3(request.method, request.url, request.headers, creds, now, window);
}

} // namespace ecireq

#endif
