// ecireq: access credentials, holding for each signature scheme the keyed
// state it derives from the secret, never the secret itself.
#ifndef ECIREQ_SIGNATURE_CREDENTIALS_HPP
#define ECIREQ_SIGNATURE_CREDENTIALS_HPP

#include <ecireq/crypto/backend.hpp>
#include <ecireq/error.hpp>
#include <ecireq/signature/acs3_hmac_sha256.hpp>
#include <ecireq/signature/rpc_v2.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace ecireq {

namespace signature {
/// Every scheme whose key a credentials object derives (those its backend
/// supports). A new scheme is one more entry: a struct with
/// supported_by<Backend>, key_state<Backend> and derive_key<Backend>(secret).
template <class... Schemes>
struct scheme_list {};
using all_schemes = scheme_list<rpc_v2, acs3_hmac_sha256>;
} // namespace signature

namespace detail {
template <class Backend, class List>
struct key_tuple;
template <class Backend>
struct key_tuple<Backend, signature::scheme_list<>> {
    using type = std::tuple<>;
    static type derive(std::string_view) { return {}; }
};
// Keeps the schemes the backend supports (a SHA-1-only backend signs V2 only).
template <class Backend, class First, class... Rest>
struct key_tuple<Backend, signature::scheme_list<First, Rest...>> {
    using rest = key_tuple<Backend, signature::scheme_list<Rest...>>;
    static constexpr bool keep = First::template supported_by<Backend>;
    using type = std::conditional_t<keep,
        decltype(std::tuple_cat(std::declval<std::tuple<typename First::template key_state<Backend>>>(),
                                std::declval<typename rest::type>())),
        typename rest::type>;
    static type derive(std::string_view secret)
    {
        if constexpr (keep)
            return std::tuple_cat(std::make_tuple(First::template derive_key<Backend>(secret)), rest::derive(secret));
        else
            return rest::derive(secret);
    }
};
/** A std::string that wipes its bytes, the small-string buffer included,
    before it lets them go: when destroyed, assigned over, or moved from (a
    moved-from short string keeps its bytes in place). For the STS token. */
template <class Backend>
class wiped_string {
public:
    wiped_string() = default;
    explicit wiped_string(std::string_view s) : s_(s) {}
    wiped_string(wiped_string const& o) : s_(o.s_) {}
    wiped_string(wiped_string&& o) noexcept : s_(std::move(o.s_)) { o.wipe(); }
    wiped_string& operator=(wiped_string const& o)
    {
        if (this != &o) {
            wipe();
            s_ = o.s_;
        }
        return *this;
    }
    wiped_string& operator=(wiped_string&& o) noexcept
    {
        if (this != &o) {
            wipe();
            s_ = std::move(o.s_);
            o.wipe();
        }
        return *this;
    }
    ~wiped_string() { wipe(); }

    std::string_view view() const noexcept { return s_; }

private:
    void wipe() noexcept
    {
        s_.resize(s_.capacity()); // within capacity: no reallocation; now every byte is ours to write
        Backend::cleanse(&s_[0], s_.size());
        s_.clear();
    }
    std::string s_;
};

} // namespace detail

/** An AccessKey pair, optionally with an STS security token.

    The AccessKeySecret is not stored: the constructor derives each signature
    scheme's keyed state from it (for the V2 scheme an HMAC-SHA1 state keyed
    with AccessKeySecret + "&") and wipes every buffer that held key
    material. So a credentials object cannot print, format or leak the
    secret: there is none in it. Streaming it writes a redacted form.
    Copying duplicates the keyed states; signing only reads them, so one
    object can be shared by any number of threads. The security token is
    kept (it is sent with every request) and wiped when the object goes.

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
    using keys_type = detail::key_tuple<Backend, signature::all_schemes>;

public:
    using backend_type = Backend;

    basic_credentials(std::string_view access_key_id, std::string_view access_key_secret,
                      std::string_view security_token = {})
        : access_key_id_(access_key_id), security_token_(security_token),
          has_secret_(!access_key_secret.empty()), secret_padded_(padded(access_key_secret)),
          keys_(keys_type::derive(access_key_secret))
    {}

    std::string_view access_key_id() const noexcept { return access_key_id_; }
    std::string_view security_token() const noexcept { return security_token_.view(); }
    bool has_security_token() const noexcept { return !security_token_.view().empty(); }

    /// A fresh copy of `Scheme`'s keyed state, for one signature.
    template <class Scheme>
    typename Scheme::template key_state<Backend> key() const noexcept
    {
        return std::get<typename Scheme::template key_state<Backend>>(keys_);
    }

    /// Success, or empty_credential or surrounding_whitespace naming
    /// AccessKeyId or AccessKeySecret, or crypto_failure.
    result<void> check() const noexcept
    {
        if (access_key_id_.empty()) return error(errc::empty_credential, "AccessKeyId");
        if (!has_secret_) return error(errc::empty_credential, "AccessKeySecret");
        // A pasted key with a trailing space or newline signs, and the server
        // answers SignatureDoesNotMatch, which looks like a signing bug.
        if (padded(access_key_id_)) return error(errc::surrounding_whitespace, "AccessKeyId");
        if (secret_padded_) return error(errc::surrounding_whitespace, "AccessKeySecret");
        // A token of blanks only: V3 trims header values, so it would vanish
        // there and be sent as blanks with V2. It is a mistake either way.
        if (has_security_token() && security_token_.view().find_first_not_of(" \t\r\n\v\f") == std::string_view::npos)
            return error(errc::surrounding_whitespace, "SecurityToken");
        bool ok = std::apply([](auto const&... k) { return (true && ... && k.ok()); }, keys_);
        if (!ok) return error(errc::crypto_failure, "AccessKeySecret");
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
    static bool padded(std::string_view s) noexcept
    {
        auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; };
        return !s.empty() && (space(s.front()) || space(s.back()));
    }

    std::string access_key_id_;
    detail::wiped_string<Backend> security_token_; // a credential: wiped like the keys
    bool has_secret_;
    bool secret_padded_;
    typename keys_type::type keys_;
};

#if !defined(ECIREQ_CRYPTO_NONE)
/// Credentials for the default crypto backend.
using credentials = basic_credentials<crypto::default_backend>;
#endif

} // namespace ecireq

#endif
