// The crypto backends: HMAC-SHA1 against each library's own HMAC, a
// user-written backend, and the handling of the secret.
#include <ecireq/crypto/backend.hpp>
#include <ecireq/crypto/mbedtls.hpp>
#include <ecireq/crypto/openssl.hpp>

#include "support.hpp"

#include <catch2/catch.hpp>

#include <mbedtls/md.h>
#include <openssl/hmac.h>

#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

std::string random_bytes(std::mt19937& rng, std::size_t n)
{
    std::string s(n, '\0');
    for (auto& c : s) c = static_cast<char>(rng() & 0xFF);
    return s;
}

std::string openssl_hmac(std::string const& key, std::string const& msg)
{
    unsigned char out[20];
    unsigned len = 0;
    HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), reinterpret_cast<unsigned char const*>(msg.data()),
         msg.size(), out, &len);
    return std::string(reinterpret_cast<char*>(out), len);
}

std::string mbedtls_hmac(std::string const& key, std::string const& msg)
{
    unsigned char out[20];
    mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA1), reinterpret_cast<unsigned char const*>(key.data()),
                    key.size(), reinterpret_cast<unsigned char const*>(msg.data()), msg.size(), out);
    return std::string(reinterpret_cast<char*>(out), 20);
}

template <class Backend>
std::string keyed(std::string const& key, std::string const& msg)
{
    typename Backend::hmac_sha1 mac(key);
    REQUIRE(mac.ok());
    auto copy = mac; // the keyed state is reusable through copies
    copy.update(msg.data(), msg.size() / 2);
    copy.update(msg.data() + msg.size() / 2, msg.size() - msg.size() / 2);
    unsigned char out[20];
    REQUIRE(copy.finish(out));
    return std::string(reinterpret_cast<char*>(out), 20);
}

/// A third backend as a user would write it: a "hardware" HMAC (here the
/// one-shot OpenSSL HMAC over a buffered message) and a counter.
struct one_shot_backend : ecireq::crypto::openssl {
    static inline int macs = 0;
    class hmac_sha1 {
    public:
        explicit hmac_sha1(std::string_view key) : key_(key) {}
        bool ok() const noexcept { return true; }
        void update(void const* p, std::size_t n) { message_.append(static_cast<char const*>(p), n); }
        bool finish(unsigned char (&out)[20])
        {
            ++macs;
            unsigned len = 0;
            return HMAC(EVP_sha1(), key_.data(), static_cast<int>(key_.size()),
                        reinterpret_cast<unsigned char const*>(message_.data()), message_.size(), out, &len) &&
                   len == 20;
        }

    private:
        std::string key_, message_;
    };
};

/// Records every cleanse the library asks of the backend.
struct spy_backend : ecireq::crypto::openssl {
    static inline std::vector<std::size_t> cleansed;
    static inline bool all_zero = true;
    static void cleanse(void* p, std::size_t n) noexcept
    {
        ecireq::crypto::openssl::cleanse(p, n);
        cleansed.push_back(n);
        for (std::size_t i = 0; i < n; ++i) all_zero = all_zero && static_cast<unsigned char*>(p)[i] == 0;
    }
};

auto request()
{
    return ecireq::update_image_cache().region_id("cn-hangzhou").image_cache_id("i").security_group_id("s")
        .vswitch_id("v").image_cache_name("n").image("nginx");
}

} // namespace

TEST_CASE("both shipped backends meet the backend requirements", "[crypto]")
{
    STATIC_REQUIRE(ecireq::crypto::is_backend_v<ecireq::crypto::openssl>);
    STATIC_REQUIRE(ecireq::crypto::is_backend_v<ecireq::crypto::mbedtls>);
    STATIC_REQUIRE(ecireq::crypto::is_backend_v<one_shot_backend>);
    STATIC_REQUIRE_FALSE(ecireq::crypto::is_backend_v<int>);
}

TEST_CASE("the keyed HMAC-SHA1 state equals each library's own HMAC for any key length", "[crypto]")
{
    std::mt19937 rng(20261130);
    for (std::size_t key_len : {0, 1, 11, 31, 63, 64, 65, 100, 200}) {
        for (std::size_t msg_len : {0, 1, 55, 64, 400, 5000}) {
            auto key = random_bytes(rng, key_len);
            auto msg = random_bytes(rng, msg_len);
            INFO("key " << key_len << " message " << msg_len);
            auto expected = openssl_hmac(key, msg);
            CHECK(keyed<ecireq::crypto::openssl>(key, msg) == expected);
            CHECK(keyed<ecireq::crypto::mbedtls>(key, msg) == expected);
            CHECK(mbedtls_hmac(key, msg) == expected);
        }
    }
}

TEST_CASE("both backends encode Base64 the standard way", "[crypto]")
{
    unsigned char in[20];
    for (int i = 0; i < 20; ++i) in[i] = static_cast<unsigned char>(i * 13 + 250);
    char a[29] = {}, b[29] = {};
    REQUIRE(ecireq::crypto::openssl::base64_encode(in, 20, a) == 28);
    REQUIRE(ecireq::crypto::mbedtls::base64_encode(in, 20, b) == 28);
    CHECK(std::string(a) == std::string(b));
    CHECK(std::string(a) == "+gcUIS47SFVib3yJlqOwvcrX5PE="); // python3 base64.b64encode
}

TEST_CASE("both backends sign requests identically", "[crypto]")
{
    test::reproducible r;
    auto a = test::full(ecireq::update_image_cache()).sign(ecireq::basic_credentials<ecireq::crypto::openssl>{"id", "secret"}, r.options());
    auto b = test::full(ecireq::update_image_cache()).sign(ecireq::basic_credentials<ecireq::crypto::mbedtls>{"id", "secret"}, r.options());
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->buffer() == b->buffer());
}

TEST_CASE("the Mbed TLS backend draws distinct random nonces", "[crypto]")
{
    char a[36], b[36];
    REQUIRE(ecireq::rpc::make_uuid_v4<ecireq::crypto::mbedtls>(a));
    REQUIRE(ecireq::rpc::make_uuid_v4<ecireq::crypto::mbedtls>(b));
    CHECK(std::string(a, 36) != std::string(b, 36));
}

TEST_CASE("a user-written backend plugs in with one struct", "[crypto]")
{
    test::reproducible r;
    one_shot_backend::macs = 0;
    auto custom = request().sign(ecireq::basic_credentials<one_shot_backend>{"id", "secret"}, r.options());
    auto reference = request().sign(ecireq::basic_credentials<ecireq::crypto::openssl>{"id", "secret"}, r.options());
    REQUIRE(custom);
    REQUIRE(reference);
    CHECK(one_shot_backend::macs == 1);
    CHECK(custom->buffer() == reference->buffer());
}

TEST_CASE("key material derived from the secret is wiped", "[crypto][secret]")
{
    spy_backend::cleansed.clear();
    spy_backend::all_zero = true;
    test::reproducible r;
    {
        ecireq::basic_credentials<spy_backend> creds{"id", "secret"};
        REQUIRE(request().sign(creds, r.options()));
    }
    // The buffer that held "secret&" and the raw digest of the signature.
    CHECK(std::count(spy_backend::cleansed.begin(), spy_backend::cleansed.end(), 128u) == 1);
    CHECK(std::count(spy_backend::cleansed.begin(), spy_backend::cleansed.end(), 20u) == 1);
    CHECK(spy_backend::all_zero);
}

TEST_CASE("credentials never print their secret", "[crypto][secret]")
{
    ecireq::credentials c{"LTAI-id", "the-secret-value", "sts-token-value"};
    std::ostringstream os;
    os << c;
    CHECK(os.str() == "credentials{AccessKeyId=LTAI-id, AccessKeySecret=<redacted>, SecurityToken=<redacted>}");
    CHECK(os.str().find("the-secret-value") == std::string::npos);
}

TEST_CASE("the secret appears in no URL, body or error message", "[crypto][secret]")
{
    std::string const secret = "S3cr3t-Value-XYZ";
    ecireq::credentials c{"id", secret};
    test::reproducible r;
    auto url = request().sign(c, r.options());
    auto post = request().sign_post(c, r.options());
    REQUIRE(url);
    REQUIRE(post);
    CHECK(std::string(url->buffer()).find(secret) == std::string::npos);
    CHECK(post->body.find(secret) == std::string::npos);
    CHECK(std::string(post->url.buffer()).find(secret) == std::string::npos);
    auto bad = request().client_token(std::string(70, 'x')).sign(c, r.options());
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message().find(secret) == std::string::npos);
}

TEST_CASE("the keyed HMAC-SHA256 state equals each library's own HMAC for any key length", "[crypto][v3]")
{
    for (std::size_t len : {0u, 1u, 19u, 64u, 65u, 200u}) {
        std::string key(len, 'k');
        std::string msg = "ACS3-HMAC-SHA256\n" + std::string(64, 'a');
        unsigned char want[32], got_ossl[32], got_mbed[32];
        unsigned int n = 0;
        HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<unsigned char const*>(msg.data()),
             msg.size(), want, &n);
        ecireq::crypto::openssl::hmac_sha256 a(key);
        a.update(msg.data(), msg.size());
        REQUIRE(a.finish(got_ossl));
        ecireq::crypto::mbedtls::hmac_sha256 b(key);
        b.update(msg.data(), msg.size());
        REQUIRE(b.finish(got_mbed));
        CHECK(std::string(reinterpret_cast<char*>(got_ossl), 32) == std::string(reinterpret_cast<char*>(want), 32));
        CHECK(std::string(reinterpret_cast<char*>(got_mbed), 32) == std::string(reinterpret_cast<char*>(want), 32));
    }
}

#if defined(__unix__)
#include <sys/wait.h>
#include <unistd.h>

namespace {

// Draws one nonce's worth (16 bytes) after `warm` in the parent, forks, and
// returns the next two draws of the child and of the parent, in that order.
// Parent and child start from the same copied state: the backend must make
// them differ.
template <class Backend>
std::pair<std::string, std::string> next_draws_after_fork()
{
    auto two_draws = [](unsigned char (&out)[32]) {
        return Backend::random_bytes(out, 16) && Backend::random_bytes(out + 16, 16);
    };
    unsigned char warm[16];
    REQUIRE(Backend::random_bytes(warm, sizeof warm)); // state now warm (a block drawn, a DRBG seeded)
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        unsigned char mine[32] = {};
        bool ok = two_draws(mine);
        ssize_t w = write(fds[1], mine, sizeof mine);
        _exit(ok && w == static_cast<ssize_t>(sizeof mine) ? 0 : 1);
    }
    close(fds[1]);
    unsigned char parent[32], theirs[32] = {};
    REQUIRE(two_draws(parent));
    REQUIRE(read(fds[0], theirs, sizeof theirs) == static_cast<ssize_t>(sizeof theirs));
    close(fds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    return {std::string(reinterpret_cast<char*>(theirs), 32), std::string(reinterpret_cast<char*>(parent), 32)};
}

} // namespace

TEST_CASE("after fork the OpenSSL backend's child does not reuse its parent's block of random bytes", "[crypto]")
{
    // Small draws come from a per-thread block; fork() copies it into the
    // child, which must discard it (pthread_atfork) rather than hand out the
    // bytes its parent hands out next.
    auto [child, parent] = next_draws_after_fork<ecireq::crypto::openssl>();
    CHECK(child.substr(0, 16) != parent.substr(0, 16));
    CHECK(child.substr(16) != parent.substr(16));
}

TEST_CASE("after fork the Mbed TLS backend's child draws other bytes than its parent", "[crypto]")
{
    // The DRBG state is copied into the child; without a reseed both
    // processes would produce the same nonces.
    auto [child, parent] = next_draws_after_fork<ecireq::crypto::mbedtls>();
    CHECK(child.substr(0, 16) != parent.substr(0, 16));
    CHECK(child.substr(16) != parent.substr(16));
}
#endif

TEST_CASE("small OpenSSL draws served from blocks are all distinct, across refills and threads", "[crypto]")
{
    // 16-byte draws (a nonce's) come from 256-byte blocks: over many blocks,
    // and in several threads at once, no two draws may be equal.
    using ossl = ecireq::crypto::openssl;
    constexpr int per_thread = 40 * static_cast<int>(ossl::random_block / 16); // 40 blocks each
    std::vector<std::string> all[3];
    std::vector<std::thread> threads;
    for (auto& mine : all)
        threads.emplace_back([&mine] {
            for (int i = 0; i < per_thread; ++i) {
                unsigned char b[16];
                if (!ossl::random_bytes(b, sizeof b)) return;
                // Odd sizes too: a draw that does not fit what is left starts a new block.
                unsigned char odd[7];
                if (i % 5 == 0 && !ossl::random_bytes(odd, sizeof odd)) return;
                mine.emplace_back(reinterpret_cast<char*>(b), sizeof b);
            }
        });
    for (auto& t : threads) t.join();
    std::set<std::string> distinct;
    for (auto const& mine : all) {
        CHECK(mine.size() == static_cast<std::size_t>(per_thread));
        distinct.insert(mine.begin(), mine.end());
    }
    CHECK(distinct.size() == 3 * static_cast<std::size_t>(per_thread));
    // A draw larger than a quarter block goes to RAND_bytes directly and still works.
    unsigned char big[ossl::random_block];
    CHECK(ossl::random_bytes(big, sizeof big));
}

TEST_CASE("a platform entropy source can seed the Mbed TLS generators", "[crypto]")
{
    // What a microcontroller does with its TRNG; here a counter, to see it used.
    static int calls = 0;
    struct scope {
        scope()
        {
            ecireq::crypto::mbedtls::entropy_source = [](void*, unsigned char* out, std::size_t len) {
                ++calls;
                for (std::size_t i = 0; i < len; ++i) out[i] = static_cast<unsigned char>(i * 7 + calls);
                return 0;
            };
        }
        ~scope() { ecireq::crypto::mbedtls::entropy_source = nullptr; }
    } s;
    // A fresh thread has an unseeded generator: it must seed from the hook.
    bool ok = false;
    std::thread([&] {
        unsigned char b[16];
        ok = ecireq::crypto::mbedtls::random_bytes(b, sizeof b);
    }).join();
    CHECK(ok);
    CHECK(calls > 0);
}
