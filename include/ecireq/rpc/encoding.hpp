// ecireq: the percent-encoding of the Alibaba Cloud RPC signature.
#ifndef ECIREQ_RPC_ENCODING_HPP
#define ECIREQ_RPC_ENCODING_HPP

#include <boost/locale/utf.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace ecireq { namespace rpc {

/** Number of bytes `s` takes once percent-encoded.

    The rule (RPC signature, "percentEncode"): every byte of the UTF-8 form
    other than A-Z a-z 0-9 - _ . ~ becomes %XY with uppercase hex, so space is
    %20 (never +), '*' is %2A and '~' stays. These are exactly RFC 3986's
    unreserved characters, so Boost.URL's encoder does the work.
*/
inline std::size_t encoded_size(std::string_view s) noexcept
{
    return boost::urls::encoded_size(s, boost::urls::unreserved_chars);
}

/// Percent-encodes `s` into [out, end); returns the new end of output.
/// Precondition: end - out >= encoded_size(s).
inline char* encode_to(char* out, char* end, std::string_view s) noexcept
{
    return out + boost::urls::encode(out, static_cast<std::size_t>(end - out), s, boost::urls::unreserved_chars);
}

/// Percent-encodes `s` into a new string.
inline std::string percent_encode(std::string_view s)
{
    std::string r(encoded_size(s), '\0');
    encode_to(&r[0], &r[0] + r.size(), s);
    return r;
}

/// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF).
inline bool is_valid_utf8(std::string_view s) noexcept
{
    using traits = boost::locale::utf::utf_traits<char>;
    char const* p = s.data();
    char const* const e = p + s.size();
    while (p != e) {
        // ASCII fast path: most values are identifiers.
        if (static_cast<unsigned char>(*p) < 0x80) { ++p; continue; }
        auto cp = traits::decode(p, e);
        if (cp == boost::locale::utf::illegal || cp == boost::locale::utf::incomplete) return false;
    }
    return true;
}

}} // namespace ecireq::rpc

#endif
