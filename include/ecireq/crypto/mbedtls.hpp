// ecireq: the Mbed TLS crypto backend (for targets where OpenSSL is too big).
#ifndef ECIREQ_CRYPTO_MBEDTLS_HPP
#define ECIREQ_CRYPTO_MBEDTLS_HPP

#include <ecireq/config.hpp>
#include <ecireq/crypto/fork_generation.hpp>
#include <ecireq/crypto/hmac.hpp>

#include <mbedtls/base64.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/platform_util.h>
#include <mbedtls/sha1.h>
#include <mbedtls/sha256.h>
#include <mbedtls/version.h>

#include <cerrno>
#include <cstddef>

#if defined(__has_include)
#  if __has_include(<sys/random.h>) && defined(__linux__)
#    include <sys/random.h>
#    define ECIREQ_DETAIL_HAS_GETRANDOM 1
#  endif
#endif
#ifndef ECIREQ_DETAIL_HAS_GETRANDOM
#  define ECIREQ_DETAIL_HAS_GETRANDOM 0
#endif

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

    /** Where the per-thread generators draw their seed: a function that fills
        `out` with `len` bytes of true entropy and returns 0. The default reads
        the operating system's source (getrandom on Linux; elsewhere Mbed TLS's
        own entropy collector, shared by the process). On a microcontroller,
        point it at the hardware TRNG before the first signature. To use a TRNG
        for the nonces directly, with no DRBG at all, derive a backend from
        this one with your own random_bytes, or set sign_options::nonce. */
    using entropy_function = int (*)(void* context, unsigned char* out, std::size_t len);
    static inline entropy_function entropy_source = nullptr;
    static inline void* entropy_context = nullptr;

    /** Fills `out` from a CTR_DRBG of this thread's, seeded from
        entropy_source. Per thread because Mbed TLS contexts are not
        thread-safe; only the DRBG state (about 400 bytes) is thread-local, not
        the 38 KiB entropy collector, which every thread of the process would
        otherwise carry whether it signs or not. After fork() the child
        reseeds, so parent and child never draw the same nonces. */
    static bool random_bytes(unsigned char* out, std::size_t n) noexcept
    {
        struct generator {
            mbedtls_ctr_drbg_context drbg;
            bool seeded = false;
            long owner = 0; // fork_generation::current() when it was seeded
            generator() noexcept { mbedtls_ctr_drbg_init(&drbg); }
            ~generator() { mbedtls_ctr_drbg_free(&drbg); }
            bool seed() noexcept
            {
                static constexpr unsigned char personal[] = "ecireq-nonce";
                mbedtls_ctr_drbg_free(&drbg);
                mbedtls_ctr_drbg_init(&drbg);
                entropy_function f = entropy_source ? entropy_source : &default_entropy;
                seeded = mbedtls_ctr_drbg_seed(&drbg, f, entropy_source ? entropy_context : nullptr, personal,
                                               sizeof personal - 1) == 0;
                owner = fork_generation::current();
                return seeded;
            }
        };
        ECIREQ_THREAD_LOCAL generator g; // see config.hpp: static where there are no threads
        if ((!g.seeded || g.owner != fork_generation::current()) && !g.seed()) return false;
        while (n > 0) {
            std::size_t chunk = n < MBEDTLS_CTR_DRBG_MAX_REQUEST ? n : MBEDTLS_CTR_DRBG_MAX_REQUEST;
            if (mbedtls_ctr_drbg_random(&g.drbg, out, chunk) != 0) return false;
            out += chunk;
            n -= chunk;
        }
        return true;
    }

    static std::size_t base64_encode(unsigned char const* in, std::size_t n, char* out) noexcept
    {
        std::size_t written = 0;
        std::size_t cap = 4 * ((n + 2) / 3) + 1;
        if (mbedtls_base64_encode(reinterpret_cast<unsigned char*>(out), cap, &written, in, n) != 0) return 0;
        return written;
    }

    static void cleanse(void* p, std::size_t n) noexcept { mbedtls_platform_zeroize(p, n); }

private:
    static int default_entropy(void*, unsigned char* out, std::size_t len) noexcept
    {
#if ECIREQ_DETAIL_HAS_GETRANDOM
        while (len > 0) {
            ssize_t got = ::getrandom(out, len, 0);
            if (got < 0) {
                if (errno == EINTR) continue;
                return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
            }
            out += got;
            len -= static_cast<std::size_t>(got);
        }
        return 0;
#else
        // One collector for the process (Mbed TLS locks it when built with
        // MBEDTLS_THREADING_C; a bare-metal program has one thread).
        struct collector {
            mbedtls_entropy_context ctx;
            collector() noexcept { mbedtls_entropy_init(&ctx); }
            ~collector() { mbedtls_entropy_free(&ctx); }
        };
        static collector c;
        return mbedtls_entropy_func(&c.ctx, out, len);
#endif
    }
};

}} // namespace ecireq::crypto

#endif
