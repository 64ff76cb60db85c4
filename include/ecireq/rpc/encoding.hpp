// ecireq: the percent-encoding of the Alibaba Cloud RPC signature.
//
// The rule ("percentEncode"): every byte of the UTF-8 form other than
// A-Z a-z 0-9 - _ . ~ becomes %XY with uppercase hex, so space is %20 (never
// +), '*' is %2A and '~' stays. These are RFC 3986's unreserved characters
// (Boost.URL's unreserved_chars; the tests check the two agree on all 256
// bytes). The loops here are table-driven because the signer runs them over
// every byte of every request: Boost.URL's generic charset encoder cost
// about a quarter of a signature in the profile (docs/performance.md).
#ifndef ECIREQ_RPC_ENCODING_HPP
#define ECIREQ_RPC_ENCODING_HPP

#include <ecireq/rpc/unreserved.hpp>

#include <boost/locale/utf.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace ecireq { namespace rpc {

namespace detail {

inline constexpr char hex_upper[] = "0123456789ABCDEF";

} // namespace detail

/// Number of bytes `s` takes once percent-encoded.
inline std::size_t encoded_size(std::string_view s) noexcept
{
    std::size_t n = s.size();
    for (unsigned char c : s) n += is_unreserved(c) ? 0 : 2;
    return n;
}

/// Percent-encodes `s` to `out`, which must have room for encoded_size(s)
/// bytes (at most 3 * s.size()); returns the new end of output.
inline char* encode_to(char* out, std::string_view s) noexcept
{
    auto const* p = reinterpret_cast<unsigned char const*>(s.data());
    auto const* const e = p + s.size();
    while (p != e) {
        // copy_unreserved_run writes within the next (e - p) bytes of out,
        // and those bytes take at least that much room once encoded.
        std::size_t const n = copy_unreserved_run(p, e, out);
        p += n;
        out += n;
        if (p == e) break;
        unsigned char const c = *p++;
        out[0] = '%';
        out[1] = detail::hex_upper[c >> 4];
        out[2] = detail::hex_upper[c & 15];
        out += 3;
    }
    return out;
}

/// Percent-encodes `s` into a new string.
inline std::string percent_encode(std::string_view s)
{
    std::string r(encoded_size(s), '\0');
    encode_to(&r[0], s);
    return r;
}

/// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF).
inline bool is_valid_utf8(std::string_view s) noexcept
{
    using traits = boost::locale::utf::utf_traits<char>;
    char const* p = s.data();
    char const* const e = p + s.size();
    while (p != e) {
        // Most values are identifiers: skip ASCII eight bytes at a time.
        while (e - p >= 8) {
            std::uint64_t w;
            std::memcpy(&w, p, 8);
            if (w & 0x8080808080808080ull) break;
            p += 8;
        }
        if (p == e) break;
        if (static_cast<unsigned char>(*p) < 0x80) { ++p; continue; }
        auto cp = traits::decode(p, e);
        if (cp == boost::locale::utf::illegal || cp == boost::locale::utf::incomplete) return false;
    }
    return true;
}

}} // namespace ecireq::rpc

#endif
