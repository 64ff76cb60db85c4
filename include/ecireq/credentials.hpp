// ecireq: access credentials.
#ifndef ECIREQ_CREDENTIALS_HPP
#define ECIREQ_CREDENTIALS_HPP

#include <ecireq/crypto/backend.hpp>
#include <ecireq/error.hpp>

#include <cstddef>
#include <cstring>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

namespace ecireq {

/** An AccessKey pair, optionally with an STS security token.

    The AccessKeySecret is not stored: the constructor derives the keyed
    HMAC-SHA1 state (key = AccessKeySecret + "&") and wipes every buffer that
    held key material. So a credentials object cannot print, format or leak
    the secret: there is none in it. Streaming it writes a redacted form.
    Copying duplicates the keyed state; signing only reads it, so one object
    can be shared by any number of threads.

    @par Example
    @code
    const ecireq::credentials creds{"testid", "testsecret"};
    const ecireq::credentials sts{"STS.id", "secret", "security-token"};
    @endcode
*/
template <class Backend>
class basic_credentials {
    static_assert(crypto::is_backend_v<Backend>,
                  "ecireq: the Backend of basic_credentials<Backend> does not meet the crypto backend "
                  "requirements listed in <ecireq/crypto/backend.hpp>");

public:
    using backend_type = Backend;
    using mac_type = typename Backend::hmac_sha1;

    basic_credentials(std::string_view access_key_id, std::string_view access_key_secret,
                      std::string_view security_token = {})
        : access_key_id_(access_key_id), security_token_(security_token),
          has_secret_(!access_key_secret.empty()), mac_(key_for(access_key_secret))
    {}

    std::string_view access_key_id() const noexcept { return access_key_id_; }
    std::string_view security_token() const noexcept { return security_token_; }
    bool has_security_token() const noexcept { return !security_token_.empty(); }

    /// A fresh copy of the keyed MAC state, for one signature.
    mac_type mac() const noexcept(std::is_nothrow_copy_constructible<mac_type>::value) { return mac_; }

    /// Success, or empty_credential naming AccessKeyId or AccessKeySecret, or crypto_failure.
    result<void> check() const noexcept
    {
        if (access_key_id_.empty()) return error(errc::empty_credential, "AccessKeyId");
        if (!has_secret_) return error(errc::empty_credential, "AccessKeySecret");
        if (!mac_.ok()) return error(errc::crypto_failure, "AccessKeySecret");
        return {};
    }

    /// Writes `credentials{AccessKeyId=..., AccessKeySecret=<redacted>[, SecurityToken=<redacted>]}`.
    template <class Ostream>
    friend auto operator<<(Ostream& os, basic_credentials const& c) -> decltype(os << "")
    {
        os << "credentials{AccessKeyId=" << c.access_key_id_ << ", AccessKeySecret=<redacted>";
        if (c.has_security_token()) os << ", SecurityToken=<redacted>";
        return os << "}";
    }

private:
    // HMAC key = secret + "&" (Alibaba Cloud RPC signature, SignatureVersion 1.0).
    static mac_type key_for(std::string_view secret)
    {
        constexpr std::size_t small = 128;
        if (secret.size() < small) {
            char buf[small];
            std::memcpy(buf, secret.data(), secret.size());
            buf[secret.size()] = '&';
            mac_type m(std::string_view(buf, secret.size() + 1));
            Backend::cleanse(buf, sizeof buf);
            return m;
        }
        std::unique_ptr<char[]> buf(new char[secret.size() + 1]);
        std::memcpy(buf.get(), secret.data(), secret.size());
        buf[secret.size()] = '&';
        mac_type m(std::string_view(buf.get(), secret.size() + 1));
        Backend::cleanse(buf.get(), secret.size() + 1);
        return m;
    }

    std::string access_key_id_;
    std::string security_token_;
    bool has_secret_;
    mac_type mac_;
};

#if !defined(ECIREQ_CRYPTO_NONE)
/// Credentials for the default crypto backend.
using credentials = basic_credentials<crypto::default_backend>;
#endif

} // namespace ecireq

#endif
