// ecireq-call, run in-process with a fake transport: what it sends for each
// form, how each way a call can end maps to its exit status and streams, how
// many attempts --retries allows, that bad input is refused with
// ecireq-sign's own messages before anything is sent, and that no
// credential reaches stdout or stderr.
#include "ecireq-call/call_cli.hpp"

#include "call_support.hpp"

#include <catch2/catch.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

constexpr char const* access_key_id = "call-test-id";
// Distinctive, so finding them anywhere in the output cannot be a coincidence.
constexpr char const* access_key_secret = "s3cr3t-Kp2-never-printed";
constexpr char const* security_token = "t0ken-Vx8-never-printed";

using environment = std::map<std::string, std::string>;

environment default_env()
{
    return {{"ALIBABA_CLOUD_ACCESS_KEY_ID", access_key_id}, {"ALIBABA_CLOUD_ACCESS_KEY_SECRET", access_key_secret}};
}

environment sts_env()
{
    auto env = default_env();
    env["ALIBABA_CLOUD_SECURITY_TOKEN"] = security_token;
    return env;
}

/// A transport that records each request and answers from a script, one entry per attempt.
struct fake_transport {
    fake_transport() = default;
    explicit fake_transport(std::vector<ecireq::transport_result> answers) : script(std::move(answers)) {}

    std::vector<ecireq::transport_result> script; ///< the last entry answers every further attempt
    /// When set, builds the answer from the request instead (an echo of what was signed).
    std::function<ecireq::transport_result(ecireq::http_request const&)> answer_to;
    std::vector<ecireq::http_request> sent;

    ecireq::transport_result operator()(ecireq::http_request const& request)
    {
        sent.push_back(request);
        if (answer_to) return answer_to(request);
        return script.at(std::min(sent.size(), script.size()) - 1);
    }
};

using test::answer;

ecireq::transport_result no_answer(std::string why) { return ecireq::transport_error{std::move(why)}; }

std::string error_body(std::string const& code, std::string const& message, std::string const& request_id = "R-1")
{
    return R"({"RequestId":")" + request_id + R"(","Code":")" + code + R"(","Message":)" +
           boost::json::serialize(boost::json::string(message)) + "}";
}

constexpr char const* describe_answer = R"({"RequestId":"R-ok","TotalCount":0,"ImageCaches":[]})";

struct outcome {
    int status;
    std::string out, err;
    std::vector<std::chrono::milliseconds> waits;
};

outcome run_call(std::vector<std::string> const& args, fake_transport& transport,
                 environment const& env = default_env())
{
    std::vector<char const*> argv{"ecireq-call"};
    for (auto const& a : args) argv.push_back(a.c_str());
    auto getenv = [&](char const* name) -> char const* {
        auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
    };
    std::ostringstream out, err;
    outcome o{};
    // Recorded, not slept: the tests check the waits without taking them.
    auto sleep = [&](std::chrono::milliseconds d) { o.waits.push_back(d); };
    o.status = ecireq::call_cli::run(static_cast<int>(argv.size()), argv.data(), getenv, out, err,
                                     std::ref(transport), sleep);
    o.out = out.str();
    o.err = err.str();
    return o;
}

/// ecireq-sign's run, for comparing messages.
outcome run_sign(std::vector<std::string> const& args, environment const& env = default_env())
{
    std::vector<char const*> argv{"ecireq-sign"};
    for (auto const& a : args) argv.push_back(a.c_str());
    auto getenv = [&](char const* name) -> char const* {
        auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
    };
    std::ostringstream out, err;
    int status = ecireq::cli::run(static_cast<int>(argv.size()), argv.data(), getenv, out, err);
    return {status, out.str(), err.str(), {}};
}

std::vector<std::string> plus(std::vector<std::string> base, std::initializer_list<std::string> extra)
{
    base.insert(base.end(), extra);
    return base;
}

/// A read-only action (retried after throttling without a ClientToken), sent to a local endpoint.
std::vector<std::string> describe_args()
{
    return {"DescribeImageCaches", "--RegionId", "cn-hangzhou", "--endpoint", "127.0.0.1:8080", "--scheme", "http"};
}

std::vector<std::string> create_args(std::string const& name = "c1")
{
    return {"CreateImageCache", "--RegionId", "cn-hangzhou", "--ImageCacheName", name, "--Image.1", "nginx",
            "--endpoint", "127.0.0.1:8080", "--scheme", "http"};
}

std::size_t count_lines(std::string const& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

/// One line on stderr that starts with `prefix`, nothing on stdout, exit `status`.
void require_one_line(outcome const& o, int status, std::string const& prefix)
{
    INFO("stderr: " << o.err);
    CHECK(o.status == status);
    CHECK(o.out.empty());
    CHECK(count_lines(o.err) == 1);
    CHECK(o.err.back() == '\n');
    CHECK(o.err.rfind(prefix, 0) == 0);
}

void require_no_credential(outcome const& o)
{
    for (std::string const& text : {o.out, o.err}) {
        CHECK(text.find(access_key_secret) == std::string::npos);
        CHECK(text.find(security_token) == std::string::npos);
    }
}

/// The value of query parameter `name` of `url`, decoded; empty when absent.
std::string query_value(std::string const& url, std::string const& name)
{
    auto u = boost::urls::parse_uri(url);
    REQUIRE(u);
    auto it = u->params().find(name);
    return it == u->params().end() ? std::string() : std::string((*it).value);
}

std::string header_value(ecireq::http_request const& r, std::string const& name)
{
    for (auto const& h : r.headers)
        if (h.name == name) return h.value;
    return {};
}

/// The nonce an attempt was signed with, V2 (query or form) or V3 (header).
std::string nonce_of(ecireq::http_request const& r)
{
    if (ecireq::is_v3(r)) return header_value(r, "x-acs-signature-nonce");
    if (r.method == ecireq::http_method::post) return query_value("http://x/?" + r.body, "SignatureNonce");
    return query_value(r.url, "SignatureNonce");
}

} // namespace

TEST_CASE("ecireq-call: a 2xx answer's body on stdout with one final newline, exit 0", "[cli][call]")
{
    fake_transport t{{answer(200, describe_answer)}};
    auto o = run_call(describe_args(), t);
    CHECK(o.status == ecireq::call_cli::exit_success);
    CHECK(o.out == std::string(describe_answer) + "\n");
    CHECK(o.err.empty());
    REQUIRE(t.sent.size() == 1);
    CHECK(t.sent[0].url.rfind("http://127.0.0.1:8080/?", 0) == 0);

    fake_transport ends_with_newline{{answer(200, std::string(describe_answer) + "\n")}};
    CHECK(run_call(describe_args(), ends_with_newline).out == std::string(describe_answer) + "\n");
}

TEST_CASE("ecireq-call sends the forms ecireq-sign signs, with the same defaults", "[cli][call]")
{
    struct form_case {
        std::vector<std::string> flags;
        ecireq::http_method method;
        bool v3;
    };
    for (auto const& c : {form_case{{}, ecireq::http_method::get, false},
                          form_case{{"--method", "POST"}, ecireq::http_method::post, false},
                          form_case{{"--signature", "v3"}, ecireq::http_method::post, true},
                          form_case{{"--signature", "v3", "--method", "GET"}, ecireq::http_method::get, true}}) {
        auto args = describe_args();
        args.insert(args.end(), c.flags.begin(), c.flags.end());
        INFO(args.size() << " arguments, v3: " << c.v3);
        fake_transport t{{answer(200, describe_answer)}};
        auto o = run_call(args, t);
        CHECK(o.status == 0);
        REQUIRE(t.sent.size() == 1);
        CHECK(t.sent[0].method == c.method);
        CHECK(ecireq::is_v3(t.sent[0]) == c.v3);
        // Where each form carries the action: V3 in a header, V2 in the form body or the URL.
        if (c.v3) CHECK(header_value(t.sent[0], "x-acs-action") == "DescribeImageCaches");
        else if (c.method == ecireq::http_method::post)
            CHECK(t.sent[0].body.find("Action=DescribeImageCaches") != std::string::npos);
        else CHECK(query_value(t.sent[0].url, "Action") == "DescribeImageCaches");
    }
}

TEST_CASE("ecireq-call: an API error is one line, Code: Message (RequestId: ...), exit 3", "[cli][call]")
{
    fake_transport t{{answer(403, error_body("QuotaExceeded", "eci quota exceeded.", "R-42"))}};
    auto o = run_call(describe_args(), t);
    CHECK(o.status == ecireq::call_cli::exit_api_error);
    CHECK(o.out.empty());
    CHECK(o.err == "ecireq-call: QuotaExceeded: eci quota exceeded. (RequestId: R-42)\n");

    // The server's text is not ours to pass to a terminal: a line break or an
    // escape sequence in it is shown escaped, and the line stays one line.
    fake_transport odd{{answer(400, error_body("InvalidParameter", "two\nlines \x1b[2J and a\\", "R-7"))}};
    auto escaped = run_call(describe_args(), odd);
    require_one_line(escaped, ecireq::call_cli::exit_api_error, "ecireq-call: InvalidParameter: ");
    CHECK(escaped.err == "ecireq-call: InvalidParameter: two\\x0Alines \\x1B[2J and a\\\\ (RequestId: R-7)\n");

    // A body that is not an error document still ends as one line.
    fake_transport html{{answer(502, "<html>Bad Gateway</html>")}};
    require_one_line(run_call(describe_args(), html), ecireq::call_cli::exit_api_error, "ecireq-call: HTTP 502: ");
}

TEST_CASE("ecireq-call: SignatureDoesNotMatch is diagnosed, the server's echo of the request is not shown",
          "[cli][call]")
{
    // The server's text is exactly ours: only the key can differ.
    for (auto signature : {"v2", "v3"}) {
        INFO(signature);
        fake_transport t;
        t.answer_to = [](ecireq::http_request const& sent) {
            auto ours = ecireq::signed_text(sent);
            REQUIRE(ours);
            std::string what = ecireq::is_v3(sent) ? "canonical request" : "string to sign";
            return answer(400, error_body("SignatureDoesNotMatch",
                                          "Specified signature is not matched. server " + what + " is:" + *ours));
        };
        auto o = run_call(plus(create_args("unique-name-7Qx"), {"--signature", signature}), t);
        require_one_line(o, ecireq::call_cli::exit_api_error,
                         "ecireq-call: SignatureDoesNotMatch: the AccessKey secret is wrong");
        CHECK(o.err.find("(RequestId: R-1)") != std::string::npos);
        CHECK(o.err.find("unique-name-7Qx") == std::string::npos);
    }
}

TEST_CASE("ecireq-call: no answer is one line naming the failure and the host, exit 4", "[cli][call]")
{
    fake_transport t{{no_answer("Connection refused")}};
    auto o = run_call(describe_args(), t);
    CHECK(o.status == ecireq::call_cli::exit_no_answer);
    CHECK(o.out.empty());
    CHECK(o.err == "ecireq-call: no answer from 127.0.0.1:8080 after 1 attempt: Connection refused\n");

    fake_transport silent{{no_answer("")}};
    require_one_line(run_call(describe_args(), silent), ecireq::call_cli::exit_no_answer,
                     "ecireq-call: no answer from 127.0.0.1:8080 after 1 attempt: the transport gave no reason");
}

TEST_CASE("ecireq-call --retries: as many attempts as allowed, each with a fresh nonce", "[cli][call]")
{
    auto throttled = answer(400, error_body("Throttling.User", "Request was denied due to user flow control."),
                            {{"x-acs-retry-after", "50"}});
    auto unavailable =
        answer(503, error_body("ServiceUnavailable", "The request has failed due to a temporary failure."));

    SECTION("by default a failure is final")
    {
        fake_transport t{{unavailable, answer(200, describe_answer)}};
        auto o = run_call(describe_args(), t);
        CHECK(o.status == ecireq::call_cli::exit_api_error);
        CHECK(t.sent.size() == 1);
    }
    SECTION("through a throttle and a 503 to the answer, V2 and V3")
    {
        for (auto signature : {"v2", "v3"}) {
            INFO(signature);
            fake_transport t{{throttled, unavailable, answer(200, describe_answer)}};
            auto o = run_call(plus(describe_args(), {"--retries", "3", "--signature", signature}), t);
            CHECK(o.status == 0);
            CHECK(o.out == std::string(describe_answer) + "\n");
            CHECK(o.err.empty());
            REQUIRE(t.sent.size() == 3);
            std::set<std::string> nonces;
            for (auto const& r : t.sent) nonces.insert(nonce_of(r));
            CHECK(nonces.size() == 3);
            CHECK(nonces.count("") == 0);
            // Two waits, the first at least as long as the server asked.
            REQUIRE(o.waits.size() == 2);
            CHECK(o.waits[0] >= std::chrono::milliseconds(50));
        }
    }
    SECTION("no more than allowed: 1 + N attempts, then the last failure")
    {
        fake_transport t{{no_answer("Connection reset by peer")}};
        auto o = run_call(plus(describe_args(), {"--retries", "2"}), t);
        CHECK(t.sent.size() == 3);
        CHECK(o.err == "ecireq-call: no answer from 127.0.0.1:8080 after 3 attempts: Connection reset by peer\n");
        CHECK(o.status == ecireq::call_cli::exit_no_answer);

        fake_transport limit{{unavailable}};
        CHECK(run_call(plus(describe_args(), {"--retries", "10"}), limit).status == ecireq::call_cli::exit_api_error);
        CHECK(limit.sent.size() == 11);
    }
    SECTION("an action that changes something is repeated with a ClientToken: the one given, else a generated one")
    {
        auto const created = answer(200, R"({"RequestId":"R","ImageCacheId":"imc-1"})");
        fake_transport with_token{{throttled, created}};
        auto o = run_call(plus(create_args(), {"--retries", "3", "--ClientToken", "token-1"}), with_token);
        CHECK(o.status == 0);
        REQUIRE(with_token.sent.size() == 2);
        for (auto const& r : with_token.sent) CHECK(query_value(r.url, "ClientToken") == "token-1");

        fake_transport generated{{throttled, created}};
        o = run_call(plus(create_args(), {"--retries", "3"}), generated);
        CHECK(o.status == 0);
        REQUIRE(generated.sent.size() == 2);
        std::string const token = query_value(generated.sent[0].url, "ClientToken");
        CHECK(token.size() == 36); // a UUID
        CHECK(query_value(generated.sent[1].url, "ClientToken") == token); // the same token: a harmless repeat
        CHECK(nonce_of(generated.sent[0]) != nonce_of(generated.sent[1]));

        // Without --retries nothing is added: the request is sent as given.
        fake_transport once{{created}};
        CHECK(run_call(create_args(), once).status == 0);
        REQUIRE(once.sent.size() == 1);
        CHECK(query_value(once.sent[0].url, "ClientToken").empty());
        // Nor to an action that only reads.
        fake_transport read{{answer(200, describe_answer)}};
        CHECK(run_call(plus(describe_args(), {"--retries", "2"}), read).status == 0);
        CHECK(query_value(read.sent[0].url, "ClientToken").empty());
    }
    SECTION("an error the catalogue says not to retry is final")
    {
        fake_transport t{{answer(400, error_body("InvalidParameter", "bad")), answer(200, describe_answer)}};
        CHECK(run_call(plus(describe_args(), {"--retries", "3"}), t).status == ecireq::call_cli::exit_api_error);
        CHECK(t.sent.size() == 1);
    }
}

TEST_CASE("ecireq-call refuses --output, --timestamp, --nonce and a bad --retries, sending nothing", "[cli][call]")
{
    struct refused {
        std::vector<std::string> flags;
        std::string prefix;
    };
    for (auto const& c : {refused{{"--nonce", "n-1"}, "ecireq-call: nonce: is not accepted by ecireq-call: "},
                          refused{{"--timestamp", "2024-05-06T07:08:09Z"}, "ecireq-call: timestamp: "},
                          refused{{"--output", "curl"}, "ecireq-call: output: "},
                          refused{{"--retries", "11"}, "ecireq-call: retries: must be an integer from 0 to 10"},
                          refused{{"--retries=-1"}, "ecireq-call: retries: must be an integer from 0 to 10"},
                          refused{{"--retries", "+1"}, "ecireq-call: retries: "},
                          refused{{"--retries", "two"}, "ecireq-call: retries: "},
                          refused{{"--retries="}, "ecireq-call: retries: "},
                          refused{{"--retries", "4294967297"}, "ecireq-call: retries: "},
                          refused{{"--retries"}, "ecireq-call: retries: has no value"}}) {
        auto args = plus(describe_args(), {});
        args.insert(args.end(), c.flags.begin(), c.flags.end());
        INFO(c.flags.front());
        fake_transport t{{answer(200, describe_answer)}};
        require_one_line(run_call(args, t), ecireq::call_cli::exit_bad_input, c.prefix);
        CHECK(t.sent.empty());
    }
    fake_transport t{{answer(200, describe_answer)}};
    auto nonce = run_call(plus(describe_args(), {"--nonce", "n-1"}), t);
    CHECK(nonce.err.find("every retry fail") != std::string::npos);
}

TEST_CASE("ecireq-call words bad input as ecireq-sign does, and sends nothing", "[cli][call]")
{
    std::vector<std::vector<std::string>> cases = {
        {},
        {"--RegionId", "cn-hangzhou"},
        {"NoSuchAction", "--RegionId", "cn-hangzhou"},
        {"DescribeImageCaches"},
        {"DescribeImageCaches", "--RegionId", "cn-hangzhou", "--Bogus", "x"},
        {"DescribeImageCaches", "--RegionId", "cn-hangzhou", "stray"},
        {"DescribeImageCaches", "--RegionId", "cn-hangzhou", "--MatchImage.0", "x"},
        {"DescribeImageCaches", "--RegionId", "Not_A_Region"},   // the library's own check
        {"DescribeImageCaches", "--RegionId", "cn-hangzhou", "--Limit", "many"},
        {"DescribeImageCaches", "--RegionId", "cn-hangzhou", "--signature", "v4"},
        {"DescribeImageCaches", "--RegionId", "cn-hangzhou", "--method", "PUT"},
        {"DescribeImageCaches", "--RegionId", "cn-hangzhou", "--scheme", "ftp"},
        {"DescribeImageCaches", "--RegionId", "cn-hangzhou", "--endpoint="},
        {"DescribeImageCaches", "--RegionId", "cn-hangzhou", "--signature", "v3", "--Format", "JSON"},
        {"CreateImageCache", "--RegionId", "cn-hangzhou", "--ImageCacheName", "c", "--Image.2", "nginx"},
    };
    for (auto const& args : cases) {
        std::string shown;
        for (auto const& a : args) shown += a + " ";
        INFO(shown);
        auto sign = run_sign(args);
        REQUIRE(sign.status == ecireq::cli::exit_bad_input);
        fake_transport t{{answer(200, describe_answer)}};
        auto o = run_call(args, t);
        require_one_line(o, ecireq::call_cli::exit_bad_input, "ecireq-call: ");
        // The same text after the program's name, but where it names itself.
        std::string expected = "ecireq-call: " + sign.err.substr(std::string("ecireq-sign: ").size());
        for (std::size_t at; (at = expected.find("ecireq-sign")) != std::string::npos;)
            expected.replace(at, 11, "ecireq-call");
        CHECK(o.err == expected);
        CHECK(t.sent.empty());
    }

    environment no_secret = default_env();
    no_secret.erase("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    fake_transport t{{answer(200, describe_answer)}};
    require_one_line(run_call(describe_args(), t, no_secret), ecireq::call_cli::exit_bad_input,
                     "ecireq-call: ALIBABA_CLOUD_ACCESS_KEY_SECRET: is not set in the environment");
    CHECK(t.sent.empty());
}

TEST_CASE("ecireq-call never prints the secret or the security token", "[cli][call]")
{
    // The token is sent with every request, so a server or a transport could
    // echo it; the secret is never sent, and must not appear either.
    std::string const token(security_token);
    std::vector<fake_transport> transports = {
        fake_transport{{answer(200, describe_answer)}},
        fake_transport{{answer(400, error_body("InvalidSecurityToken.Malformed", "bad token " + token))}},
        fake_transport{{no_answer("could not send " + token)}},
        fake_transport{{answer(503, error_body("ServiceUnavailable", "busy")), no_answer("reset")}},
    };
    for (auto signature : {"v2", "v3"}) {
        for (auto& t : transports) {
            INFO(signature);
            t.sent.clear();
            auto o = run_call(plus(describe_args(), {"--signature", signature, "--retries", "1"}), t, sts_env());
            require_no_credential(o);
            REQUIRE(!t.sent.empty());
            // ... though the token was indeed sent.
            auto const& r = t.sent.front();
            bool carried = ecireq::is_v3(r) ? header_value(r, "x-acs-security-token") == token
                                            : query_value(r.url, "SecurityToken") == token;
            CHECK(carried);
        }
    }
    fake_transport echo{{answer(400, error_body("InvalidSecurityToken.Malformed", "bad token " + token))}};
    CHECK(run_call(describe_args(), echo, sts_env()).err.find("bad token <redacted>") != std::string::npos);
}

TEST_CASE("ecireq-call --help: its usage, the options it takes and those it does not", "[cli][call]")
{
    fake_transport t{{answer(200, describe_answer)}};
    for (auto args : {std::vector<std::string>{"--help"}, std::vector<std::string>{"-h"},
                      plus(describe_args(), {"--help"})}) {
        auto o = run_call(args, t);
        CHECK(o.status == 0);
        CHECK(o.err.empty());
        CHECK(o.out == ecireq::call_cli::usage());
    }
    auto help = ecireq::call_cli::usage();
    for (auto text : {"usage: ecireq-call <Action>", "--retries N", "--signature v2|v3", "--method GET|POST",
                      "--endpoint HOST[:PORT]", "--scheme https|http",
                      "Not accepted: --output, --timestamp and --nonce", "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                      "CreateImageCache", "DeleteImageCache"})
        CHECK(help.find(text) != std::string::npos);
    std::istringstream lines(help);
    for (std::string line; std::getline(lines, line);) {
        INFO(line);
        CHECK(line.size() <= 79);
    }

    auto action = run_call({"UpdateImageCache", "--help"}, t);
    CHECK(action.status == 0);
    CHECK(action.out.rfind("usage: ecireq-call UpdateImageCache --Name VALUE", 0) == 0);
    CHECK(action.out.find("ecireq-sign") == std::string::npos);
    CHECK(t.sent.empty());
}

TEST_CASE("ecireq-call: an answer that cannot be written exits 1", "[cli][call]")
{
    fake_transport t{{answer(200, describe_answer)}};
    std::vector<char const*> argv{"ecireq-call", "DescribeImageCaches", "--RegionId", "cn-hangzhou"};
    auto env = default_env();
    auto getenv = [&](char const* name) -> char const* {
        auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
    };
    std::ostringstream out, err;
    out.setstate(std::ios::badbit);
    int status = ecireq::call_cli::run(static_cast<int>(argv.size()), argv.data(), getenv, out, err, std::ref(t));
    CHECK(status == ecireq::call_cli::exit_output_failed);
    CHECK(err.str() == "ecireq-call: cannot write the answer\n");
}
