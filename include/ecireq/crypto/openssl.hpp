// ecireq: the OpenSSL 3 crypto backend (the default).
#ifndef ECIREQ_CRYPTO_OPENSSL_HPP
#define ECIREQ_CRYPTO_OPENSSL_HPP

#include <ecireq/config.hpp>
#include <ecireq/crypto/fork_generation.hpp>
#include <ecireq/crypto/hmac.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <climits>
#include <cstddef>
#include <cstring>

namespace ecireq { namespace crypto {

/** Crypto backend over OpenSSL 3's libcrypto.

    SHA-1 and SHA-256 use the SHA_CTX / SHA256_CTX interfaces: a plain struct that is copied, not
    allocated, which is what keeps signing free of heap use. OpenSSL 3 marks
    that interface deprecated (in favour of EVP, which allocates per context);
    the deprecation warnings are silenced only around these calls.
*/
struct openssl {
    static constexpr char const* name = "OpenSSL";

    struct sha1 {
        static constexpr std::size_t block_size = 64, digest_size = 20;
        SHA_CTX ctx;
        sha1() noexcept : ctx() {}
        sha1(sha1 const&) = default;
        sha1& operator=(sha1 const&) = default;
        ~sha1() { OPENSSL_cleanse(&ctx, sizeof ctx); }
#if defined(__GNUC__)
#  pragma GCC diagnostic push
#  pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
        bool start() noexcept { return SHA1_Init(&ctx) == 1; }
        bool update(void const* p, std::size_t n) noexcept { return SHA1_Update(&ctx, p, n) == 1; }
        bool finish(unsigned char (&out)[20]) noexcept { return SHA1_Final(out, &ctx) == 1; }
#if defined(__GNUC__)
#  pragma GCC diagnostic pop
#endif
        static void cleanse(void* p, std::size_t n) noexcept { OPENSSL_cleanse(p, n); }
    };

    struct sha256 {
        static constexpr std::size_t block_size = 64, digest_size = 32;
        SHA256_CTX ctx;
        sha256() noexcept : ctx() {}
        sha256(sha256 const&) = default;
        sha256& operator=(sha256 const&) = default;
        ~sha256() { OPENSSL_cleanse(&ctx, sizeof ctx); }
#if defined(__GNUC__)
#  pragma GCC diagnostic push
#  pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
        bool start() noexcept { return SHA256_Init(&ctx) == 1; }
        bool update(void const* p, std::size_t n) noexcept { return SHA256_Update(&ctx, p, n) == 1; }
        bool finish(unsigned char (&out)[32]) noexcept { return SHA256_Final(out, &ctx) == 1; }
#if defined(__GNUC__)
#  pragma GCC diagnostic pop
#endif
        static void cleanse(void* p, std::size_t n) noexcept { OPENSSL_cleanse(p, n); }
    };

    /// Keyed HMAC-SHA1 state; copying it duplicates the keyed context.
    using hmac_sha1 = ::ecireq::crypto::hmac_sha1_over<sha1>;
    /// Keyed HMAC-SHA256 state; copying it duplicates the keyed context.
    using hmac_sha256 = ::ecireq::crypto::hmac_sha256_over<sha256>;

    /** Fills `out` from OpenSSL's CSPRNG. A call to RAND_bytes costs about
        0.7 µs however little it draws (as much as the HMAC of a whole
        request), and a nonce needs 16 bytes: so up to random_block / 4 bytes
        are served from a block of random_block bytes this thread drew at
        once. A child of fork() drops the block it inherited
        (fork_generation.hpp), so parent and child never hand out the same
        bytes. The block holds future nonces, which are sent in the clear
        anyway: it is not secret, only unrepeated. */
    static bool random_bytes(unsigned char* out, std::size_t n) noexcept
    {
        if (n > random_block / 4) return draw(out, n);
        // Zero-initialised and trivially destructible: no per-thread constructor or guard.
        struct pool {
            unsigned char bytes[random_block];
            std::size_t left;
            long generation;
        };
        ECIREQ_THREAD_LOCAL pool p; // see config.hpp: static where there are no threads
        long const generation = fork_generation::current();
        if (p.left < n || p.generation != generation) {
            p.left = 0;
            if (!draw(p.bytes, random_block)) return false;
            p.left = random_block;
            p.generation = generation;
        }
        std::memcpy(out, p.bytes + (random_block - p.left), n);
        p.left -= n;
        return true;
    }

    /// Bytes random_bytes draws at once for small requests (16 nonces).
    static constexpr std::size_t random_block = 256;

    /// Standard Base64 with padding; `out` holds 4 * ceil(n / 3) + 1 bytes.
    static std::size_t base64_encode(unsigned char const* in, std::size_t n, char* out) noexcept
    {
        int r = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out), in, static_cast<int>(n));
        return r < 0 ? 0 : static_cast<std::size_t>(r);
    }

    static void cleanse(void* p, std::size_t n) noexcept { OPENSSL_cleanse(p, n); }

private:
    static bool draw(unsigned char* out, std::size_t n) noexcept
    {
        return n <= INT_MAX && RAND_bytes(out, static_cast<int>(n)) == 1;
    }
};

}} // namespace ecireq::crypto

#endif
