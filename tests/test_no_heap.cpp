// The no-heap path: from the first setter to the signed URL, not one
// allocation, by anyone: this binary interposes malloc/calloc/realloc/free
// (which also sees operator new, OpenSSL's and Mbed TLS's allocations) and
// counts every call made while signing.
#include <ecireq.hpp>

#include <catch2/catch.hpp>

#include <boost/url/static_url.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <string_view>

#if defined(__has_feature)
#  if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#    define ECIREQ_TEST_SANITIZED 1
#  endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#  define ECIREQ_TEST_SANITIZED 1
#endif

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
void note() noexcept
{
    if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
}
} // namespace

#if defined(ECIREQ_TEST_SANITIZED)
#  error "test_no_heap counts allocations by interposing malloc; sanitizers bring their own: build it without them"
#elif defined(__GLIBC__)
// glibc exports its allocator under these names, so the interposed functions
// can forward to it.
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void __libc_free(void*);

void* malloc(std::size_t n) { note(); return __libc_malloc(n); }
void* calloc(std::size_t n, std::size_t m) { note(); return __libc_calloc(n, m); }
void* realloc(void* p, std::size_t n) { note(); return __libc_realloc(p, n); }
void free(void* p) { __libc_free(p); }
}
#else
#  error "test_no_heap interposes glibc's malloc; port the interposition to this C library"
#endif

namespace {

struct count_region {
    count_region() { allocations = 0; counting = true; }
    ~count_region() { counting = false; }
    long count() const { return allocations.load(); }
};

std::string_view const images[] = {"nginx:1.25", "busybox:latest", "registry-vpc.cn-hangzhou.aliyuncs.com/eci_open/redis:7"};

// All scalar parameters, 3 images, 5 tags, 1 registry credential, 1 ACR
// registry with 2 domains: the request the issue names.
template <class Creds, class Sign>
long allocations_while_signing(Creds const& creds, Sign&& sign)
{
    // The first random draw on a thread sets up the CSPRNG's state (OpenSSL's
    // DRBG, the Mbed TLS backend's CTR_DRBG): once per thread, before the
    // steady state measured here. docs/embedded.md says so.
    char warm[ecireq::rpc::uuid_size];
    REQUIRE(ecireq::rpc::make_uuid_v4<ecireq::crypto::default_backend>(warm));
    count_region region;
    auto request = ecireq::update_image_cache_static()
                       .region_id("cn-hangzhou")
                       .image_cache_id("imc-bp195erqe9o2pb09****")
                       .security_group_id("sg-uf66jeqopgqa9hdn****")
                       .vswitch_id("vsw-uf6h3rbwbm90urjwa****")
                       .image_cache_name("testcache")
                       .eip_instance_id("eip-2zedsm5mfl3uhdj2d****")
                       .resource_group_id("rg-aekzh43v*****")
                       .client_token("123e4567-e89b-12d3-a456-426655440000")
                       .image_cache_size(20)
                       .retention_days(7)
                       .auto_match_image_cache(true)
                       .flash(true)
                       .standard_copy_count(2)
                       .flash_copy_count(1)
                       .image(images[0])
                       .image(images[1])
                       .image(images[2])
                       .tag("env", "prod")
                       .tag("team", "\xE9\x98\xBF\xE9\x87\x8C")
                       .tag("tier", "web")
                       .tag("owner", "ops team")
                       .tag("cost", "42")
                       .image_registry_credential("registry-vpc.cn-hangzhou.aliyuncs.com", "user", "pass*word")
                       .acr_registry_info("cri-nwj395hgf6f3****", "test****", "cn-hangzhou",
                                          {"a-registry.cn-hangzhou.cr.aliyuncs.com", "b-registry.cn-hangzhou.cr.aliyuncs.com"});
    bool ok = sign(request, creds);
    long n = region.count();
    REQUIRE(ok);
    return n;
}

} // namespace

TEST_CASE("signing into a caller buffer allocates nothing, with a fixed clock and nonce", "[no-heap]")
{
    const ecireq::credentials creds{"testid", "testsecret"};
    ecireq::fixed_clock clock{ecireq::rpc::time_point{std::chrono::seconds{1796040000}}};
    ecireq::fixed_nonce nonce{"3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"};
    ecireq::sign_options opts;
    opts.clock = clock;
    opts.nonce = nonce;
    char buf[4096];
    long n = allocations_while_signing(creds, [&](auto const& r, auto const& c) {
        auto v = r.sign_to(c, buf, sizeof buf, opts);
        return v && v->size() > 1000;
    });
    CHECK(n == 0);
}

TEST_CASE("signing into a static_url allocates nothing, with the default clock and nonce", "[no-heap]")
{
    const ecireq::credentials creds{"testid", "testsecret"};
    boost::urls::static_url<4096> url;
    long n = allocations_while_signing(creds, [&](auto const& r, auto const& c) {
        return static_cast<bool>(r.sign_to(c, url)) && url.buffer().size() > 1000;
    });
    CHECK(n == 0);
}

TEST_CASE("signing a POST into caller buffers allocates nothing", "[no-heap]")
{
    const ecireq::credentials creds{"testid", "testsecret"};
    char url[256], body[4096];
    REQUIRE(allocations_while_signing(creds, [](auto const&, auto const&) { return true; }) == 0); // building alone
    long n = allocations_while_signing(creds, [&](auto const& r, auto const& c) {
        return static_cast<bool>(r.sign_post_to(c, url, sizeof url, body, sizeof body));
    });
    CHECK(n == 0);
}

TEST_CASE("the counter sees allocations: the owning API does allocate", "[no-heap]")
{
    // Guards the test itself: were the counter broken, the zeros above would prove nothing.
    const ecireq::credentials creds{"testid", "testsecret"};
    count_region region;
    auto url = ecireq::update_image_cache().region_id("cn-hangzhou").image_cache_id("i").security_group_id("s")
                   .vswitch_id("v").image_cache_name("a name long enough to leave the small-string buffer")
                   .sign(creds);
    long n = region.count();
    REQUIRE(url);
    CHECK(n > 0);
}

namespace {

// One request of each other image-cache action, every kind of parameter it
// has set, signed into a caller buffer: building and signing both counted.
template <class Build>
long allocations_building_and_signing(Build&& build)
{
    const ecireq::credentials creds{"testid", "testsecret"};
    char warm[ecireq::rpc::uuid_size];
    REQUIRE(ecireq::rpc::make_uuid_v4<ecireq::crypto::default_backend>(warm));
    char buf[4096];
    count_region region;
    auto request = build();
    auto v = request.sign_to(creds, buf, sizeof buf);
    long n = region.count();
    REQUIRE(v);
    CHECK(v->size() > 300);
    return n;
}

} // namespace

TEST_CASE("every image-cache action signs with no heap use", "[no-heap]")
{
    CHECK(allocations_building_and_signing([] {
              return ecireq::create_image_cache_static()
                  .region_id("cn-hangzhou")
                  .image_cache_name("testcache")
                  .image(images[0])
                  .image(images[1])
                  .security_group_id("sg-uf66jeqopgqa9hdn****")
                  .vswitch_id("vsw-uf6h3rbwbm90urjwa****")
                  .zone_id("cn-hangzhou-h")
                  .client_token("123e4567-e89b-12d3-a456-426655440000")
                  .retention_days(7)
                  .flash(true)
                  .os_type("Linux")
                  .elimination_strategy("LRU")
                  .tag("env", "prod")
                  .image_registry_credential("registry-vpc.cn-hangzhou.aliyuncs.com", "user", "pass*word")
                  .acr_registry_info("cri-nwj395hgf6f3****", "test****", "cn-hangzhou", {"a.example.com"})
                  .acr_registry_arn("acs:ram::1:role/a", "acs:ram::2:role/b");
          }) == 0);
    CHECK(allocations_building_and_signing([] {
              return ecireq::describe_image_caches_static()
                  .region_id("cn-hangzhou")
                  .image_cache_name("testcache")
                  .image("nginx:1.25")
                  .image_full_match(true)
                  .image_match_count_request(true)
                  .limit(20)
                  .next_token("AAAAAdDWBF2****")
                  .match_image(images[0])
                  .match_image(images[1])
                  .match_image(images[2])
                  .tag("env", "prod");
          }) == 0);
    CHECK(allocations_building_and_signing([] {
              return ecireq::delete_image_cache_static()
                  .region_id("cn-hangzhou")
                  .image_cache_id("imc-bp195erqe9o2pb09****")
                  .client_token("123e4567-e89b-12d3-a456-426655440000");
          }) == 0);
}

TEST_CASE("signing with V3 into caller buffers allocates nothing, either clock and nonce", "[no-heap][v3]")
{
    const ecireq::credentials creds{"testid", "testsecret"};
    const ecireq::credentials sts{"STS.testid", "testsecret", "security-token"};
    ecireq::fixed_clock clock{ecireq::rpc::time_point{std::chrono::seconds{1796040000}}};
    ecireq::fixed_nonce nonce{"3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"};
    ecireq::sign_options fixed;
    fixed.clock = clock;
    fixed.nonce = nonce;
    char url[4096], headers[2048];
    ecireq::credentials const* all_creds[] = {&creds, &sts};
    ecireq::sign_options const default_sources;
    ecireq::sign_options const* all_options[] = {&fixed, &default_sources};
    for (auto const* c : all_creds) {
        for (auto const* o : all_options) {
            long n = allocations_while_signing(*c, [&](auto const& r, auto const& k) {
                auto v = r.sign_v3_to(k, url, sizeof url, headers, sizeof headers, *o);
                return v && v->headers.size() > 300;
            });
            CHECK(n == 0);
        }
    }
}
