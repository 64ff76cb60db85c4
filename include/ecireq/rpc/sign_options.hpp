// ecireq: how a request is signed: method, endpoint, and the sources of the
// time and the nonce. Shared by every signature scheme.
#ifndef ECIREQ_RPC_SIGN_OPTIONS_HPP
#define ECIREQ_RPC_SIGN_OPTIONS_HPP

#include <ecireq/rpc/function_ref.hpp>
#include <ecireq/rpc/timestamp.hpp>

#include <cstddef>
#include <string_view>

namespace ecireq {

namespace rpc {

enum class http_method { get, post };

constexpr std::string_view method_name(http_method m) noexcept
{
    return m == http_method::post ? "POST" : "GET";
}

} // namespace rpc

using rpc::http_method;

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
    /// host[:port] to send to; empty means the product's host for the region
    /// (for ECI eci.<RegionId>.aliyuncs.com; the VPC endpoint is
    /// "eci-vpc.<RegionId>.aliyuncs.com").
    std::string_view endpoint = {};
    clock_source clock = {};
    nonce_source nonce = {};
};

} // namespace ecireq

#endif
