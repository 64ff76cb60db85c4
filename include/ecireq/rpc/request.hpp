// ecireq: from an action's parameters to a signed request: the common
// parameters, the endpoint, and the signed query written into caller memory.
#ifndef ECIREQ_RPC_REQUEST_HPP
#define ECIREQ_RPC_REQUEST_HPP

#include <ecireq/config.hpp>
#include <ecireq/credentials.hpp>
#include <ecireq/detail/function_ref.hpp>
#include <ecireq/error.hpp>
#include <ecireq/rpc/encoding.hpp>
#include <ecireq/rpc/nonce.hpp>
#include <ecireq/rpc/param.hpp>
#include <ecireq/rpc/signer.hpp>
#include <ecireq/rpc/timestamp.hpp>

#include <boost/url/parse.hpp>

#include <cstddef>
#include <cstring>
#include <string_view>

namespace ecireq {

/// Scratch space a nonce source may write its nonce into.
struct nonce_buffer {
    static constexpr std::size_t capacity = 64;
    char data[capacity];
};

/// Returns the time to sign with (UTC is implied by system_clock).
using clock_source = detail::function_ref<rpc::time_point()>;
/// Returns the SignatureNonce to use, possibly written into the buffer.
using nonce_source = detail::function_ref<std::string_view(nonce_buffer&)>;

/// A clock that always answers the same time (reproducible output, tests).
struct fixed_clock {
    rpc::time_point time;
    rpc::time_point operator()() const noexcept { return time; }
};

/// A nonce source that always answers the same nonce (reproducible output, tests).
/// Never use one for real traffic: the server rejects a repeated nonce.
struct fixed_nonce {
    std::string_view value;
    std::string_view operator()(nonce_buffer&) const noexcept { return value; }
};

/** How to sign: endpoint, and the sources of Timestamp and SignatureNonce.

    The sources are non-owning references: the callables must outlive the
    call to sign. Left empty, the time is std::chrono::system_clock::now()
    and the nonce a random UUID v4 from the crypto backend's CSPRNG.
*/
struct sign_options {
    /// "https" (default) or "http" (a local test server, a signing proxy).
    std::string_view scheme = "https";
    /// host[:port] to send to; empty means eci.<RegionId>.aliyuncs.com.
    /// For the VPC endpoint use "eci-vpc.<RegionId>.aliyuncs.com".
    std::string_view endpoint = {};
    clock_source clock = {};
    nonce_source nonce = {};
};

namespace rpc {

/// What identifies an action on the wire.
struct action_info {
    std::string_view action;
    std::string_view version;
    std::string_view format = "JSON";
};

/// Room for the common parameters' values that have no other home.
struct common_storage {
    char timestamp[timestamp_size];
    char uuid[uuid_size];
    nonce_buffer custom;
};

/// Number of common parameters add_common_params may add.
constexpr std::size_t max_common_params = 9;

/// Adds AccessKeyId, Action, Format, SignatureMethod, SignatureNonce,
/// SignatureVersion, Timestamp, Version and (with an STS token) SecurityToken.
template <class Backend>
result<void> add_common_params(param_table& t, action_info const& info, basic_credentials<Backend> const& creds,
                               sign_options const& opts, common_storage& s) noexcept
{
    rpc::time_point now = opts.clock ? opts.clock() : std::chrono::system_clock::now();
    if (!format_timestamp(now, s.timestamp)) return error(errc::invalid_value, "Timestamp");

    std::string_view nonce;
    if (opts.nonce) {
        nonce = opts.nonce(s.custom);
        if (nonce.empty()) return error(errc::empty_value, "SignatureNonce");
        if (nonce.size() > nonce_buffer::capacity) return error(errc::too_long, "SignatureNonce", nonce_buffer::capacity);
        if (!is_valid_utf8(nonce)) return error(errc::invalid_utf8, "SignatureNonce");
    } else {
        if (!make_uuid_v4<Backend>(s.uuid)) return error(errc::crypto_failure, "SignatureNonce");
        nonce = {s.uuid, uuid_size};
    }
    if (!is_valid_utf8(creds.access_key_id())) return error(errc::invalid_utf8, "AccessKeyId");
    if (!is_valid_utf8(creds.security_token())) return error(errc::invalid_utf8, "SecurityToken");

    result<void> r;
    auto add = [&](std::string_view n, std::string_view v) { if (r) r = t.push(n, v); };
    add("AccessKeyId", creds.access_key_id());
    add("Action", info.action);
    add("Format", info.format);
    add("SignatureMethod", "HMAC-SHA1");
    add("SignatureNonce", nonce);
    add("SignatureVersion", "1.0");
    add("Timestamp", {s.timestamp, timestamp_size});
    add("Version", info.version);
    if (creds.has_security_token()) add("SecurityToken", creds.security_token());
    return r;
}

/** A request whose parameters are complete and sorted, ready to be written.

    The layouts (Alibaba Cloud RPC style):
      GET   <scheme>://<host>/?<canonical query>&Signature=<encoded signature>
      POST  <scheme>://<host>/   with body  <canonical query>&Signature=<encoded signature>
*/
class prepared_request {
public:
    static constexpr std::string_view signature_key = "&Signature=";
    /// Largest percent-encoded Base64 HMAC-SHA1 signature: 28 characters, each up to 3.
    static constexpr std::size_t max_encoded_signature = 3 * signature::size;

    /// Checks the scheme and the host; `region` builds the default host.
    static result<prepared_request> make(param const* first, param const* last, http_method m,
                                         sign_options const& opts, std::string_view region) noexcept
    {
        prepared_request p;
        p.first_ = first;
        p.last_ = last;
        p.method_ = m;
        if (opts.scheme != "https" && opts.scheme != "http") return error(errc::invalid_value, "scheme");
        p.scheme_ = opts.scheme;
        if (opts.endpoint.empty()) {
            p.region_ = region; // validated by the action as a region id
        } else {
            // host[:port] only: no userinfo, path, query or fragment may hide in it.
            auto a = boost::urls::parse_authority(opts.endpoint);
            if (!a || a->has_userinfo() || a->host().empty()) return error(errc::invalid_endpoint, "endpoint");
            p.endpoint_ = opts.endpoint;
        }
        p.canonical_bound_ = canonical_query_bound(first, last);
        return p;
    }

    http_method method() const noexcept { return method_; }

    std::size_t host_size() const noexcept
    {
        return endpoint_.empty() ? sizeof(ECIREQ_DEFAULT_HOST_PREFIX) - 1 + region_.size() +
                                       sizeof(ECIREQ_DEFAULT_HOST_SUFFIX) - 1
                                 : endpoint_.size();
    }

    /// "<scheme>://<host>/", plus "?" for GET.
    std::size_t url_prefix_size() const noexcept
    {
        return scheme_.size() + 3 + host_size() + 1 + (method_ == http_method::get ? 1 : 0);
    }

    /// A size the signed query ("<canonical>&Signature=<sig>") never exceeds,
    /// known without a pass over the bytes.
    std::size_t signed_query_bound() const noexcept
    {
        return canonical_bound_ + signature_key.size() + max_encoded_signature;
    }

    /// The tightest size that always suffices for the signed query: a pass
    /// over the bytes, made only when a caller's buffer is below the bound.
    std::size_t signed_query_size_needed() const noexcept
    {
        return canonical_query_size(first_, last_) + signature_key.size() + max_encoded_signature;
    }

    /// A size the whole GET URL (or the POST body plus URL) never exceeds.
    std::size_t bound() const noexcept { return url_prefix_size() + signed_query_bound(); }

    char* write_url_prefix(char* out) const noexcept
    {
        out = put(out, scheme_);
        out = put(out, "://");
        if (endpoint_.empty()) {
            out = put(out, ECIREQ_DEFAULT_HOST_PREFIX);
            out = put(out, region_);
            out = put(out, ECIREQ_DEFAULT_HOST_SUFFIX);
        } else {
            out = put(out, endpoint_);
        }
        *out++ = '/';
        if (method_ == http_method::get) *out++ = '?';
        return out;
    }

    /** Writes "<canonical query>&Signature=<encoded signature>" into [out, out + cap)
        and returns its length; buffer_too_small (with a size that always
        suffices) when it does not fit. Nothing past `cap` is ever written. */
    template <class Backend>
    result<std::size_t> write_signed_query(basic_credentials<Backend> const& creds, char* out,
                                           std::size_t cap) const noexcept
    {
        if (cap < signed_query_bound()) {
            // Slow path, only for buffers below the cheap bound: the exact size.
            std::size_t canonical = canonical_query_size(first_, last_);
            if (cap < canonical + signature_key.size())
                return error(errc::buffer_too_small, "output", static_cast<std::int64_t>(signed_query_size_needed()));
        }
        char* end = nullptr;
        auto sig = write_and_sign(creds, method_, first_, last_, out, end);
        if (!sig) return sig.error();
        std::size_t need = static_cast<std::size_t>(end - out) + signature_key.size() + encoded_size(sig->view());
        if (cap < need) return error(errc::buffer_too_small, "output", static_cast<std::int64_t>(need));
        end = put(end, signature_key);
        end = encode_to(end, sig->view());
        return static_cast<std::size_t>(end - out);
    }

private:
    static char* put(char* out, std::string_view s) noexcept
    {
        std::memcpy(out, s.data(), s.size());
        return out + s.size();
    }

    param const* first_ = nullptr;
    param const* last_ = nullptr;
    http_method method_ = http_method::get;
    std::string_view scheme_;
    std::string_view endpoint_;
    std::string_view region_;
    std::size_t canonical_bound_ = 0;
};

/** Writes the whole signed GET URL (or, for POST, the URL) NUL-terminated
    into [out, out + cap); for POST the body goes to [body, body + body_cap).
    Returns the URL text in `out`. */
template <class Backend>
result<std::string_view> write_signed(prepared_request const& p, basic_credentials<Backend> const& creds,
                                      char* out, std::size_t cap, char* body = nullptr, std::size_t body_cap = 0,
                                      std::size_t* body_size = nullptr) noexcept
{
    std::size_t prefix = p.url_prefix_size();
    auto too_small = [&] {
        std::size_t need = prefix + 1 + (p.method() == http_method::get ? p.signed_query_size_needed() : 0);
        return error(errc::buffer_too_small, "output", static_cast<std::int64_t>(need));
    };
    if (cap < prefix + 1) return too_small();
    char* q = p.write_url_prefix(out);
    std::size_t len = prefix;
    if (p.method() == http_method::get) {
        auto n = p.write_signed_query(creds, q, cap - prefix - 1);
        if (!n) return n.error() == errc::buffer_too_small ? too_small() : n.error();
        len += *n;
    } else {
        auto n = p.write_signed_query(creds, body, body_cap);
        if (!n) {
            if (n.error() != errc::buffer_too_small) return n.error();
            return error(errc::buffer_too_small, "body", n.error().limit());
        }
        if (body_size) *body_size = *n;
    }
    out[len] = '\0';
    return std::string_view(out, len);
}

} // namespace rpc
} // namespace ecireq

#endif
