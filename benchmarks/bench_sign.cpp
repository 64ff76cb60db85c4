// Signing benchmarks: ns and heap allocations per signed UpdateImageCache
// request, for each way of signing, against the HMAC floor and a
// conventional baseline. benchmarks/run.sh runs them and writes
// docs/performance.md.
//
// Every case signs the same request (bench_request.hpp) with a fixed clock
// and nonce, so each iteration does exactly the same work and the outputs
// can be checked against each other before timing starts.
#include "baseline.hpp"
#include "bench_request.hpp"

#include <ecireq.hpp>

#include <benchmark/benchmark.h>
#include <boost/url/static_url.hpp>
#include <boost/version.hpp>
#include <openssl/crypto.h>
#include <openssl/opensslv.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

// ---------------------------------------------------------------------------
// Allocation counting.
//
// Thread-local plain counters rather than atomics: a locked increment per
// allocation would add its own cost to the allocation-heavy baseline and
// skew the very comparison being measured. Only the benchmark thread's
// allocations matter, and Google Benchmark runs these cases on one thread.
namespace {
thread_local std::uint64_t cxx_allocs = 0;
thread_local std::uint64_t ossl_allocs = 0;

void* counted_malloc(std::size_t n)
{
    ++cxx_allocs;
    return std::malloc(n ? n : 1);
}

void* counted_aligned(std::size_t n, std::size_t align)
{
    ++cxx_allocs;
    void* p = nullptr;
    if (align < sizeof(void*)) align = sizeof(void*);
    return posix_memalign(&p, align, n ? n : 1) == 0 ? p : nullptr;
}

// OpenSSL routes its own allocations through these once installed; a
// realloc is counted because it may allocate (OpenSSL grows buffers with it).
void* ossl_malloc(std::size_t n, char const*, int)
{
    ++ossl_allocs;
    return std::malloc(n);
}
void* ossl_realloc(void* p, std::size_t n, char const*, int)
{
    ++ossl_allocs;
    return std::realloc(p, n);
}
void ossl_free(void* p, char const*, int) { std::free(p); }
} // namespace

void* operator new(std::size_t n)
{
    if (void* p = counted_malloc(n)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n)
{
    if (void* p = counted_malloc(n)) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t n, std::nothrow_t const&) noexcept { return counted_malloc(n); }
void* operator new[](std::size_t n, std::nothrow_t const&) noexcept { return counted_malloc(n); }
void* operator new(std::size_t n, std::align_val_t a)
{
    if (void* p = counted_aligned(n, static_cast<std::size_t>(a))) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t a)
{
    if (void* p = counted_aligned(n, static_cast<std::size_t>(a))) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::nothrow_t const&) noexcept { std::free(p); }
void operator delete[](void* p, std::nothrow_t const&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace {

using namespace ecireq_bench;

/// Counts between construction and report(); report() sets the per-iteration counters.
class alloc_meter {
public:
    alloc_meter() : cxx_(cxx_allocs), ossl_(ossl_allocs) {}
    void report(benchmark::State& state) const
    {
        // Read both before touching state.counters, whose map insertions allocate.
        auto cxx = static_cast<double>(cxx_allocs - cxx_);
        auto ossl = static_cast<double>(ossl_allocs - ossl_);
        state.counters["allocs"] = benchmark::Counter(cxx, benchmark::Counter::kAvgIterations);
        state.counters["ossl_allocs"] = benchmark::Counter(ossl, benchmark::Counter::kAvgIterations);
    }

private:
    std::uint64_t cxx_, ossl_;
};

using owning_request = decltype(make_request<ecireq::owning_storage>(std::declval<request_inputs const&>()));

/// Everything a case needs for the benchmark request with `images` images,
/// built once (outside any timed loop) and checked for consistency.
struct context {
    request_inputs in;
    signing_setup setup;
    owning_request request;
    baseline::rpc_request baseline_request;
    std::string url;            // the library's signed URL
    std::string string_to_sign; // recovered from that URL
    std::size_t url_capacity;   // a sign_to buffer size that always suffices

    explicit context(std::size_t images)
        : in(images == 3 ? full_request() : full_request_with_images(images)), setup(in),
          request(make_request<ecireq::owning_storage>(in)), baseline_request(make_baseline_request(in))
    {
        auto u = request.sign(setup.creds, setup.opts);
        if (!u) {
            std::fprintf(stderr, "sign failed: %s\n", u.error().message().c_str());
            std::abort();
        }
        url = std::string(u->buffer());
        std::string_view query = u->encoded_query();
        std::string_view canonical = query.substr(0, query.find("&Signature="));
        string_to_sign = ecireq::rpc::string_to_sign(ecireq::http_method::get, canonical);
        url_capacity = url.size() + 1 + 64;
        std::string b = baseline::sign_url(baseline_request, in.access_key_id, in.access_key_secret, in.timestamp,
                                           in.nonce);
        if (b != url) {
            std::fprintf(stderr, "baseline and library disagree:\n%s\n%s\n", b.c_str(), url.c_str());
            std::abort();
        }
    }
};

context& ctx(std::size_t images = 3)
{
    static std::map<std::size_t, std::unique_ptr<context>> cache;
    auto& c = cache[images];
    if (!c) c = std::make_unique<context>(images);
    return *c;
}

// --- the cases -------------------------------------------------------------

// sign() into a boost::urls::url: the convenient, allocating form.
void BM_sign_url(benchmark::State& state, std::size_t images)
{
    auto& c = ctx(images);
    alloc_meter m;
    for (auto _ : state) {
        auto r = c.request.sign(c.setup.creds, c.setup.opts);
        benchmark::DoNotOptimize(r);
    }
    m.report(state);
}

// sign_to() into a caller char buffer: the no-allocation form.
void BM_sign_to_buffer(benchmark::State& state, std::size_t images)
{
    auto& c = ctx(images);
    std::vector<char> buf(c.url_capacity);
    alloc_meter m;
    for (auto _ : state) {
        auto r = c.request.sign_to(c.setup.creds, buf.data(), buf.size(), c.setup.opts);
        benchmark::DoNotOptimize(r);
        benchmark::ClobberMemory();
    }
    m.report(state);
}

// sign_to() into a boost::urls::static_url (its own fixed storage).
void BM_sign_to_static_url(benchmark::State& state)
{
    auto& c = ctx();
    auto u = std::make_unique<boost::urls::static_url<4096>>();
    alloc_meter m;
    for (auto _ : state) {
        auto r = c.request.sign_to(c.setup.creds, *u, c.setup.opts);
        benchmark::DoNotOptimize(r);
        benchmark::ClobberMemory();
    }
    m.report(state);
}

// Fixed storage (string_views, static_vectors) built inside the loop, then
// signed into a buffer: the whole no-heap path from values to URL.
void BM_static_build_sign_to_buffer(benchmark::State& state)
{
    auto& c = ctx();
    std::vector<char> buf(c.url_capacity);
    alloc_meter m;
    for (auto _ : state) {
        auto request = make_request<ecireq::static_storage<>>(c.in);
        auto r = request.sign_to(c.setup.creds, buf.data(), buf.size(), c.setup.opts);
        benchmark::DoNotOptimize(r);
        benchmark::ClobberMemory();
    }
    m.report(state);
}

void BM_static_build_sign_to_static_url(benchmark::State& state)
{
    auto& c = ctx();
    auto u = std::make_unique<boost::urls::static_url<4096>>();
    alloc_meter m;
    for (auto _ : state) {
        auto request = make_request<ecireq::static_storage<>>(c.in);
        auto r = request.sign_to(c.setup.creds, *u, c.setup.opts);
        benchmark::DoNotOptimize(r);
        benchmark::ClobberMemory();
    }
    m.report(state);
}

// The floor: the one thing no signer can skip, a keyed HMAC-SHA1 of the
// string to sign plus Base64, with the library's own backend and key
// handling (copy the pre-keyed state, update, finish).
void BM_floor_hmac(benchmark::State& state, std::size_t images)
{
    auto& c = ctx(images);
    std::string_view sts = c.string_to_sign;
    alloc_meter m;
    for (auto _ : state) {
        auto mac = c.setup.creds.mac();
        mac.update(sts.data(), sts.size());
        unsigned char digest[20];
        char out[32];
        bool ok = mac.finish(digest);
        std::size_t n = ecireq::crypto::openssl::base64_encode(digest, sizeof digest, out);
        benchmark::DoNotOptimize(ok);
        benchmark::DoNotOptimize(n);
        benchmark::DoNotOptimize(out);
    }
    m.report(state);
}

// The conventional signer (baseline.hpp).
void BM_baseline(benchmark::State& state, std::size_t images)
{
    auto& c = ctx(images);
    alloc_meter m;
    for (auto _ : state) {
        std::string url = baseline::sign_url(c.baseline_request, c.in.access_key_id, c.in.access_key_secret,
                                             c.in.timestamp, c.in.nonce);
        benchmark::DoNotOptimize(url);
    }
    m.report(state);
}

// Building the request alone, no signing.
void BM_build_owning(benchmark::State& state)
{
    auto& c = ctx();
    alloc_meter m;
    for (auto _ : state) {
        auto request = make_request<ecireq::owning_storage>(c.in);
        benchmark::DoNotOptimize(request);
    }
    m.report(state);
}

void BM_build_static(benchmark::State& state)
{
    auto& c = ctx();
    alloc_meter m;
    for (auto _ : state) {
        auto request = make_request<ecireq::static_storage<>>(c.in);
        benchmark::DoNotOptimize(request);
    }
    m.report(state);
}

} // namespace

int main(int argc, char** argv)
{
    // Must precede every other use of OpenSSL, or OpenSSL refuses (returns 0).
    if (CRYPTO_set_mem_functions(ossl_malloc, ossl_realloc, ossl_free) != 1) {
        std::fprintf(stderr, "CRYPTO_set_mem_functions failed: OpenSSL allocated before main\n");
        return 1;
    }
    benchmark::AddCustomContext("openssl", OpenSSL_version(OPENSSL_VERSION));
    benchmark::AddCustomContext("boost", BOOST_LIB_VERSION);
#if defined(__clang__)
    benchmark::AddCustomContext("compiler", "clang " __clang_version__);
#elif defined(__GNUC__)
    benchmark::AddCustomContext("compiler", "gcc " __VERSION__);
#endif

    // Registered here rather than with BENCHMARK() to give the cases the
    // plain names run.sh and docs/performance.md use.
    using benchmark::RegisterBenchmark;
    using benchmark::State;
    RegisterBenchmark("sign_url", [](State& s) { BM_sign_url(s, 3); });
    RegisterBenchmark("sign_to_buffer", [](State& s) { BM_sign_to_buffer(s, 3); });
    RegisterBenchmark("sign_to_static_url", BM_sign_to_static_url);
    RegisterBenchmark("static_build+sign_to_buffer", BM_static_build_sign_to_buffer);
    RegisterBenchmark("static_build+sign_to_static_url", BM_static_build_sign_to_static_url);
    RegisterBenchmark("floor_hmac", [](State& s) { BM_floor_hmac(s, 3); });
    RegisterBenchmark("baseline", [](State& s) { BM_baseline(s, 3); });
    RegisterBenchmark("build_owning", BM_build_owning);
    RegisterBenchmark("build_static", BM_build_static);
    // The same request with 1, 10 and 100 images instead of 3.
    for (std::size_t n : {1, 10, 100}) {
        std::string suffix = "/images:" + std::to_string(n);
        RegisterBenchmark(("sign_url" + suffix).c_str(), [n](State& s) { BM_sign_url(s, n); });
        RegisterBenchmark(("sign_to_buffer" + suffix).c_str(), [n](State& s) { BM_sign_to_buffer(s, n); });
        RegisterBenchmark(("floor_hmac" + suffix).c_str(), [n](State& s) { BM_floor_hmac(s, n); });
        RegisterBenchmark(("baseline" + suffix).c_str(), [n](State& s) { BM_baseline(s, n); });
    }

    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
