// ecireq: errors.
//
// Every failure is reported as a value, never thrown: functions return
// ecireq::result<T>, a boost::system::result<T, ecireq::error>. An error
// carries an errc (with a Boost.System category, so it converts to
// boost::system::error_code and std::error_code), the name of the API
// parameter it is about ("ClientToken", "Tag.3.Key") and, where the rule has
// one, the limit that was broken. It holds no heap memory and never contains
// a parameter's value, so it cannot leak a secret into a log line.
#ifndef ECIREQ_ERROR_HPP
#define ECIREQ_ERROR_HPP

#include <ecireq/config.hpp>

#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>
#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace ecireq {

/// The conditions a request, a signature or a verification can fail with.
enum class errc : int {
    empty_value = 1,      ///< a value that must not be empty is empty
    not_ascii,            ///< a value restricted to ASCII holds other bytes
    too_long,             ///< a value is longer than its limit
    too_many,             ///< a repeated parameter is given more often than allowed
    below_minimum,        ///< an integer is below its minimum
    above_maximum,        ///< an integer is above its maximum
    invalid_utf8,         ///< a value is not well-formed UTF-8
    empty_credential,     ///< AccessKeyId or AccessKeySecret is empty
    invalid_value,        ///< a value is not one of the accepted ones
    invalid_endpoint,     ///< the endpoint host or scheme is not valid
    duplicate_parameter,  ///< two parameters have the same name
    missing_parameter,    ///< a required parameter is not given
    unknown_parameter,    ///< a name that is not a parameter of the action
    index_gap,            ///< repeated parameters are not numbered 1, 2, 3, ...
    capacity_exceeded,    ///< more entries than a fixed-capacity storage holds
    buffer_too_small,     ///< the caller's output buffer cannot hold the result
    crypto_failure,       ///< the crypto backend reported a failure
    // verification (ecireq::verify)
    malformed_request,    ///< the signed request cannot be parsed
    signature_mismatch,   ///< the signature does not match the parameters
    unsupported_signature,///< not the scheme being verified (V2: HMAC-SHA1 1.0; V3: ACS3-HMAC-SHA256)
    timestamp_out_of_window, ///< Timestamp is too far from the verifier's clock
    surrounding_whitespace, ///< a credential starts or ends with whitespace (a paste accident)
    // answers (ecireq/response/)
    malformed_response      ///< a field of a response body is missing or of the wrong type
};

namespace detail {

constexpr char const* describe(errc e) noexcept
{
    switch (e) {
    case errc::empty_value:           return "must not be empty";
    case errc::not_ascii:             return "must contain only ASCII characters";
    case errc::too_long:              return "is too long";
    case errc::too_many:              return "is given too many times";
    case errc::below_minimum:         return "is below the minimum";
    case errc::above_maximum:         return "is above the maximum";
    case errc::invalid_utf8:          return "is not valid UTF-8";
    case errc::empty_credential:      return "credential must not be empty";
    case errc::invalid_value:         return "is not one of the accepted values";
    case errc::invalid_endpoint:      return "must be host[:port] and nothing else";
    case errc::duplicate_parameter:   return "is given more than once";
    case errc::missing_parameter:     return "is required but not set";
    case errc::unknown_parameter:     return "is not a known parameter";
    case errc::index_gap:             return "is missing: indices must run 1, 2, 3, ... without gaps";
    case errc::capacity_exceeded:     return "exceeds the capacity of the fixed storage";
    case errc::buffer_too_small:      return "output buffer is too small";
    case errc::crypto_failure:        return "the crypto backend failed";
    case errc::malformed_request:     return "the signed request is malformed";
    case errc::signature_mismatch:    return "signature does not match";
    case errc::unsupported_signature: return "names a signature scheme this verifier does not accept";
    case errc::timestamp_out_of_window: return "is outside the accepted window";
    case errc::surrounding_whitespace: return "starts or ends with whitespace";
    case errc::malformed_response:    return "is missing or malformed in the response";
    }
    return "unknown ecireq error";
}

// How the limit (if any) is worded after the description.
constexpr char const* limit_prefix(errc e) noexcept
{
    switch (e) {
    case errc::too_long:         return " (limit: ";
    case errc::too_many:         return " (limit: ";
    case errc::below_minimum:    return " (minimum: ";
    case errc::above_maximum:    return " (maximum: ";
    case errc::capacity_exceeded:return " (capacity: ";
    case errc::buffer_too_small: return " (needs: ";
    case errc::timestamp_out_of_window: return " (seconds off: ";
    default:                     return nullptr;
    }
}

class error_category_impl final : public boost::system::error_category {
public:
    // A fixed id makes categories from different shared objects compare equal.
    constexpr error_category_impl() noexcept : boost::system::error_category(0xEC1E0F5A1B2C3D4EULL) {}
    char const* name() const noexcept override { return "ecireq"; }
    std::string message(int ev) const override { return describe(static_cast<errc>(ev)); }
    char const* message(int ev, char* buf, std::size_t len) const noexcept override
    {
        if (len == 0) return buf;
        char const* s = describe(static_cast<errc>(ev));
        std::size_t n = std::min(std::strlen(s), len - 1);
        std::memcpy(buf, s, n);
        buf[n] = '\0';
        return buf;
    }
};

} // namespace detail

/// The Boost.System category of errc.
inline boost::system::error_category const& error_category() noexcept
{
    static constexpr detail::error_category_impl instance;
    return instance;
}

inline boost::system::error_code make_error_code(errc e) noexcept
{
    return {static_cast<int>(e), error_category()};
}

/** A failure: what went wrong and with which parameter.

    @par Example
    @code
    auto r = request.sign(creds);
    if (!r) std::cerr << r.error().message() << '\n';  // "ClientToken: is too long (limit: 64)"
    @endcode
*/
class error {
public:
    static constexpr std::size_t max_parameter_length = 63;

    constexpr error() noexcept = default;

    /// `parameter` is copied (truncated to max_parameter_length bytes).
    error(errc code, std::string_view parameter = {}, std::int64_t limit = no_limit) noexcept
        : code_(code), limit_(limit)
    {
        len_ = static_cast<unsigned char>(std::min(parameter.size(), max_parameter_length));
        if (len_ != 0) std::memcpy(parameter_, parameter.data(), len_); // data() may be null when empty
    }

    errc value() const noexcept { return code_; }
    boost::system::error_code code() const noexcept { return make_error_code(code_); }
    std::string_view parameter() const noexcept { return {parameter_, len_}; }
    bool has_limit() const noexcept { return limit_ != no_limit; }
    std::int64_t limit() const noexcept { return limit_; }

    /** Writes the message ("Tag.21.Key: is given too many times (limit: 20)")
        into `buf`, always NUL-terminated when `size > 0`, without allocating.
        Returns the length the full message needs (like snprintf). */
    std::size_t format_to(char* buf, std::size_t size) const noexcept
    {
        std::size_t n = 0;
        auto put = [&](std::string_view s) {
            for (char c : s) {
                if (n + 1 < size) buf[n] = c;
                ++n;
            }
        };
        if (len_ != 0) { put(parameter()); put(": "); }
        put(detail::describe(code_));
        if (char const* p = detail::limit_prefix(code_); p && has_limit()) {
            char digits[24];
            auto r = std::to_chars(digits, digits + sizeof digits, limit_);
            put(p);
            put({digits, static_cast<std::size_t>(r.ptr - digits)});
            put(")");
        }
        if (size) buf[std::min(n, size - 1)] = '\0';
        return n;
    }

    /// The message as a std::string (allocates; see format_to for the no-heap form).
    std::string message() const
    {
        char buf[160];
        std::size_t n = format_to(buf, sizeof buf);
        return std::string(buf, std::min(n, sizeof buf - 1));
    }

    /// Streams message(); any std::ostream-like type.
    template <class Ostream>
    friend auto operator<<(Ostream& os, error const& e) -> decltype(os << "")
    {
        char buf[160];
        e.format_to(buf, sizeof buf);
        return os << buf;
    }

    friend bool operator==(error const& a, errc b) noexcept { return a.code_ == b; }
    friend bool operator!=(error const& a, errc b) noexcept { return a.code_ != b; }
    friend bool operator==(errc b, error const& a) noexcept { return a.code_ == b; }
    friend bool operator!=(errc b, error const& a) noexcept { return a.code_ != b; }

private:
    static constexpr std::int64_t no_limit = INT64_MIN;
    errc code_{};
    unsigned char len_ = 0;
    char parameter_[max_parameter_length] = {};
    std::int64_t limit_ = no_limit;
};

/// Throws boost::system::system_error; reached only through result<T>::value()
/// on an error, and (under BOOST_NO_EXCEPTIONS) routed to the user's
/// boost::throw_exception.
BOOST_NORETURN inline void throw_exception_from_error(error const& e, boost::source_location const& loc)
{
    boost::throw_exception(boost::system::system_error(e.code(), std::string(e.parameter())), loc);
}

/// The result of every fallible operation.
template <class T>
using result = boost::system::result<T, error>;

} // namespace ecireq

namespace boost { namespace system {
template <> struct is_error_code_enum<::ecireq::errc> : std::true_type {};
}} // namespace boost::system

namespace std {
template <> struct is_error_code_enum<::ecireq::errc> : std::true_type {};
} // namespace std

#endif
