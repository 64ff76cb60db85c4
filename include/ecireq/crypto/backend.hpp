// ecireq: the crypto backend concept and the default backend.
//
// A backend is one struct with:
//   typename hmac_sha1;   // keyed HMAC-SHA1 state: hmac_sha1(std::string_view key),
//                         // bool ok() const, void update(void const*, std::size_t),
//                         // bool finish(unsigned char (&)[20]); copying it duplicates
//                         // the keyed state (one copy per signature)
//   static bool random_bytes(unsigned char*, std::size_t);       // a CSPRNG
//   static std::size_t base64_encode(unsigned char const*, std::size_t, char* out);
//                         // padded Base64, out has 4*ceil(n/3)+1 bytes; 0 on failure
//   static void cleanse(void*, std::size_t);                     // wipe memory
// and, for the V3 signature (ACS3-HMAC-SHA256):
//   typename sha256;      // copyable SHA-256 context: bool start(), bool update(void const*,
//                         // std::size_t), bool finish(unsigned char (&)[32])
//   typename hmac_sha256; // keyed HMAC-SHA256 state, as hmac_sha1 with a 32-byte digest
// A backend without these two signs V2 only (signing V3 with it does not
// compile). crypto::openssl and crypto::mbedtls are the two shipped and have
// both; a hardware HMAC is one more such struct (derive from either to reuse
// the parts you keep). crypto/hmac.hpp builds either HMAC over a hash context.
#ifndef ECIREQ_CRYPTO_BACKEND_HPP
#define ECIREQ_CRYPTO_BACKEND_HPP

#include <ecireq/config.hpp>

#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

#if defined(ECIREQ_CRYPTO_OPENSSL)
#  include <ecireq/crypto/openssl.hpp>
#elif defined(ECIREQ_CRYPTO_MBEDTLS)
#  include <ecireq/crypto/mbedtls.hpp>
#endif

namespace ecireq { namespace crypto {

namespace detail {
template <class B, class = void>
struct is_backend : std::false_type {};
template <class B>
struct is_backend<B, std::void_t<
    typename B::hmac_sha1,
    decltype(typename B::hmac_sha1(std::string_view{})),
    decltype(std::declval<typename B::hmac_sha1 const&>().ok()),
    decltype(std::declval<typename B::hmac_sha1&>().update(static_cast<void const*>(nullptr), std::size_t{})),
    decltype(std::declval<typename B::hmac_sha1&>().finish(std::declval<unsigned char (&)[20]>())),
    decltype(B::random_bytes(static_cast<unsigned char*>(nullptr), std::size_t{})),
    decltype(B::base64_encode(static_cast<unsigned char const*>(nullptr), std::size_t{}, static_cast<char*>(nullptr))),
    decltype(B::cleanse(static_cast<void*>(nullptr), std::size_t{}))>>
    : std::is_copy_constructible<typename B::hmac_sha1> {};
} // namespace detail

namespace detail {
template <class B, class = void>
struct has_sha256 : std::false_type {};
template <class B>
struct has_sha256<B, std::void_t<
    decltype(std::declval<typename B::sha256&>().start()),
    decltype(std::declval<typename B::sha256&>().update(static_cast<void const*>(nullptr), std::size_t{})),
    decltype(std::declval<typename B::sha256&>().finish(std::declval<unsigned char (&)[32]>())),
    decltype(typename B::hmac_sha256(std::string_view{})),
    decltype(std::declval<typename B::hmac_sha256 const&>().ok()),
    decltype(std::declval<typename B::hmac_sha256&>().update(static_cast<void const*>(nullptr), std::size_t{})),
    decltype(std::declval<typename B::hmac_sha256&>().finish(std::declval<unsigned char (&)[32]>()))>>
    : std::is_copy_constructible<typename B::hmac_sha256> {};
} // namespace detail

/// True when `B` meets the backend requirements listed at the top of this header.
template <class B>
constexpr bool is_backend_v = detail::is_backend<B>::value;

/// True when `B` also has SHA-256 and HMAC-SHA256 (what the V3 signature needs).
template <class B>
constexpr bool has_sha256_v = detail::has_sha256<B>::value;

#if defined(ECIREQ_CRYPTO_OPENSSL)
using default_backend = openssl;
#elif defined(ECIREQ_CRYPTO_MBEDTLS)
using default_backend = mbedtls;
#endif

}} // namespace ecireq::crypto

#endif
