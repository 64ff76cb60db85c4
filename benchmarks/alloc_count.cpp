// Counting replacements of the global operator new / delete, and OpenSSL
// allocation hooks.
//
// In their own translation unit on purpose: when GCC can inline a replaced
// operator new and delete into the same caller it sees malloc paired with
// operator delete and warns (-Wmismatched-new-delete), wrongly.
//
// Thread-local plain counters rather than atomics: a locked increment per
// allocation would add its own cost to the allocation-heavy baseline and
// skew the comparison being measured. Only the benchmark thread's
// allocations matter, and these cases run on one thread.
#include "alloc_count.hpp"

#include <openssl/crypto.h>

#include <cstdlib>
#include <new>

namespace {

thread_local std::uint64_t cxx_allocs = 0;
thread_local std::uint64_t ossl_allocs = 0;

void* counted_malloc(std::size_t n) noexcept
{
    ++cxx_allocs;
    return std::malloc(n ? n : 1);
}

void* counted_aligned(std::size_t n, std::size_t align) noexcept
{
    ++cxx_allocs;
    void* p = nullptr;
    if (align < sizeof(void*)) align = sizeof(void*);
    return posix_memalign(&p, align, n ? n : 1) == 0 ? p : nullptr;
}

// A realloc is counted because it may allocate: OpenSSL grows buffers with it.
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

namespace ecireq_bench {

std::uint64_t cxx_alloc_count() noexcept { return cxx_allocs; }
std::uint64_t ossl_alloc_count() noexcept { return ossl_allocs; }

bool install_openssl_alloc_hooks() noexcept
{
    return CRYPTO_set_mem_functions(ossl_malloc, ossl_realloc, ossl_free) == 1;
}

} // namespace ecireq_bench

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
void* operator new(std::size_t n, std::align_val_t a, std::nothrow_t const&) noexcept
{
    return counted_aligned(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a, std::nothrow_t const&) noexcept
{
    return counted_aligned(n, static_cast<std::size_t>(a));
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
void operator delete(void* p, std::align_val_t, std::nothrow_t const&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, std::nothrow_t const&) noexcept { std::free(p); }
