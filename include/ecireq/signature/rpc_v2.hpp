// ecireq: the Alibaba Cloud RPC signature, version 2 (SignatureMethod
// HMAC-SHA1, SignatureVersion 1.0), for any action: parameters in, signed
// query out. Every constant of the scheme is in this header.
//
//   CanonicalQuery = join("&", sort_by_name(encode(name) "=" encode(value)))
//   StringToSign   = METHOD "&" encode("/") "&" encode(CanonicalQuery)
//   Signature      = Base64(HMAC-SHA1(AccessKeySecret "&", StringToSign))
//   GET   <scheme>://<host>/?<CanonicalQuery>&Signature=<encoded Signature>
//   POST  <scheme>://<host>/   with body  <CanonicalQuery>&Signature=<...>
//
// The functions here take any credentials type with
//   std::string_view access_key_id(), security_token(); bool has_security_token();
//   key<signature::rpc_v2>()   a fresh copy of the keyed HMAC state;
// signature/credentials.hpp is the one the library offers.
// See docs/signing.md for a worked example.
#ifndef ECIREQ_SIGNATURE_RPC_V2_HPP
#define ECIREQ_SIGNATURE_RPC_V2_HPP

#include <ecireq/error.hpp>
#include <ecireq/rpc/canonical_query.hpp>
#include <ecireq/rpc/encoding.hpp>
#include <ecireq/rpc/endpoint.hpp>
#include <ecireq/rpc/nonce.hpp>
#include <ecireq/rpc/param.hpp>
#include <ecireq/rpc/request_stamp.hpp>
#include <ecireq/rpc/request_target.hpp>
#include <ecireq/rpc/sign_options.hpp>
#include <ecireq/rpc/timestamp.hpp>
#include <ecireq/rpc/unreserved.hpp>

#include <chrono>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ecireq {

namespace signature {

/** The RPC signature scheme, version 2: its constants and its key.

    The key is derived once per credentials object (basic_credentials keeps
    it, never the secret): an HMAC-SHA1 state keyed with secret + "&". */
struct rpc_v2 {
    static constexpr std::string_view signature_method = "HMAC-SHA1";
    static constexpr std::string_view signature_version = "1.0";
    /// Appended to the AccessKeySecret to make the HMAC key.
    static constexpr char key_suffix = '&';
    /// What joins the canonical query and the signature on the wire.
    static constexpr std::string_view signature_param = "&Signature=";

    template <class Backend>
    static constexpr bool supported_by = true; // every backend has HMAC-SHA1

    template <class Backend>
    using key_state = typename Backend::hmac_sha1;

    /// The keyed state for `secret`; every buffer that held key material is wiped.
    template <class Backend>
    static key_state<Backend> derive_key(std::string_view secret)
    {
        constexpr std::size_t small = 128;
        if (secret.size() < small) {
            char buf[small];
            std::memcpy(buf, secret.data(), secret.size());
            buf[secret.size()] = key_suffix;
            key_state<Backend> m(std::string_view(buf, secret.size() + 1));
            Backend::cleanse(buf, sizeof buf);
            return m;
        }
        std::unique_ptr<char[]> buf(new char[secret.size() + 1]);
        std::memcpy(buf.get(), secret.data(), secret.size());
        buf[secret.size()] = key_suffix;
        key_state<Backend> m(std::string_view(buf.get(), secret.size() + 1));
        Backend::cleanse(buf.get(), secret.size() + 1);
        return m;
    }
};

} // namespace signature

namespace rpc {

/// StringToSign = METHOD&%2F&percent-encode(canonical_query).
inline std::string string_to_sign(http_method m, std::string_view canonical_query)
{
    std::string s(method_name(m));
    s += "&%2F&";
    s += percent_encode(canonical_query);
    return s;
}

/// A Base64 HMAC-SHA1 signature: always 28 characters.
struct signature {
    static constexpr std::size_t size = 28;
    char data[size + 1] = {};
    std::string_view view() const noexcept { return {data, size}; }

    template <class Ostream>
    friend auto operator<<(Ostream& os, signature const& s) -> decltype(os << "")
    {
        return os << s.view();
    }
};

namespace detail {

// The string to sign, gathered in a stack buffer and fed to the MAC a chunk
// at a time (it is never materialised whole). 1 KiB: large enough that the
// per-call cost of the MAC's update is noise, small enough for an RTOS stack.
constexpr std::size_t string_to_sign_chunk = 1024;
constexpr std::size_t max_piece = 5; // the longest piece written between checks: "%25XY"
// The chunk is handed to the MAC once fewer than this many bytes are free:
// enough for a separator and a useful run.
constexpr std::size_t flush_margin = 64;

template <class Credentials>
auto v2_mac(Credentials const& creds) noexcept
{
    return creds.template key<::ecireq::signature::rpc_v2>();
}

template <class Backend, class Mac>
result<signature> finish_signature(Mac& mac) noexcept
{
    unsigned char digest[20];
    signature sig;
    bool ok = mac.finish(digest) && Backend::base64_encode(digest, sizeof digest, sig.data) == signature::size;
    Backend::cleanse(digest, sizeof digest);
    if (!ok) return error(errc::crypto_failure, "Signature");
    return sig;
}

inline std::string_view string_to_sign_head(http_method m) noexcept
{
    return m == http_method::post ? "POST&%2F&" : "GET&%2F&";
}

} // namespace detail

/** Feeds StringToSign = METHOD&%2F&encode(canonical_query) into a keyed MAC. */
template <class Mac>
void absorb_string_to_sign(Mac& mac, http_method m, std::string_view canonical_query) noexcept
{
    std::string_view head = detail::string_to_sign_head(m);
    mac.update(head.data(), head.size());
    constexpr std::size_t in_chunk = detail::string_to_sign_chunk / 3;
    char buf[in_chunk * 3];
    while (!canonical_query.empty()) {
        std::string_view piece = canonical_query.substr(0, in_chunk);
        canonical_query.remove_prefix(piece.size());
        char* end = encode_to(buf, piece);
        mac.update(buf, static_cast<std::size_t>(end - buf));
    }
}

/// Signs a canonical query with the credentials' keyed state.
template <class Credentials>
result<signature> sign_canonical_query(Credentials const& creds, http_method m,
                                       std::string_view canonical_query) noexcept
{
    auto mac = detail::v2_mac(creds);
    absorb_string_to_sign(mac, m, canonical_query);
    return detail::finish_signature<typename Credentials::backend_type>(mac);
}

/** Writes the canonical query of sorted parameters to `out` (which must hold
    canonical_query_size bytes; canonical_query_bound always suffices) and, in
    the same pass, feeds the string to sign to the MAC: a kept byte goes to
    both, an escaped byte is %XY in the query and %25XY in the string to sign,
    '=' and '&' are %3D and %26 there. One pass over the bytes instead of
    three (size, write, re-encode). Returns the end of the query in `end`. */
template <class Credentials>
result<signature> write_and_sign(Credentials const& creds, http_method m, param const* first, param const* last,
                                 char* out, char*& end) noexcept
{
    auto mac = detail::v2_mac(creds);
    char sts[detail::string_to_sign_chunk];
    std::string_view head = detail::string_to_sign_head(m);
    std::memcpy(sts, head.data(), head.size());
    char* s = sts + head.size();
    // Locals only in the loop: stores through char* may alias anything whose
    // address escaped, and the compiler would reload it after every byte.
    char* const sts_end = sts + sizeof sts;
    char* const flush_at = sts_end - detail::flush_margin;
    char* o = out;
    for (param const* p = first; p != last; ++p) {
        for (int part = 0; part < 2; ++part) {
            if (s >= flush_at) {
                mac.update(sts, static_cast<std::size_t>(s - sts));
                s = sts;
            }
            if (part == 0 && p != first) {
                *o++ = '&';
                s[0] = '%'; s[1] = '2'; s[2] = '6';
                s += 3;
            } else if (part == 1) {
                *o++ = '=';
                s[0] = '%'; s[1] = '3'; s[2] = 'D';
                s += 3;
            }
            std::string_view text = part == 0 ? p->name : p->value;
            unsigned char const* q = reinterpret_cast<unsigned char const*>(text.data());
            unsigned char const* const qe = q + text.size();
            while (q != qe) {
                if (s >= flush_at) {
                    mac.update(sts, static_cast<std::size_t>(s - sts));
                    s = sts;
                }
                // A run of kept bytes is copied as a block to both outputs;
                // runs dominate (identifiers, names), escapes are the
                // exception. The run is capped at what the chunk has room
                // for (copy_unreserved_run writes within the run's input
                // length, and `o` has at least that much room left).
                std::size_t const room = static_cast<std::size_t>(sts_end - s) - detail::max_piece;
                std::size_t const left = static_cast<std::size_t>(qe - q);
                unsigned char const* const run_end = q + (left < room ? left : room);
                std::size_t const n = copy_unreserved_run(q, run_end, o, s);
                o += n;
                s += n;
                q += n;
                // Escapes come in runs too (a UTF-8 character is 2 to 4 of
                // them): escape them all before looking for kept bytes again.
                while (q != run_end && s < flush_at && !is_unreserved(*q)) {
                    unsigned char c = *q++;
                    char hi = ::ecireq::rpc::detail::hex_upper[c >> 4], lo = ::ecireq::rpc::detail::hex_upper[c & 15];
                    o[0] = '%'; o[1] = hi; o[2] = lo;
                    o += 3;
                    s[0] = '%'; s[1] = '2'; s[2] = '5'; s[3] = hi; s[4] = lo;
                    s += 5;
                }
            }
        }
    }
    mac.update(sts, static_cast<std::size_t>(s - sts));
    end = o;
    return detail::finish_signature<typename Credentials::backend_type>(mac);
}

/// Sorts `params`, then signs their canonical query.
template <class Credentials>
result<signature> sign_params(Credentials const& creds, http_method m, std::vector<param> params)
{
    auto q = canonical_query(std::move(params));
    if (!q) return q.error();
    return sign_canonical_query(creds, m, *q);
}

/// Number of common parameters add_common_params may add.
constexpr std::size_t max_common_params = 9;

/// Adds AccessKeyId, Action, Format, (with an STS token) SecurityToken,
/// SignatureMethod, SignatureNonce, SignatureVersion, Timestamp and Version,
/// in that order, which is their canonical order: appended after an
/// action's parameters they are a sorted run rpc::put_in_order merges in.
/// The views point into `stamp`, which must outlive the table's use.
template <class Credentials>
result<void> add_common_params(param_table& t, action_info const& info, Credentials const& creds,
                               request_stamp const& stamp) noexcept
{
    using scheme = ::ecireq::signature::rpc_v2;
    if (!is_valid_utf8(creds.access_key_id())) return error(errc::invalid_utf8, "AccessKeyId");
    if (!is_valid_utf8(creds.security_token())) return error(errc::invalid_utf8, "SecurityToken");

    result<void> r;
    auto add = [&](std::string_view n, std::string_view v) { if (r) r = t.push(n, v); };
    add("AccessKeyId", creds.access_key_id());
    add("Action", info.action);
    add("Format", info.format);
    if (creds.has_security_token()) add("SecurityToken", creds.security_token());
    add("SignatureMethod", scheme::signature_method);
    add("SignatureNonce", stamp.nonce());
    add("SignatureVersion", scheme::signature_version);
    add("Timestamp", stamp.timestamp());
    add("Version", info.version);
    return r;
}

/** A request whose parameters are complete and sorted, ready to be written
    in the layouts at the top of this header. */
class prepared_request {
public:
    static constexpr std::string_view signature_key = ::ecireq::signature::rpc_v2::signature_param;
    /// Largest percent-encoded Base64 HMAC-SHA1 signature: 28 characters, each up to 3.
    static constexpr std::size_t max_encoded_signature = 3 * signature::size;

    static prepared_request make(param const* first, param const* last, http_method m, endpoint const& e) noexcept
    {
        prepared_request p;
        p.first_ = first;
        p.last_ = last;
        p.method_ = m;
        p.endpoint_ = e;
        p.canonical_bound_ = canonical_query_bound(first, last);
        return p;
    }

    http_method method() const noexcept { return method_; }

    /// "<scheme>://<host>/", plus "?" for GET.
    std::size_t url_prefix_size() const noexcept
    {
        return endpoint_.base_size() + (method_ == http_method::get ? 1 : 0);
    }

    /// A size the signed query ("<canonical>&Signature=<sig>") never exceeds,
    /// known without a pass over the bytes.
    std::size_t signed_query_bound() const noexcept
    {
        return canonical_bound_ + signature_key.size() + max_encoded_signature;
    }

    /// The tightest size that always suffices for the signed query: a pass
    /// over the bytes, made only when a caller's buffer is below the bound.
    std::size_t signed_query_size_needed() const noexcept
    {
        return canonical_query_size(first_, last_) + signature_key.size() + max_encoded_signature;
    }

    /// A size the whole GET URL (or the POST body plus URL) never exceeds.
    std::size_t bound() const noexcept { return url_prefix_size() + signed_query_bound(); }

    char* write_url_prefix(char* out) const noexcept
    {
        out = endpoint_.write_base(out);
        if (method_ == http_method::get) *out++ = '?';
        return out;
    }

    /** Writes "<canonical query>&Signature=<encoded signature>" into [out, out + cap)
        and returns its length; buffer_too_small (with a size that always
        suffices) when it does not fit. Nothing past `cap` is ever written. */
    template <class Credentials>
    result<std::size_t> write_signed_query(Credentials const& creds, char* out, std::size_t cap) const noexcept
    {
        if (cap < signed_query_bound()) {
            // Slow path, only for buffers below the cheap bound: the exact size.
            std::size_t canonical = canonical_query_size(first_, last_);
            if (cap < canonical + signature_key.size())
                return error(errc::buffer_too_small, "output", static_cast<std::int64_t>(signed_query_size_needed()));
        }
        char* end = nullptr;
        auto sig = write_and_sign(creds, method_, first_, last_, out, end);
        if (!sig) return sig.error();
        std::size_t need = static_cast<std::size_t>(end - out) + signature_key.size() + encoded_size(sig->view());
        // Not `need`: that is this signature's size, and the next signature of
        // the same request (a new nonce) may encode to more ('+', '/', '=' take
        // three bytes each). The reported size must suffice for any of them.
        if (cap < need)
            return error(errc::buffer_too_small, "output", static_cast<std::int64_t>(signed_query_size_needed()));
        std::memcpy(end, signature_key.data(), signature_key.size());
        end = encode_to(end + signature_key.size(), sig->view());
        return static_cast<std::size_t>(end - out);
    }

private:
    param const* first_ = nullptr;
    param const* last_ = nullptr;
    http_method method_ = http_method::get;
    endpoint endpoint_;
    std::size_t canonical_bound_ = 0;
};

/** Writes the whole signed GET URL (or, for POST, the URL) NUL-terminated
    into [out, out + cap); for POST the body goes to [body, body + body_cap).
    Returns the URL text in `out`. */
template <class Credentials>
result<std::string_view> write_signed(prepared_request const& p, Credentials const& creds, char* out,
                                      std::size_t cap, char* body = nullptr, std::size_t body_cap = 0,
                                      std::size_t* body_size = nullptr) noexcept
{
    std::size_t prefix = p.url_prefix_size();
    auto too_small = [&] {
        std::size_t need = prefix + 1 + (p.method() == http_method::get ? p.signed_query_size_needed() : 0);
        return error(errc::buffer_too_small, "output", static_cast<std::int64_t>(need));
    };
    if (cap < prefix + 1) return too_small();
    char* q = p.write_url_prefix(out);
    std::size_t len = prefix;
    if (p.method() == http_method::get) {
        auto n = p.write_signed_query(creds, q, cap - prefix - 1);
        if (!n) return n.error() == errc::buffer_too_small ? too_small() : n.error();
        len += *n;
    } else {
        auto n = p.write_signed_query(creds, body, body_cap);
        if (!n) {
            if (n.error() != errc::buffer_too_small) return n.error();
            return error(errc::buffer_too_small, "body", n.error().limit());
        }
        if (body_size) *body_size = *n;
    }
    out[len] = '\0';
    return std::string_view(out, len);
}

} // namespace rpc
} // namespace ecireq

#endif
