// ecireq: the ACS3-HMAC-SHA256 signature (V3), what the official SDKs sign
// with today, for any action: parameters, headers and body hash in, the
// Authorization header out. Every constant of the scheme is in this header.
//
//   CanonicalRequest = METHOD "\n" "/" "\n" CanonicalQuery "\n"
//                      ( name ":" trim(value) "\n" )*   for each signed header, sorted
//                      "\n" SignedHeaders "\n" HexPayloadHash
//   StringToSign     = "ACS3-HMAC-SHA256\n" Hex(SHA256(CanonicalRequest))
//   Signature        = Hex(HMAC-SHA256(AccessKeySecret, StringToSign))
//   Authorization    = "ACS3-HMAC-SHA256 Credential=" AccessKeyId
//                      ",SignedHeaders=" SignedHeaders ",Signature=" Signature
//
// CanonicalQuery is the same as V2's (rpc/canonical_query.hpp); the action
// travels in x-acs-action, the time in x-acs-date, the nonce in
// x-acs-signature-nonce. The canonical request is never materialised: it is
// streamed into SHA-256. See docs/signing.md for a worked example.
#ifndef ECIREQ_SIGNATURE_ACS3_HMAC_SHA256_HPP
#define ECIREQ_SIGNATURE_ACS3_HMAC_SHA256_HPP

#include <ecireq/crypto/backend.hpp>
#include <ecireq/error.hpp>
#include <ecireq/rpc/canonical_query.hpp>
#include <ecireq/rpc/endpoint.hpp>
#include <ecireq/rpc/param.hpp>
#include <ecireq/rpc/sign_options.hpp>

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace ecireq {

namespace signature {

/** The ACS3-HMAC-SHA256 scheme: its constants and its key (an HMAC-SHA256
    state keyed with the raw AccessKeySecret, derived once per credentials). */
struct acs3_hmac_sha256 {
    static constexpr std::string_view algorithm = "ACS3-HMAC-SHA256";
    static constexpr std::size_t signature_size = 64; // lowercase hex of 32 bytes

    template <class Backend>
    static constexpr bool supported_by = crypto::has_sha256_v<Backend>;

    template <class Backend>
    using key_state = typename Backend::hmac_sha256;

    template <class Backend>
    static key_state<Backend> derive_key(std::string_view secret)
    {
        return key_state<Backend>(secret);
    }
};

} // namespace signature

namespace acs3 {

/// One header: a lowercase name and its value.
struct header {
    std::string_view name;
    std::string_view value;
};

/// Trims spaces and tabs at both ends (the canonical form of a header value).
constexpr std::string_view trim(std::string_view v) noexcept
{
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    return v;
}

/// Most headers a request signs: host, six x-acs-* and, with STS, two more.
constexpr std::size_t max_headers = 8;

/** What a V3 signature covers besides the canonical query: the request's
    identity and the values of its x-acs-* headers. */
struct request_parts {
    http_method method = http_method::post;
    std::string_view host;
    std::string_view action;
    std::string_view version;
    std::string_view date;           ///< "YYYY-MM-DDThh:mm:ssZ"
    std::string_view nonce;
    std::string_view payload_hash;   ///< lowercase hex SHA-256 of the body
    std::string_view access_key_id;
    std::string_view security_token; ///< empty: not STS, no token headers
};

/// The signed headers of `p`, sorted by name (the order is fixed by their names).
class header_list {
public:
    explicit header_list(request_parts const& p) noexcept
    {
        bool sts = !trim(p.security_token).empty();
        add("host", p.host);
        if (sts) add("x-acs-accesskey-id", p.access_key_id);
        add("x-acs-action", p.action);
        add("x-acs-content-sha256", p.payload_hash);
        add("x-acs-date", p.date);
        if (sts) add("x-acs-security-token", p.security_token);
        add("x-acs-signature-nonce", p.nonce);
        add("x-acs-version", p.version);
    }

    header const* begin() const noexcept { return items_; }
    header const* end() const noexcept { return items_ + size_; }
    std::size_t size() const noexcept { return size_; }

    /// Length of "host;x-acs-action;...".
    std::size_t signed_headers_size() const noexcept
    {
        std::size_t n = size_ - 1;
        for (auto const& h : *this) n += h.name.size();
        return n;
    }

    /// Calls `put(piece)` with the pieces of "host;x-acs-action;...".
    template <class Put>
    void signed_headers(Put&& put) const
    {
        for (std::size_t i = 0; i < size_; ++i) {
            if (i) put(std::string_view(";"));
            put(items_[i].name);
        }
    }

private:
    void add(std::string_view name, std::string_view value) noexcept { items_[size_++] = {name, trim(value)}; }
    header items_[max_headers];
    std::size_t size_ = 0;
};

/// Lowercase hex of `n` bytes; `out` has room for 2n.
inline char* hex_lower(unsigned char const* in, std::size_t n, char* out) noexcept
{
    static constexpr char digits[] = "0123456789abcdef";
    for (std::size_t i = 0; i < n; ++i) {
        *out++ = digits[in[i] >> 4];
        *out++ = digits[in[i] & 15];
    }
    return out;
}

/// A lowercase hex SHA-256 digest or HMAC-SHA256: always 64 characters.
struct hex_digest {
    static constexpr std::size_t size = 64;
    char data[size + 1] = {};
    std::string_view view() const noexcept { return {data, size}; }
};

/// Hex SHA-256 of `body` (for ECI, always the empty body's).
template <class Backend>
result<hex_digest> payload_hash(std::string_view body) noexcept
{
    typename Backend::sha256 h;
    unsigned char d[32];
    hex_digest out;
    if (!(h.start() && h.update(body.data(), body.size()) && h.finish(d)))
        return error(errc::crypto_failure, "x-acs-content-sha256");
    hex_lower(d, sizeof d, out.data);
    return out;
}

/** Feeds the canonical request of (`p`, `canonical_query`) to `sink`, a
    callable taking std::string_view pieces: the one definition of its
    layout, used to hash it and to show it. */
template <class Sink>
void canonical_request(request_parts const& p, std::string_view canonical_query, Sink&& sink)
{
    header_list headers(p);
    sink(method_name(p.method));
    sink(std::string_view("\n/\n"));
    sink(canonical_query);
    sink(std::string_view("\n"));
    for (auto const& h : headers) {
        sink(h.name);
        sink(std::string_view(":"));
        sink(h.value);
        sink(std::string_view("\n"));
    }
    sink(std::string_view("\n"));
    headers.signed_headers(sink);
    sink(std::string_view("\n"));
    sink(p.payload_hash);
}

/// The canonical request as text (allocates; for tests and diagnostics).
inline std::string canonical_request_text(request_parts const& p, std::string_view canonical_query)
{
    std::string s;
    canonical_request(p, canonical_query, [&](std::string_view piece) { s += piece; });
    return s;
}

/** The signature of (`p`, `canonical_query`) with the credentials' V3 key:
    SHA-256 over the streamed canonical request, then HMAC-SHA256 over the
    string to sign. Digests are wiped before returning. */
template <class Credentials>
result<hex_digest> sign(Credentials const& creds, request_parts const& p, std::string_view canonical_query) noexcept
{
    using backend = typename Credentials::backend_type;
    using scheme = ::ecireq::signature::acs3_hmac_sha256;
    static_assert(scheme::supported_by<backend>,
                  "ecireq: the V3 signature needs SHA-256 and HMAC-SHA256 from the crypto backend "
                  "(see <ecireq/crypto/backend.hpp>)");
    typename backend::sha256 h;
    bool ok = h.start();
    canonical_request(p, canonical_query, [&](std::string_view piece) { ok = ok && h.update(piece.data(), piece.size()); });
    unsigned char digest[32];
    ok = ok && h.finish(digest);
    char hashed[hex_digest::size];
    hex_lower(digest, sizeof digest, hashed);

    auto mac = creds.template key<scheme>();
    mac.update(scheme::algorithm.data(), scheme::algorithm.size());
    mac.update("\n", 1);
    mac.update(hashed, sizeof hashed);
    ok = ok && mac.finish(digest);
    hex_digest sig;
    hex_lower(digest, sizeof digest, sig.data);
    backend::cleanse(digest, sizeof digest);
    if (!ok) return error(errc::crypto_failure, "Signature");
    return sig;
}

/// Length of the Authorization value for `p` (its signature is always 64 characters).
inline std::size_t authorization_size(request_parts const& p) noexcept
{
    header_list headers(p);
    return ::ecireq::signature::acs3_hmac_sha256::algorithm.size() + std::string_view(" Credential=").size() +
           p.access_key_id.size() + std::string_view(",SignedHeaders=").size() + headers.signed_headers_size() +
           std::string_view(",Signature=").size() + hex_digest::size;
}

/// Calls `put(piece)` with the pieces of the Authorization value.
template <class Put>
void authorization(request_parts const& p, hex_digest const& sig, Put&& put)
{
    put(::ecireq::signature::acs3_hmac_sha256::algorithm);
    put(std::string_view(" Credential="));
    put(p.access_key_id);
    put(std::string_view(",SignedHeaders="));
    header_list(p).signed_headers(put);
    put(std::string_view(",Signature="));
    put(sig.view());
}

/// The Authorization value as text (allocates).
inline std::string authorization_text(request_parts const& p, hex_digest const& sig)
{
    std::string s;
    authorization(p, sig, [&](std::string_view piece) { s += piece; });
    return s;
}

/** A header value must not break its line: no control character (CR and LF
    above all, which would let a value inject headers) and no DEL. */
inline result<void> check_header_value(std::string_view name, std::string_view value) noexcept
{
    for (char c : value) {
        auto b = static_cast<unsigned char>(c);
        if ((b < 0x20 && c != '\t') || b == 0x7F) return error(errc::invalid_value, name);
    }
    return {};
}

/// The URL of a V3 request and the parts of it the signature needs.
struct url_parts {
    std::string_view url;   ///< "<scheme>://<host>/" plus "?<canonical query>" when there are parameters
    std::string_view host;
    std::string_view query; ///< the canonical query
};

/// Length of the URL (without a terminating NUL) for sorted parameters.
inline std::size_t url_size(rpc::endpoint const& e, rpc::param const* first, rpc::param const* last) noexcept
{
    return e.base_size() + (first == last ? 0 : 1 + rpc::canonical_query_size(first, last));
}

/// Writes the URL (NUL-terminated) into `out`, which holds url_size() + 1 bytes.
inline url_parts write_url(rpc::endpoint const& e, rpc::param const* first, rpc::param const* last, char* out) noexcept
{
    char* p = e.write_base(out);
    char* query = p;
    if (first != last) {
        *p++ = '?';
        query = p;
        p = rpc::write_canonical_query(first, last, p);
    }
    *p = '\0';
    std::size_t host_at = e.scheme().size() + 3;
    return {{out, static_cast<std::size_t>(p - out)}, {out + host_at, e.host_size()},
            {query, static_cast<std::size_t>(p - query)}};
}

constexpr std::string_view authorization_name = "authorization";

/// Length of the header block ("name: value\r\n" per header, authorization last), without a NUL.
inline std::size_t headers_size(request_parts const& p) noexcept
{
    std::size_t n = authorization_name.size() + 2 + authorization_size(p) + 2;
    for (auto const& h : header_list(p)) n += h.name.size() + 2 + h.value.size() + 2;
    return n;
}

/// Writes the header block (NUL-terminated) into `out`, which holds headers_size() + 1 bytes.
inline std::string_view write_headers(request_parts const& p, hex_digest const& sig, char* out) noexcept
{
    char* o = out;
    auto put = [&](std::string_view s) {
        if (!s.empty()) std::memcpy(o, s.data(), s.size());
        o += s.size();
    };
    for (auto const& h : header_list(p)) {
        put(h.name);
        put(": ");
        put(h.value);
        put("\r\n");
    }
    put(authorization_name);
    put(": ");
    authorization(p, sig, put);
    put("\r\n");
    *o = '\0';
    return {out, static_cast<std::size_t>(o - out)};
}

/// Calls `f(name, value)` for each "name: value\r\n" line of a header block.
template <class F>
void for_each_header(std::string_view block, F&& f)
{
    while (!block.empty()) {
        std::size_t eol = block.find("\r\n");
        std::string_view line = block.substr(0, eol);
        block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 2);
        std::size_t colon = line.find(": ");
        if (colon != std::string_view::npos) f(line.substr(0, colon), line.substr(colon + 2));
    }
}

} // namespace acs3
} // namespace ecireq

#endif
