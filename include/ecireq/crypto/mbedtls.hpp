// ecireq: the Mbed TLS crypto backend (for targets where OpenSSL is too big).
#ifndef ECIREQ_CRYPTO_MBEDTLS_HPP
#define ECIREQ_CRYPTO_MBEDTLS_HPP

#include <ecireq/crypto/hmac.hpp>

#include <mbedtls/base64.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha1.h>
#include <mbedtls/sha256.h>
#include <mbedtls/version.h>

#include <cstddef>

namespace ecireq { namespace crypto {

/** Crypto backend over Mbed TLS (2.28 LTS and 3.x). */
struct mbedtls {
    static constexpr char const* name = "Mbed TLS";

    struct sha1 {
        static constexpr std::size_t block_size = 64, digest_size = 20;
        mbedtls_sha1_context ctx;
        sha1() noexcept { mbedtls_sha1_init(&ctx); }
        sha1(sha1 const& o) noexcept { mbedtls_sha1_init(&ctx); mbedtls_sha1_clone(&ctx, &o.ctx); }
        sha1& operator=(sha1 const& o) noexcept { mbedtls_sha1_clone(&ctx, &o.ctx); return *this; }
        ~sha1() { mbedtls_sha1_free(&ctx); } // zeroizes the context
#if MBEDTLS_VERSION_MAJOR >= 3
        bool start() noexcept { return mbedtls_sha1_starts(&ctx) == 0; }
        bool update(void const* p, std::size_t n) noexcept
        { return mbedtls_sha1_update(&ctx, static_cast<unsigned char const*>(p), n) == 0; }
        bool finish(unsigned char (&out)[20]) noexcept { return mbedtls_sha1_finish(&ctx, out) == 0; }
#else
        bool start() noexcept { return mbedtls_sha1_starts_ret(&ctx) == 0; }
        bool update(void const* p, std::size_t n) noexcept
        { return mbedtls_sha1_update_ret(&ctx, static_cast<unsigned char const*>(p), n) == 0; }
        bool finish(unsigned char (&out)[20]) noexcept { return mbedtls_sha1_finish_ret(&ctx, out) == 0; }
#endif
        static void cleanse(void* p, std::size_t n) noexcept { mbedtls_platform_zeroize(p, n); }
    };

    struct sha256 {
        static constexpr std::size_t block_size = 64, digest_size = 32;
        mbedtls_sha256_context ctx;
        sha256() noexcept { mbedtls_sha256_init(&ctx); }
        sha256(sha256 const& o) noexcept { mbedtls_sha256_init(&ctx); mbedtls_sha256_clone(&ctx, &o.ctx); }
        sha256& operator=(sha256 const& o) noexcept { mbedtls_sha256_clone(&ctx, &o.ctx); return *this; }
        ~sha256() { mbedtls_sha256_free(&ctx); } // zeroizes the context
#if MBEDTLS_VERSION_MAJOR >= 3
        bool start() noexcept { return mbedtls_sha256_starts(&ctx, 0) == 0; }
        bool update(void const* p, std::size_t n) noexcept
        { return mbedtls_sha256_update(&ctx, static_cast<unsigned char const*>(p), n) == 0; }
        bool finish(unsigned char (&out)[32]) noexcept { return mbedtls_sha256_finish(&ctx, out) == 0; }
#else
        bool start() noexcept { return mbedtls_sha256_starts_ret(&ctx, 0) == 0; }
        bool update(void const* p, std::size_t n) noexcept
        { return mbedtls_sha256_update_ret(&ctx, static_cast<unsigned char const*>(p), n) == 0; }
        bool finish(unsigned char (&out)[32]) noexcept { return mbedtls_sha256_finish_ret(&ctx, out) == 0; }
#endif
        static void cleanse(void* p, std::size_t n) noexcept { mbedtls_platform_zeroize(p, n); }
    };

    using hmac_sha1 = ::ecireq::crypto::hmac_sha1_over<sha1>;
    using hmac_sha256 = ::ecireq::crypto::hmac_sha256_over<sha256>;

    /** Fills `out` from a CTR_DRBG seeded by the platform entropy source.
        One generator per thread: Mbed TLS contexts are not thread-safe
        unless the library is built with MBEDTLS_THREADING_C. */
    static bool random_bytes(unsigned char* out, std::size_t n) noexcept
    {
        struct generator {
            mbedtls_entropy_context entropy;
            mbedtls_ctr_drbg_context drbg;
            bool seeded = false;
            generator() noexcept
            {
                mbedtls_entropy_init(&entropy);
                mbedtls_ctr_drbg_init(&drbg);
                static constexpr unsigned char personal[] = "ecireq-nonce";
                seeded = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy,
                                               personal, sizeof personal - 1) == 0;
            }
            ~generator()
            {
                mbedtls_ctr_drbg_free(&drbg);
                mbedtls_entropy_free(&entropy);
            }
        };
        thread_local generator g;
        while (g.seeded && n > 0) {
            std::size_t chunk = n < MBEDTLS_CTR_DRBG_MAX_REQUEST ? n : MBEDTLS_CTR_DRBG_MAX_REQUEST;
            if (mbedtls_ctr_drbg_random(&g.drbg, out, chunk) != 0) return false;
            out += chunk;
            n -= chunk;
        }
        return g.seeded;
    }

    static std::size_t base64_encode(unsigned char const* in, std::size_t n, char* out) noexcept
    {
        std::size_t written = 0;
        std::size_t cap = 4 * ((n + 2) / 3) + 1;
        if (mbedtls_base64_encode(reinterpret_cast<unsigned char*>(out), cap, &written, in, n) != 0) return 0;
        return written;
    }

    static void cleanse(void* p, std::size_t n) noexcept { mbedtls_platform_zeroize(p, n); }
};

}} // namespace ecireq::crypto

#endif
