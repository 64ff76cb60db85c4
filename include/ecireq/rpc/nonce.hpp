// ecireq: the SignatureNonce parameter.
#ifndef ECIREQ_RPC_NONCE_HPP
#define ECIREQ_RPC_NONCE_HPP

#include <cstddef>

namespace ecireq { namespace rpc {

/// Length of a UUID in its 8-4-4-4-12 text form.
constexpr std::size_t uuid_size = 36;

/** Writes a random (version 4, RFC 4122 section 4.4) UUID drawn from the
    backend's CSPRNG, lowercase. Returns false when the generator failed;
    a signature then fails instead of reusing a predictable nonce. */
template <class Backend>
bool make_uuid_v4(char (&out)[uuid_size]) noexcept
{
    unsigned char b[16];
    if (!Backend::random_bytes(b, sizeof b)) return false;
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40); // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80); // RFC 4122 variant
    static constexpr char hex[] = "0123456789abcdef";
    std::size_t o = 0;
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
        out[o++] = hex[b[i] >> 4];
        out[o++] = hex[b[i] & 0x0F];
    }
    return true;
}

}} // namespace ecireq::rpc

#endif
