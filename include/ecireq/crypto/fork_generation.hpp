// ecireq: telling a fork() child from its parent. Random state a backend
// keeps per thread (the Mbed TLS DRBG, the OpenSSL backend's block of random
// bytes) is copied into a child by fork(); a child that went on using it
// would hand out the nonces its parent hands out next. Both backends ask
// here whether the state they hold was made in this process.
#ifndef ECIREQ_CRYPTO_FORK_GENERATION_HPP
#define ECIREQ_CRYPTO_FORK_GENERATION_HPP

#include <atomic>

#if defined(__has_include)
#  if __has_include(<pthread.h>) && __has_include(<unistd.h>) && (defined(__unix__) || defined(__APPLE__))
#    include <pthread.h>
#    include <unistd.h>
#    define ECIREQ_DETAIL_HAS_FORK 1
#  endif
#endif
#ifndef ECIREQ_DETAIL_HAS_FORK
#  define ECIREQ_DETAIL_HAS_FORK 0
#endif

namespace ecireq { namespace crypto {

/** A number that is different in a child after every fork() from what it
    was in the parent before. Keep it with the state; when it changed, the
    state was inherited and must be dropped. */
struct fork_generation {
    static long current() noexcept
    {
#if ECIREQ_DETAIL_HAS_FORK
        // A pthread_atfork handler counts the forks in the child: a load,
        // where getpid() would be a system call on every draw. Should the
        // handler not register, the process id does the same job.
        static bool const counted =
            ::pthread_atfork(nullptr, nullptr, [] { forks().fetch_add(1, std::memory_order_relaxed); }) == 0;
        return counted ? forks().load(std::memory_order_relaxed) : static_cast<long>(::getpid());
#else
        return 0; // no processes to fork (a microcontroller)
#endif
    }

private:
    static std::atomic<long>& forks() noexcept
    {
        static std::atomic<long> n{0};
        return n;
    }
};

}} // namespace ecireq::crypto

#endif
