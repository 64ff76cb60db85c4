// ecireq: configuration macros.
//
// Every macro the library reads starts with ECIREQ_. Each has a default that
// is detected from the compiler, so a plain #include <ecireq.hpp> works; set
// one before the include (or with -D) to override.
#ifndef ECIREQ_CONFIG_HPP
#define ECIREQ_CONFIG_HPP

#include <boost/config.hpp>

// ECIREQ_NO_EXCEPTIONS: the library never throws, whatever this says; the
// macro only decides whether a failed result<T>::value() may throw (through
// Boost's throw_exception) and whether the tests exercise that path.
#ifndef ECIREQ_NO_EXCEPTIONS
#  if defined(BOOST_NO_EXCEPTIONS) || !(defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND))
#    define ECIREQ_NO_EXCEPTIONS 1
#  else
#    define ECIREQ_NO_EXCEPTIONS 0
#  endif
#endif

// ECIREQ_THREAD_LOCAL: how per-thread state is declared (the Mbed TLS
// backend's random generator, the OpenSSL backend's block of random bytes).
// `thread_local` where the implementation has threads (__STDCPP_THREADS__);
// on a bare-metal target, where thread_local needs a thread pointer and
// allocates at exit, plain `static`. Define it
// (to thread_local, or to your RTOS's mechanism) when your firmware runs
// several tasks that sign.
#ifndef ECIREQ_THREAD_LOCAL
#  if defined(__STDCPP_THREADS__)
#    define ECIREQ_THREAD_LOCAL thread_local
#  else
#    define ECIREQ_THREAD_LOCAL static
#  endif
#endif

// ECIREQ_SEPARATE_COMPILATION: compile the signing engine once instead of
// in every TU that signs (the way Boost.Asio's and Boost.JSON's macros of
// the same purpose work). Define it for the whole program, and compile
// <ecireq/src.hpp> in exactly one of its TUs (the CMake and Meson targets
// ecireq::compiled do both). Everything that does not depend on the action
// is then declared in the headers and defined in that one TU: the checks
// and walks of collect(), the V2 and V3 signing of a collected request for
// the default credentials, the error texts. Other backends' credentials are
// still signed header-only. Without it (the default) ecireq is header-only.
//
// ECIREQ_DECL marks a function defined in an impl/*.ipp file: `inline` when
// header-only, an ordinary declaration otherwise. ECIREQ_COMPILE_IMPL is 1
// where the .ipp files are compiled: header-only, or the one TU that
// defines ECIREQ_SOURCE (<ecireq/src.hpp>).
#if defined(ECIREQ_SEPARATE_COMPILATION)
#  define ECIREQ_DECL
#  if defined(ECIREQ_SOURCE)
#    define ECIREQ_COMPILE_IMPL 1
#  else
#    define ECIREQ_COMPILE_IMPL 0
#  endif
#else
#  define ECIREQ_DECL inline
#  define ECIREQ_COMPILE_IMPL 1
#endif

// Crypto backend selection. Exactly one default backend is compiled in:
//   ECIREQ_CRYPTO_OPENSSL (default) - OpenSSL 3 libcrypto
//   ECIREQ_CRYPTO_MBEDTLS           - Mbed TLS 2.28+ libmbedcrypto
//   ECIREQ_CRYPTO_NONE              - no default; every credentials object
//                                     names its backend explicitly
#if !defined(ECIREQ_CRYPTO_OPENSSL) && !defined(ECIREQ_CRYPTO_MBEDTLS) && !defined(ECIREQ_CRYPTO_NONE)
#  define ECIREQ_CRYPTO_OPENSSL 1
#endif
#if (defined(ECIREQ_CRYPTO_OPENSSL) + defined(ECIREQ_CRYPTO_MBEDTLS) + defined(ECIREQ_CRYPTO_NONE)) != 1
#  error "ecireq: define at most one of ECIREQ_CRYPTO_OPENSSL, ECIREQ_CRYPTO_MBEDTLS, ECIREQ_CRYPTO_NONE"
#endif


#endif
