// Heap allocation counters for the benchmarks (alloc_count.cpp replaces the
// global operator new and hooks OpenSSL's allocator).
#ifndef ECIREQ_BENCH_ALLOC_COUNT_HPP
#define ECIREQ_BENCH_ALLOC_COUNT_HPP

#include <cstdint>

namespace ecireq_bench {

/// C++ operator new calls (all forms) made by the calling thread so far.
std::uint64_t cxx_alloc_count() noexcept;

/// OpenSSL CRYPTO_malloc / CRYPTO_realloc calls made by the calling thread
/// so far (zero unless install_openssl_alloc_hooks() succeeded).
std::uint64_t ossl_alloc_count() noexcept;

/// Routes OpenSSL's allocations through counting hooks. Must run before any
/// other use of OpenSSL (OpenSSL refuses once it has allocated); false then.
bool install_openssl_alloc_hooks() noexcept;

} // namespace ecireq_bench

#endif
