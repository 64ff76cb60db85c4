// ecireq: HMAC (RFC 2104) as a keyed state over a backend's hash.
//
// Why not the backends' own HMAC objects: OpenSSL 3's EVP_MAC_CTX_dup and
// Mbed TLS's mbedtls_md_setup allocate on every duplication, and the
// no-heap signing path must not allocate. HMAC's key schedule is the two
// hash states after absorbing (K ^ ipad) and (K ^ opad); keeping those two
// states per credentials object and copying them per signature is the
// "pre-keyed context, duplicated per call" design with plain struct copies.
// The construction is checked against each library's own HMAC in the tests.
#ifndef ECIREQ_CRYPTO_HMAC_HPP
#define ECIREQ_CRYPTO_HMAC_HPP

#include <cstddef>
#include <string_view>

namespace ecireq { namespace crypto {

/** Keyed HMAC state built on `Hash`, a copyable hash context with
    `static constexpr std::size_t block_size, digest_size`, `bool start()`,
    `bool update(void const*, std::size_t)`, `bool finish(unsigned char (&)[digest_size])`
    and `static void cleanse(void*, std::size_t)`. */
template <class Hash>
class hmac_over {
public:
    static constexpr std::size_t block_size = Hash::block_size;
    static constexpr std::size_t digest_size = Hash::digest_size;

    hmac_over() noexcept = default;

    explicit hmac_over(std::string_view key) noexcept
    {
        unsigned char k[block_size] = {};
        if (key.size() > block_size) {
            Hash h;
            unsigned char d[digest_size];
            ok_ = h.start() && h.update(key.data(), key.size()) && h.finish(d);
            for (std::size_t i = 0; i < digest_size; ++i) k[i] = d[i];
            Hash::cleanse(d, sizeof d);
        } else {
            for (std::size_t i = 0; i < key.size(); ++i) k[i] = static_cast<unsigned char>(key[i]);
            ok_ = true;
        }
        unsigned char pad[block_size];
        for (std::size_t i = 0; i < block_size; ++i) pad[i] = k[i] ^ 0x36u;
        ok_ = ok_ && inner_.start() && inner_.update(pad, block_size);
        for (std::size_t i = 0; i < block_size; ++i) pad[i] = k[i] ^ 0x5cu;
        ok_ = ok_ && outer_.start() && outer_.update(pad, block_size);
        Hash::cleanse(pad, sizeof pad);
        Hash::cleanse(k, sizeof k);
    }

    /// False when the backend failed while keying; signing then reports crypto_failure.
    bool ok() const noexcept { return ok_; }

    void update(void const* data, std::size_t size) noexcept
    {
        ok_ = ok_ && inner_.update(data, size);
    }

    /// Finishes the MAC; the state is spent afterwards.
    bool finish(unsigned char (&out)[digest_size]) noexcept
    {
        unsigned char d[digest_size];
        ok_ = ok_ && inner_.finish(d) && outer_.update(d, digest_size) && outer_.finish(out);
        Hash::cleanse(d, sizeof d);
        return ok_;
    }

private:
    Hash inner_;
    Hash outer_;
    bool ok_ = false;
};

/// HMAC-SHA1 over a SHA-1 context (the V2 signature).
template <class Sha1>
using hmac_sha1_over = hmac_over<Sha1>;

/// HMAC-SHA256 over a SHA-256 context (the V3 signature).
template <class Sha256>
using hmac_sha256_over = hmac_over<Sha256>;

}} // namespace ecireq::crypto

#endif
