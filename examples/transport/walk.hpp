// An image cache's whole life through any transport: create it, wait until
// it is Ready, update it, wait again, delete it. Each step goes through
// ecireq::call (fresh signature per attempt, retries) and its answer through
// ecireq::parse_answer; a failure is logged as ecireq::explain words it.
//
// A transport is anything callable as
//   ecireq::transport_result (ecireq::http_request const&)
// (curl_transport.hpp, beast_transport.hpp).
#ifndef ECIREQ_EXAMPLES_WALK_HPP
#define ECIREQ_EXAMPLES_WALK_HPP

#include <ecireq/call.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>

namespace transport_example {

namespace walk_detail {

inline constexpr std::string_view region = "cn-hangzhou";
inline constexpr std::string_view security_group = "sg-bp1walkexample0001";
inline constexpr std::string_view vswitch = "vsw-bp1walkexample0001";
inline constexpr int max_polls = 20;
inline constexpr std::chrono::milliseconds poll_interval{50};

/// What every step shares.
template <class Transport>
struct session {
    Transport& transport;
    ecireq::credentials const& creds;
    ecireq::call_options const& options;
    std::ostream& log;
};

/** Sends `request` and reads its answer as `Answer`. Logs one line: the
    action, HTTP status, RequestId, attempts and what `note(answer)` adds;
    or, on failure, why (and returns nothing). */
template <class Answer, class Transport, class Request, class Note>
std::optional<Answer> send(session<Transport>& s, Request const& request, Note note)
{
    std::string_view const action = std::decay_t<Request>::spec_type::action;
    auto const outcome = ecireq::call(request, s.creds, s.transport, s.options);
    if (!outcome) { // only a value the builder let through but signing refused
        s.log << action << ": cannot sign: " << outcome.error().message() << '\n';
        return std::nullopt;
    }
    if (!outcome->response) {
        s.log << action << ": no answer after " << outcome->attempts
              << " attempt(s): " << outcome->response.error().message << '\n';
        return std::nullopt;
    }
    auto const& response = *outcome->response;
    auto answer = ecireq::parse_answer<Answer>(response.status, response.body);
    if (!answer) {
        // explain, not the raw Message: a SignatureDoesNotMatch Message
        // quotes every parameter the server saw.
        s.log << action << ": HTTP " << response.status << ": " << ecireq::explain(answer.error(), outcome->request)
              << '\n';
        return std::nullopt;
    }
    s.log << action << ": HTTP " << response.status << ", RequestId " << answer->request_id << ", attempts "
          << outcome->attempts << note(*answer) << '\n';
    return std::move(*answer);
}

/// Describes the cache `id` until its Status is Ready; false (logged) if it fails or takes too long.
template <class Transport>
bool wait_until_ready(session<Transport>& s, std::string const& id)
{
    auto const request = ecireq::describe_image_caches().region_id(region).image_cache_id(id);
    for (int poll = 0; poll < max_polls; ++poll) {
        auto const listed = send<ecireq::describe_image_caches_response>(s, request, [](auto const& a) {
            return a.image_caches.empty() ? std::string(", not listed") : ", Status " + a.image_caches.front().status;
        });
        if (!listed) return false;
        if (listed->image_caches.empty()) return false;
        std::string const& status = listed->image_caches.front().status;
        if (status == "Ready") return true;
        if (status.find("Failed") != std::string::npos) return false; // Failed, UpdateFailed: waiting will not help
        std::this_thread::sleep_for(poll_interval);
    }
    s.log << id << ": not Ready after " << max_polls << " DescribeImageCaches\n";
    return false;
}

} // namespace walk_detail

/** Walks an image cache through its life on `endpoint` (host:port, plain
    http) in wire form `form`. Returns 0 when every step succeeded, else 1
    after logging the step that failed. */
template <class Transport>
int walk(Transport& transport, ecireq::credentials const& creds, ecireq::wire_form form,
         std::string const& endpoint, std::ostream& log)
{
    using namespace walk_detail;
    ecireq::call_options options;
    options.form = form;
    options.signing.scheme = "http";
    options.signing.endpoint = endpoint; // a view: `endpoint` outlives every call below
    options.retry.max_retries = 3;
    session<Transport> s{transport, creds, options, log};

    // A ClientToken on each change makes it safe to repeat, so call() may
    // retry it after a throttle, a 5xx or a lost connection: the server
    // answers a repeated token as it answered the first request.
    auto const created = send<ecireq::create_image_cache_response>(
        s,
        ecireq::create_image_cache()
            .region_id(region)
            .image_cache_name("walk-example")
            .image("nginx:1.25")
            .security_group_id(security_group)
            .vswitch_id(vswitch)
            .client_token(ecireq::new_client_token()),
        [](auto const& a) { return ", ImageCacheId " + a.image_cache_id; });
    if (!created || !wait_until_ready(s, created->image_cache_id)) return 1;

    std::string const& id = created->image_cache_id;
    auto const updated = send<ecireq::update_image_cache_response>(
        s,
        ecireq::update_image_cache()
            .region_id(region)
            .image_cache_id(id)
            .security_group_id(security_group)
            .vswitch_id(vswitch)
            .image_cache_name("walk-example")
            .image("nginx:1.27")
            .client_token(ecireq::new_client_token()),
        [](auto const&) { return std::string(); });
    if (!updated || !wait_until_ready(s, id)) return 1;

    auto const deleted = send<ecireq::delete_image_cache_response>(
        s, ecireq::delete_image_cache().region_id(region).image_cache_id(id).client_token(ecireq::new_client_token()),
        [](auto const&) { return std::string(); });
    return deleted ? 0 : 1;
}

/** The command line both walk programs share:
      PROGRAM HOST:PORT v2-get|v2-post|v3|v3-get
    with the key in ALIBABA_CLOUD_ACCESS_KEY_ID and _SECRET (and an STS
    token, if any, in ALIBABA_CLOUD_SECURITY_TOKEN). Returns 2 on bad usage,
    else walk's result. */
template <class Transport>
int walk_main(Transport& transport, int argc, char** argv)
{
    std::string_view const program = argc > 0 ? argv[0] : "walk";
    std::optional<ecireq::wire_form> form;
    if (argc == 3) {
        std::string_view const name = argv[2];
        if (name == "v2-get") form = ecireq::wire_form::v2_get;
        else if (name == "v2-post") form = ecireq::wire_form::v2_post;
        else if (name == "v3" || name == "v3-post") form = ecireq::wire_form::v3_post;
        else if (name == "v3-get") form = ecireq::wire_form::v3_get;
    }
    if (!form) {
        std::cerr << "usage: " << program << " HOST:PORT v2-get|v2-post|v3|v3-get\n"
                  << "  the key in ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET\n"
                  << "  (and ALIBABA_CLOUD_SECURITY_TOKEN with an STS key)\n";
        return 2;
    }
    auto const env = [](char const* name) {
        char const* value = std::getenv(name);
        return std::string_view(value ? value : "");
    };
    ecireq::credentials const creds(env("ALIBABA_CLOUD_ACCESS_KEY_ID"), env("ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
                                    env("ALIBABA_CLOUD_SECURITY_TOKEN"));
    if (auto const usable = creds.check(); !usable) { // a missing variable, a pasted newline
        std::cerr << program << ": " << usable.error().message() << '\n';
        return 2;
    }
    return walk(transport, creds, *form, argv[1], std::cout);
}

} // namespace transport_example

#endif
