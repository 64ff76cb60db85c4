// Every error Code the stand-in knows (the seed's table and the gateway's
// codes, tests/standin/errors.json), produced by the stand-in, sent back
// through libcurl and read by the library: the Code, the HTTP status and the
// retry class must be the catalogue's (include/ecireq/response/error_catalogue.hpp).
// Then the retry loop against the real server: a retried request carries a
// new nonce on every attempt, as the stand-in's own request log shows.
//
//   catalogue_roundtrip http://127.0.0.1:PORT     (tests/standin/run_all.sh starts the server)
//
// Prints one line per failure and "catalogue_roundtrip: N passed, M failed".
#include <ecireq/call.hpp>

#include "transport/curl_transport.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdlib>
#include <iostream>
#include <set>
#include <string>

namespace {

using transport_example::curl_transport;

int passed = 0;
int failed = 0;

void expect(bool ok, std::string const& what)
{
    if (ok) {
        ++passed;
    } else {
        ++failed;
        std::cout << "FAILED: " << what << '\n';
    }
}

/// A control request to the stand-in (no signature): method, path, JSON body.
ecireq::transport_result control(curl_transport& t, std::string const& base, ecireq::http_method m,
                                 std::string const& path, std::string const& body = {})
{
    ecireq::http_request r;
    r.method = m;
    r.url = base + path;
    r.body = body;
    if (!body.empty()) r.headers.push_back({"content-type", "application/json"});
    return t(r);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::cerr << "usage: catalogue_roundtrip http://127.0.0.1:PORT\n";
        return 2;
    }
    std::string const base = argv[1];
    std::string const endpoint = base.substr(base.find("://") + 3);
    curl_transport transport;
    ecireq::credentials const creds("LTAIstandinKeyId", "standin-secret-not-a-real-one");

    ecireq::call_options opts;
    opts.form = ecireq::wire_form::v2_get;
    opts.signing.scheme = "http";
    opts.signing.endpoint = endpoint;
    auto const describe = ecireq::describe_image_caches().region_id("cn-hangzhou");

    auto table = control(transport, base, ecireq::http_method::get, "/_standin/errors");
    if (!table || table->status != 200) {
        std::cerr << "catalogue_roundtrip: cannot read /_standin/errors\n";
        return 1;
    }
    boost::system::error_code ec;
    auto rows = boost::json::parse(table->body, ec);
    if (ec || !rows.is_array()) {
        std::cerr << "catalogue_roundtrip: /_standin/errors is not a JSON array\n";
        return 1;
    }

    std::size_t api_rows = 0;
    for (auto const& row : rows.as_array()) {
        std::string const code(row.at("code").as_string());
        int const status = static_cast<int>(row.at("status").to_number<std::int64_t>());
        std::string const source(row.at("source").as_string());
        if (source == "seed") ++api_rows;
        auto const* known = ecireq::find_known_error(code);
        // The stand-in's own rows (a not-found code the API reference does
        // not list) are deliberately unknown: they must read as "do not retry".
        if (source == "standin") {
            expect(known == nullptr && ecireq::classify_error(status, code) == ecireq::retry_class::do_not_retry,
                   code + ": unknown to the catalogue, not retried");
        } else {
            expect(known != nullptr, code + ": in the catalogue");
            if (!known) continue;
            expect(known->http_status == status, code + ": the catalogue's HTTP status is the stand-in's");
        }

        boost::json::object fault{{"error", code}, {"count", 1}};
        auto queued = control(transport, base, ecireq::http_method::post, "/_standin/faults", boost::json::serialize(fault));
        expect(queued && queued->status == 200, code + ": fault queued");
        auto outcome = ecireq::call(describe, creds, std::ref(transport), opts);
        expect(outcome && outcome->response, code + ": an answer");
        if (!outcome || !outcome->response) continue;
        auto answer = ecireq::parse_answer<ecireq::describe_image_caches_response>(outcome->response->status,
                                                                                    outcome->response->body);
        expect(!answer, code + ": an error, not a success");
        if (answer) continue;
        auto const& e = answer.error();
        expect(e.readable() && e.code == code, code + ": parsed back with its Code");
        expect(e.http_status == status, code + ": with its HTTP status");
        expect(!e.request_id.empty() && !e.message.empty(), code + ": with a RequestId and a Message");
        if (known)
            expect(e.known() == known && e.retry() == known->retry,
                   code + ": classified " + std::string(ecireq::to_string(known->retry)));
    }
    expect(api_rows == 26, "the stand-in serves the seed's 26 error rows");

    // Retries against the real server: throttled, a 503, a closed connection,
    // then success; the server's log must show four attempts, four nonces.
    for (auto form : {ecireq::wire_form::v2_get, ecireq::wire_form::v2_post, ecireq::wire_form::v3_post}) {
        std::string const name(ecireq::to_string(form));
        control(transport, base, ecireq::http_method::post, "/_standin/reset");
        control(transport, base, ecireq::http_method::post, "/_standin/faults", R"({"throttle":1,"retryAfterMs":20})");
        control(transport, base, ecireq::http_method::post, "/_standin/faults", R"({"status":503,"count":1})");
        control(transport, base, ecireq::http_method::post, "/_standin/faults", R"({"close":1})");
        auto o = opts;
        o.form = form;
        o.retry.max_retries = 4;
        o.retry.base_delay = std::chrono::milliseconds(10);
        auto outcome = ecireq::call(describe, creds, std::ref(transport), o);
        expect(outcome && outcome->succeeded() && outcome->attempts == 4, name + ": succeeds on the 4th attempt");
        auto log = control(transport, base, ecireq::http_method::get, "/_standin/requests");
        expect(log && log->status == 200, name + ": request log");
        if (!log) continue;
        auto entries = boost::json::parse(log->body, ec);
        if (ec || !entries.is_array()) { expect(false, name + ": request log is a JSON array"); continue; }
        std::set<std::string> nonces;
        for (auto const& entry : entries.as_array()) nonces.insert(std::string(entry.at("nonce").as_string()));
        expect(entries.as_array().size() == 4 && nonces.size() == 4, name + ": 4 attempts, 4 nonces (server side)");
    }

    std::cout << "catalogue_roundtrip: " << passed << " passed, " << failed << " failed\n";
    return failed == 0 ? 0 : 1;
}
