// ecireq: sending a request with retries, through the caller's transport.
//
//   ecireq::call_options opts;
//   opts.form = ecireq::wire_form::v3_post;
//   opts.retry.max_retries = 3;
//   auto outcome = ecireq::call(request, creds, my_transport, opts);
//
// Every attempt is signed afresh (a new SignatureNonce and Timestamp): the
// gateway refuses a nonce it has seen (SignatureNonceUsed), so resending the
// same signed bytes can never succeed. Between attempts the loop waits
// ("full jitter": a random time up to base_delay * 2^attempt, at most
// max_delay), or as long as the server's x-acs-retry-after header asks.
//
// What is retried: throttling (Throttling, Throttling.*), a 5xx status, no
// answer at all, and the stale signatures (SignatureNonceUsed,
// InvalidTimeStamp.Expired, retried at once: the next signature is fresh);
// nothing else, as the catalogue says (error_catalogue.hpp). And only a
// request that is safe to repeat: a read-only action (DescribeImageCaches),
// or one that carries a ClientToken, which makes the server answer a repeat
// as it answered the first (new_client_token() makes one). Any of these
// answers can follow a request that took effect: a 5xx after the action
// ran, a lost answer, and even SignatureNonceUsed, which is what the
// gateway says when a transport replays a request it already executed
// (libcurl resends on a dropped keep-alive connection by itself).
#ifndef ECIREQ_CALL_RETRY_HPP
#define ECIREQ_CALL_RETRY_HPP

#include <ecireq/call/http_message.hpp>
#include <ecireq/call/prepare.hpp>
#include <ecireq/crypto/backend.hpp>
#include <ecireq/error.hpp>
#include <ecireq/response/error_catalogue.hpp>
#include <ecireq/response/parse.hpp>
#include <ecireq/rpc/nonce.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>

namespace ecireq {

/// How often and how patiently to retry.
struct retry_policy {
    unsigned max_retries = 0;                        ///< attempts = 1 + max_retries
    std::chrono::milliseconds base_delay{200};       ///< the first wait is up to this long
    std::chrono::milliseconds max_delay{20000};      ///< no wait is longer (x-acs-retry-after included)
};

/// How call() signs, waits and draws its jitter.
struct call_options {
    wire_form form = wire_form::v2_get;
    /// Endpoint and scheme. Leave clock and nonce unset: a fixed nonce
    /// makes every retry fail with SignatureNonceUsed.
    sign_options signing;
    retry_policy retry;
    /// Waits; empty: std::this_thread::sleep_for. Tests pass a recorder.
    std::function<void(std::chrono::milliseconds)> sleep;
    /// Random numbers for the jitter; empty: std::mt19937_64 seeded from std::random_device.
    std::function<std::uint64_t()> random;
};

/// How a call ended: the last attempt as sent, and its answer or why none came.
struct call_outcome {
    http_request request;
    transport_result response = transport_error{};
    unsigned attempts = 0;

    /// A 2xx answer.
    bool succeeded() const noexcept { return response && response->status >= 200 && response->status <= 299; }
};

namespace detail {
template <class Spec, class = void>
struct is_read_only : std::false_type {};
template <class Spec>
struct is_read_only<Spec, std::void_t<decltype(Spec::read_only)>> : std::bool_constant<Spec::read_only> {};
} // namespace detail

/** True when sending `request` twice cannot do twice what it does: its
    action only reads (the Spec says read_only), or its ClientToken is set. */
template <class Request>
bool is_safe_to_repeat(Request const& request) noexcept
{
    using spec = typename std::decay_t<Request>::spec_type;
    return detail::is_read_only<spec>::value || !request.data().idempotency_token().empty();
}

/** A fresh ClientToken: a random UUID (36 characters, within the API's 64
    ASCII) from the crypto backend's CSPRNG. Empty if the generator failed. */
template <class Backend = crypto::default_backend>
std::string new_client_token()
{
    char uuid[rpc::uuid_size];
    if (!rpc::make_uuid_v4<Backend>(uuid)) return {};
    return std::string(uuid, sizeof uuid);
}

/** What to do after an answer or its absence: the retry class, given
    whether the request is safe to repeat. `response` is a non-2xx answer. */
inline retry_class retry_decision(transport_result const& response, bool safe_to_repeat)
{
    if (!safe_to_repeat) return retry_class::do_not_retry;
    if (!response) return retry_class::retry_with_backoff;
    return parse_error(response->status, response->body).retry();
}

/** The wait before retry number `retry` (0 for the first): full jitter over
    base_delay * 2^retry capped at max_delay, or the server's
    x-acs-retry-after (milliseconds) when that is longer, capped too. */
inline std::chrono::milliseconds backoff_delay(retry_policy const& p, unsigned retry, std::uint64_t random,
                                               std::string_view retry_after)
{
    using ms = std::chrono::milliseconds;
    std::int64_t const cap = std::max<std::int64_t>(0, p.max_delay.count());
    std::int64_t ceiling = std::max<std::int64_t>(0, p.base_delay.count());
    for (unsigned i = 0; i < retry && ceiling < cap; ++i) ceiling *= 2;
    ceiling = std::min(ceiling, cap);
    std::int64_t wait = static_cast<std::int64_t>(random % (static_cast<std::uint64_t>(ceiling) + 1));
    std::int64_t asked = 0;
    auto r = std::from_chars(retry_after.data(), retry_after.data() + retry_after.size(), asked);
    if (r.ec == std::errc() && r.ptr == retry_after.data() + retry_after.size() && asked > wait)
        wait = std::min(asked, cap);
    return ms(wait);
}

/** Sends `request` through `send` (a callable http_request const& ->
    transport_result), signing each attempt with `creds` as `opts.form`
    says, and retrying as this header's comment explains. An error only when
    signing fails (an invalid value: sign() would give the same); otherwise
    the outcome of the last attempt, success or not. */
template <class Request, class Credentials, class Send>
result<call_outcome> call(Request const& request, Credentials const& creds, Send&& send,
                          call_options const& opts = {})
{
    std::mt19937_64 own_random;
    if (!opts.random) own_random.seed((std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}());
    auto draw = [&]() -> std::uint64_t { return opts.random ? opts.random() : own_random(); };
    auto wait = [&](std::chrono::milliseconds d) {
        if (opts.sleep) opts.sleep(d);
        else std::this_thread::sleep_for(d);
    };
    bool const safe = is_safe_to_repeat(request);

    call_outcome outcome;
    for (unsigned retry = 0;; ++retry) {
        auto prepared = prepare_http(request, creds, opts.form, opts.signing);
        if (!prepared) return prepared.error();
        outcome.request = std::move(*prepared);
        outcome.response = send(static_cast<http_request const&>(outcome.request));
        outcome.attempts = retry + 1;
        if (outcome.succeeded() || retry >= opts.retry.max_retries) return outcome;
        retry_class const next = retry_decision(outcome.response, safe);
        if (next == retry_class::do_not_retry) return outcome;
        std::string_view asked = outcome.response ? outcome.response->header("x-acs-retry-after") : std::string_view();
        // A stale signature needs no pause: the next attempt's is fresh.
        if (next == retry_class::retry_with_backoff) wait(backoff_delay(opts.retry, retry, draw(), asked));
    }
}

} // namespace ecireq

#endif
