// ecireq: the Alibaba Cloud RPC signature (SignatureMethod HMAC-SHA1,
// SignatureVersion 1.0), for any action: parameters in, signature out.
//
//   CanonicalQuery = join("&", sort_by_name(encode(name) "=" encode(value)))
//   StringToSign   = METHOD "&" encode("/") "&" encode(CanonicalQuery)
//   Signature      = Base64(HMAC-SHA1(AccessKeySecret "&", StringToSign))
//
// See docs/signing.md for a worked example.
#ifndef ECIREQ_RPC_SIGNER_HPP
#define ECIREQ_RPC_SIGNER_HPP

#include <ecireq/credentials.hpp>
#include <ecireq/error.hpp>
#include <ecireq/rpc/encoding.hpp>
#include <ecireq/rpc/param.hpp>

#include <algorithm>
#include <cstring>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ecireq { namespace rpc {

enum class http_method { get, post };

constexpr std::string_view method_name(http_method m) noexcept
{
    return m == http_method::post ? "POST" : "GET";
}

/// Sorts by name in byte order (so "Image.1" < "Image.10" < "Image.2");
/// fails with duplicate_parameter when two parameters share a name, and
/// with empty_value for a parameter without a name.
inline result<void> sort_params(param* first, param* last) noexcept
{
    for (param const* p = first; p != last; ++p)
        if (p->name.empty()) return error(errc::empty_value, "parameter name");
    // Byte order: string_view compares through char_traits<char>::compare,
    // which orders bytes as unsigned char. Most names differ in their first
    // byte, so comparing that first saves a memcmp call per comparison.
    std::sort(first, last, [](param const& a, param const& b) {
        auto x = static_cast<unsigned char>(a.name[0]), y = static_cast<unsigned char>(b.name[0]);
        return x != y ? x < y : a.name < b.name;
    });
    for (param* p = first; p != last && p + 1 != last; ++p)
        if (p->name == (p + 1)->name) return error(errc::duplicate_parameter, p->name);
    return {};
}

/// Exact size of the canonical query of sorted parameters.
inline std::size_t canonical_query_size(param const* first, param const* last) noexcept
{
    std::size_t n = first == last ? 0 : static_cast<std::size_t>(last - first) * 2 - 1; // '=' and '&'
    for (; first != last; ++first) n += encoded_size(first->name) + encoded_size(first->value);
    return n;
}

/// A bound on canonical_query_size that needs no pass over the bytes: each
/// byte encodes to at most three.
inline std::size_t canonical_query_bound(param const* first, param const* last) noexcept
{
    std::size_t n = first == last ? 0 : static_cast<std::size_t>(last - first) * 2 - 1;
    for (; first != last; ++first) n += 3 * (first->name.size() + first->value.size());
    return n;
}

/// Writes the canonical query of sorted parameters; `out` must hold canonical_query_size.
inline char* write_canonical_query(param const* first, param const* last, char* out) noexcept
{
    for (param const* p = first; p != last; ++p) {
        if (p != first) *out++ = '&';
        out = encode_to(out, p->name);
        *out++ = '=';
        out = encode_to(out, p->value);
    }
    return out;
}

/// The canonical query of `params` (sorted here), or an error for a duplicate name.
inline result<std::string> canonical_query(std::vector<param> params)
{
    auto sorted = sort_params(params.data(), params.data() + params.size());
    if (!sorted) return sorted.error();
    std::string s(canonical_query_size(params.data(), params.data() + params.size()), '\0');
    write_canonical_query(params.data(), params.data() + params.size(), &s[0]);
    return s;
}

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
// at a time (it is never materialised whole).
constexpr std::size_t string_to_sign_chunk = 2048;
constexpr std::size_t max_piece = 5; // the longest piece written between checks: "%25XY"

template <class Mac, class Backend>
result<signature> finish_signature(Mac& mac) noexcept
{
    unsigned char digest[20];
    signature sig;
    bool ok = mac.finish(digest) && Backend::base64_encode(digest, sizeof digest, sig.data) == signature::size;
    Backend::cleanse(digest, sizeof digest);
    if (!ok) return error(errc::crypto_failure, "Signature");
    return sig;
}

} // namespace detail

/** Feeds StringToSign = METHOD&%2F&encode(canonical_query) into a keyed MAC. */
template <class Mac>
void absorb_string_to_sign(Mac& mac, http_method m, std::string_view canonical_query) noexcept
{
    std::string_view head = m == http_method::post ? "POST&%2F&" : "GET&%2F&";
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
template <class Backend>
result<signature> sign_canonical_query(basic_credentials<Backend> const& creds, http_method m,
                                       std::string_view canonical_query) noexcept
{
    auto mac = creds.mac();
    absorb_string_to_sign(mac, m, canonical_query);
    return detail::finish_signature<decltype(mac), Backend>(mac);
}

/** Writes the canonical query of sorted parameters to `out` (which must hold
    canonical_query_size bytes; canonical_query_bound always suffices) and, in
    the same pass, feeds the string to sign to the MAC: a kept byte goes to
    both, an escaped byte is %XY in the query and %25XY in the string to sign,
    '=' and '&' are %3D and %26 there. One pass over the bytes instead of
    three (size, write, re-encode). Returns the end of the query in `end`. */
template <class Backend>
result<signature> write_and_sign(basic_credentials<Backend> const& creds, http_method m, param const* first,
                                 param const* last, char* out, char*& end) noexcept
{
    auto mac = creds.mac();
    char sts[detail::string_to_sign_chunk];
    std::string_view head = m == http_method::post ? "POST&%2F&" : "GET&%2F&";
    std::memcpy(sts, head.data(), head.size());
    char* s = sts + head.size();
    // Locals only in the loop: stores through char* may alias anything whose
    // address escaped, and the compiler would reload it after every byte.
    char* const flush_at = sts + sizeof sts - 2 * detail::max_piece;
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
                // runs dominate (identifiers, names), escapes are the exception.
                std::size_t room = static_cast<std::size_t>(flush_at - s);
                std::size_t left = static_cast<std::size_t>(qe - q);
                unsigned char const* const run_end = q + (left < room ? left : room);
                unsigned char const* r = q;
                while (r != run_end && is_unreserved(*r)) ++r;
                if (r != q) {
                    std::size_t n = static_cast<std::size_t>(r - q);
                    std::memcpy(o, q, n);
                    std::memcpy(s, q, n);
                    o += n;
                    s += n;
                    q = r;
                    continue;
                }
                unsigned char c = *q++;
                char hi = detail::hex_upper[c >> 4], lo = detail::hex_upper[c & 15];
                o[0] = '%'; o[1] = hi; o[2] = lo;
                o += 3;
                s[0] = '%'; s[1] = '2'; s[2] = '5'; s[3] = hi; s[4] = lo;
                s += 5;
            }
        }
    }
    mac.update(sts, static_cast<std::size_t>(s - sts));
    end = o;
    return detail::finish_signature<decltype(mac), Backend>(mac);
}

/// Sorts `params`, then signs their canonical query.
template <class Backend>
result<signature> sign_params(basic_credentials<Backend> const& creds, http_method m, std::vector<param> params)
{
    auto q = canonical_query(std::move(params));
    if (!q) return q.error();
    return sign_canonical_query(creds, m, *q);
}

} // namespace rpc

using rpc::http_method;

} // namespace ecireq

#endif
