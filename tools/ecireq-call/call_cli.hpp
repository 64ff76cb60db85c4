// ecireq-call: sends one ECI request and prints the answer. It reads the
// same command line as ecireq-sign (the action, its parameters, --signature,
// --method, --endpoint, --scheme and the credential variables), through
// ecireq-sign's own stages 1 to 3 (cli::with_request), so both tools accept,
// refuse and word their messages alike. Where ecireq-sign formats the signed
// request, this tool hands it to ecireq::call, which signs every attempt
// afresh and retries as <ecireq/call/retry.hpp> explains.
//
// Its own flag is --retries N. It refuses --output (there is nothing to
// format), --timestamp and --nonce: a fixed nonce would make every retry fail
// with SignatureNonceUsed, and a fixed time would expire. With --retries, an
// action that changes something and was given no --ClientToken gets one (a
// random UUID): the library repeats only what is safe to repeat, and the
// token is what makes a repeated Create, Update or Delete harmless.
//
// Outcomes, each with its exit status:
//   0  a 2xx answer: its body on stdout, with a final newline added if it
//      has none, nothing on stderr;
//   2  bad input: ecireq-sign's one-line message, nothing sent;
//   3  the service answered with an error: one line on stderr,
//      "ecireq-call: Code: Message (RequestId: ...)" (ecireq::explain: for
//      SignatureDoesNotMatch a diagnosis instead of the server's Message,
//      which quotes every value of the request);
//   4  no answer after the last attempt: one line naming the failure;
//   1  stdout could not be written.
// stdout gets nothing but a successful answer, so it can be piped to a JSON
// reader as it is.
//
// The transport is a parameter of run(): main.cpp passes libcurl's, the tests
// a fake, so everything above the socket is tested in-process.
#ifndef ECIREQ_CALL_CLI_HPP
#define ECIREQ_CALL_CLI_HPP

#include "ecireq-sign/cli.hpp"

#include <ecireq/call.hpp>

#include <boost/url/parse.hpp>

#include <charconv>
#include <chrono>
#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

namespace ecireq { namespace call_cli {

constexpr int exit_success = 0;
constexpr int exit_output_failed = 1; // the answer came, but stdout could not be written
constexpr int exit_bad_input = 2;     // nothing was sent
constexpr int exit_api_error = 3;     // the service answered with an error
constexpr int exit_no_answer = 4;     // no answer, after every attempt

constexpr std::string_view program = "ecireq-call";

/// The most --retries accepts: with the library's default backoff the waits
/// alone could then reach about a minute, longer than anyone waits for a CLI.
constexpr unsigned max_retries = 10;

/// Sends one request: libcurl in main.cpp, a fake in the tests.
using transport_fn = std::function<transport_result(http_request const&)>;

/// Waits between attempts; empty: really sleep (the tests pass a recorder).
using sleep_fn = std::function<void(std::chrono::milliseconds)>;

/// The flags only this tool has; lowercase like ecireq-sign's, and checked
/// the same way never to be an API parameter's name.
constexpr std::string_view own_option_names[] = {"retries"};
static_assert(!cli::any_parameter_named(cli::supported_actions{}, own_option_names),
              "ecireq-call: an API parameter has the name of one of the tool's own flags");

/// An option of ecireq-sign this tool refuses, and why (the message's text after "name: ").
struct refused_option {
    std::string_view name;
    std::string_view why;
};

constexpr refused_option refused_options[] = {
    {"output", "is not accepted by ecireq-call, which prints the answer: ecireq-sign prints the request"},
    {"timestamp", "is not accepted by ecireq-call: each attempt is signed as of the moment it is sent"},
    {"nonce", "is not accepted by ecireq-call: a fixed nonce would make every retry fail (SignatureNonceUsed); "
              "each attempt gets a fresh one"},
};

/** Stage 1's map -> the retry count, removing --retries; refuses the
    options in refused_options. Runs before ecireq-sign's stage 2, which
    would take --retries for an unknown API parameter. */
inline cli::checked<void> take_call_flags(cli::flag_map& flags, unsigned& retries)
{
    for (auto const& refused : refused_options)
        if (flags.find(refused.name) != flags.end()) return cli::problem(refused.name, refused.why);
    retries = 0;
    if (auto text = cli::take(flags, "retries")) {
        // Digits only: from_chars would accept neither "+1" nor " 1" either,
        // but it would read "-0"; a count has no sign.
        unsigned value = 0;
        auto const end = text->data() + text->size();
        auto const r = std::from_chars(text->data(), end, value);
        bool const digits_only = !text->empty() && text->front() != '-';
        if (!digits_only || r.ec != std::errc() || r.ptr != end || value > max_retries)
            return cli::problem("retries", "must be an integer from 0 to " + std::to_string(max_retries));
        retries = value;
    }
    return {};
}

/// The library's wire form for ecireq-sign's settings (same defaults: V2 GET, V3 POST).
inline wire_form form_of(cli::sign_settings const& s) noexcept
{
    bool const get = s.method_or_default() == http_method::get;
    if (s.signature == cli::signature_version::v3) return get ? wire_form::v3_get : wire_form::v3_post;
    return get ? wire_form::v2_get : wire_form::v2_post;
}

/** `text` made safe for one line of a terminal, as ecireq-sign shows names
    but not cut short. Server messages and transport errors are not ours: a
    line break in one would break the one-line promise, a control byte
    could drive the terminal. */
inline std::string one_line(std::string_view text) { return cli::escape_for_terminal(text); }

/** `text` with every occurrence of `secret` replaced by <redacted>. The
    security token travels in every request (the AccessKey secret never
    does: only signatures made with it), so a server or a transport could
    echo it back in a message; this keeps it off stderr whatever they say. */
inline std::string redact(std::string text, std::string_view secret)
{
    if (secret.empty()) return text;
    constexpr std::string_view mark = "<redacted>";
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + mark.size()))
        text.replace(at, secret.size(), mark);
    return text;
}

/// How a call ended, as the process reports it.
struct call_report {
    int exit_status = exit_success;
    std::string out; ///< for stdout: the answer's body
    std::string err; ///< for stderr: one line, without the program's name
};

/// "1 attempt", "3 attempts".
inline std::string attempts_text(unsigned attempts)
{
    return std::to_string(attempts) + (attempts == 1 ? " attempt" : " attempts");
}

/** The report of a finished call. `security_token` is only redacted from
    the text; `outcome.request` is the last attempt as sent, which explain()
    compares with a SignatureDoesNotMatch answer's text. */
inline call_report report_of(call_outcome const& outcome, std::string_view security_token)
{
    call_report report;
    if (outcome.succeeded()) {
        report.out = outcome.response->body;
        if (!report.out.empty() && report.out.back() != '\n') report.out += '\n';
        return report;
    }
    if (outcome.response) {
        api_error const e = parse_error(outcome.response->status, outcome.response->body);
        report.exit_status = exit_api_error;
        report.err = one_line(redact(explain(e, outcome.request), security_token));
        return report;
    }
    // Host and port only: the rest of the URL carries the signature and,
    // with V2, every parameter and the security token.
    std::string where;
    if (auto url = boost::urls::parse_uri(outcome.request.url))
        where = " from " + std::string(url->encoded_host_and_port());
    std::string const why = outcome.response.error().message.empty() ? "the transport gave no reason"
                                                                      : outcome.response.error().message;
    report.exit_status = exit_no_answer;
    report.err = one_line(redact("no answer" + where + " after " + attempts_text(outcome.attempts) + ": " + why,
                                 security_token));
    return report;
}

/// Whether Request has a ClientToken setter (copying the request), i.e. its action declares ClientToken.
template <class Request, class = void>
struct takes_client_token : std::false_type {};
template <class Request>
struct takes_client_token<Request, std::void_t<decltype(std::declval<std::decay_t<Request> const&>().client_token(
                                       std::string_view()))>> : std::true_type {};

/** Stages 1 to 3 (ecireq-sign's), then the call: the report, or the
    problem that stopped the run before anything was sent (exit status 2).
    A value the library refuses stops ecireq::call before its first attempt,
    with the message ecireq-sign would print. */
inline cli::checked<call_report> execute(std::vector<std::string_view> const& args, cli::env_fn const& getenv,
                                         transport_fn const& transport, sleep_fn const& sleep)
{
    unsigned retries = 0;
    cli::own_flags_fn take_own = [&](cli::flag_map& flags) { return take_call_flags(flags, retries); };
    auto send = [&](auto const& request, cli::sign_settings const& s,
                    credentials const& creds) -> cli::checked<call_report> {
        call_options opts;
        opts.form = form_of(s);
        opts.signing.scheme = s.scheme;
        opts.signing.endpoint = s.endpoint;
        opts.retry.max_retries = retries;
        opts.sleep = sleep;
        auto call_with = [&](auto const& r) -> cli::checked<call_report> {
            auto outcome = ecireq::call(r, creds, transport, opts);
            if (!outcome) return cli::problem(outcome.error());
            return report_of(*outcome, creds.security_token());
        };
        if constexpr (takes_client_token<decltype(request)>::value) {
            if (retries > 0 && !is_safe_to_repeat(request)) {
                std::string const token = new_client_token();
                if (token.empty()) return cli::problem("ClientToken", errc::crypto_failure);
                return call_with(request.client_token(token));
            }
        }
        return call_with(request);
    };
    return cli::with_request<call_report>(program, args, getenv, take_own, send);
}

/// `ecireq-call --help`.
inline std::string usage()
{
    std::string text = R"usage(usage: ecireq-call <Action> --Name VALUE ... [options]
       ecireq-call <Action> --help   the parameters of <Action>
       ecireq-call --help            this text

)usage";
    text += "Sends an Alibaba Cloud ECI request (API version " + std::string(cli::product::version) + ") and\n";
    text += R"usage(prints the answer's body (JSON) on stdout. The request is signed as ecireq-sign
signs it, with V2 (HMAC-SHA1, the default) or V3 (ACS3-HMAC-SHA256:
--signature v3), afresh for every attempt: a new nonce and timestamp each time.

Actions, each with the parameters it requires:
)usage";
    text += cli::required_parameters_text();
    text += cli::parameter_syntax_text(program);
    text += R"usage(
Options:
  --signature v2|v3       v2: HMAC-SHA1, every parameter signed in the URL
                          (default); v3: ACS3-HMAC-SHA256, signed headers
  --method GET|POST       (default: GET with v2, POST with v3)
)usage";
    text += "  --endpoint HOST[:PORT]  where to send it\n                          (default: " +
            cli::default_host_text() + ")\n";
    text += R"usage(  --scheme https|http     (default: https)
  --retries N             send again up to N times (0 to 10, default 0) after
                          throttling, a 5xx answer or no answer, waiting a
                          random, growing time or as long as the service
                          asks; a used nonce or an expired timestamp at
                          once. An action that changes something is repeated
                          only with a ClientToken, which makes a repeat
                          harmless: without --ClientToken, one is generated
                          (a random UUID) when N > 0.
  --help                  print this text and exit
Not accepted: --output, --timestamp and --nonce (ecireq-sign prints signed
requests; a fixed nonce would make every retry fail).

)usage";
    text += cli::environment_text();
    text += R"usage(
Exit status:
  0  answered: the body on stdout
  2  bad input: one line on stderr, nothing sent
  3  the service answered with an error: one line on stderr,
     "ecireq-call: Code: Message (RequestId: ...)"
  4  no answer after the last attempt: one line on stderr
  1  the answer could not be written to stdout
Neither the AccessKey secret nor the security token is ever printed.
)usage";
    return text;
}

/** The whole tool, as the header comment describes it; `sleep` is for the
    tests (empty: really wait between attempts). */
inline int run(int argc, char const* const* argv, cli::env_fn const& getenv, std::ostream& out, std::ostream& err,
               transport_fn const& transport, sleep_fn const& sleep = {})
{
    std::vector<std::string_view> args;
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);

    cli::checked<call_report> report = [&]() -> cli::checked<call_report> {
        if (auto help = cli::requested_help(args, program, usage)) return call_report{exit_success, *help, {}};
        return execute(args, getenv, transport, sleep);
    }();
    if (!report) {
        err << program << ": " << report.error().text() << '\n';
        return exit_bad_input;
    }
    if (!report->err.empty()) err << program << ": " << report->err << '\n';
    if (!report->out.empty()) {
        out << report->out << std::flush;
        if (!out) {
            err << program << ": cannot write the answer\n";
            return exit_output_failed;
        }
    }
    return report->exit_status;
}

}} // namespace ecireq::call_cli

#endif
