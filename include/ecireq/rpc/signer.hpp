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
/// fails with duplicate_parameter when two parameters share a name.
inline result<void> sort_params(param* first, param* last) noexcept
{
    // string_view compares through char_traits<char>::compare, which orders
    // bytes as unsigned char: exactly the byte order the signature needs.
    std::sort(first, last, [](param const& a, param const& b) { return a.name < b.name; });
    for (param* p = first; p != last && p + 1 != last; ++p)
        if (p->name == (p + 1)->name) return error(errc::duplicate_parameter, p->name);
    return {};
}

/// Size of the canonical query of sorted parameters.
inline std::size_t canonical_query_size(param const* first, param const* last) noexcept
{
    std::size_t n = first == last ? 0 : static_cast<std::size_t>(last - first) * 2 - 1; // '=' and '&'
    for (; first != last; ++first) n += encoded_size(first->name) + encoded_size(first->value);
    return n;
}

/// Writes the canonical query of sorted parameters; [out, end) must hold canonical_query_size.
inline char* write_canonical_query(param const* first, param const* last, char* out, char* end) noexcept
{
    for (param const* p = first; p != last; ++p) {
        if (p != first) *out++ = '&';
        out = encode_to(out, end, p->name);
        *out++ = '=';
        out = encode_to(out, end, p->value);
    }
    return out;
}

/// The canonical query of `params` (sorted here), or an error for a duplicate name.
inline result<std::string> canonical_query(std::vector<param> params)
{
    auto sorted = sort_params(params.data(), params.data() + params.size());
    if (!sorted) return sorted.error();
    std::string s(canonical_query_size(params.data(), params.data() + params.size()), '\0');
    write_canonical_query(params.data(), params.data() + params.size(), &s[0], &s[0] + s.size());
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

/** Feeds the string to sign into a keyed MAC without materialising it:
    the canonical query is encoded a second time in chunks on the stack. */
template <class Mac>
void absorb_string_to_sign(Mac& mac, http_method m, std::string_view canonical_query) noexcept
{
    std::string_view head = m == http_method::post ? "POST&%2F&" : "GET&%2F&";
    mac.update(head.data(), head.size());
    constexpr std::size_t in_chunk = 256;
    char buf[in_chunk * 3];
    while (!canonical_query.empty()) {
        std::string_view piece = canonical_query.substr(0, in_chunk);
        canonical_query.remove_prefix(piece.size());
        char* end = encode_to(buf, buf + sizeof buf, piece);
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
    unsigned char digest[20];
    signature sig;
    bool ok = mac.finish(digest) && Backend::base64_encode(digest, sizeof digest, sig.data) == signature::size;
    Backend::cleanse(digest, sizeof digest);
    if (!ok) return error(errc::crypto_failure, "Signature");
    return sig;
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
