// libFuzzer target: arbitrary bytes -> an HTTP status and a response body ->
// everything ecireq does with an answer: parse_error, parse_answer for each
// of the four actions, the retry decision, summary(), and on
// SignatureDoesNotMatch explain() against a request signed here.
//
// The first two bytes choose the status (100 to 599), the rest is the body:
// JSON or not, truncated, deeply nested, with fields of any type. For every
// input:
//   - nothing crashes, leaks or overflows (ASan, UBSan), and nothing throws;
//   - an error either is readable (then the fields come from the body) or
//     has an empty code and `unreadable` set to malformed_response naming a
//     field path (never a value: the path is built from names and numbers);
//   - retry() is classify_error(status, code), and a 2xx is never an error
//     the parser invented for an other status, nor a non-2xx a success;
//   - summary() and explain() never carry the text after the signed-text
//     marker of a SignatureDoesNotMatch Message (it quotes request values);
//   - a success answer holds its required fields (RequestId; Create's
//     ImageCacheId).
#include <ecireq/call.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(char const* what)
{
    std::fprintf(stderr, "fuzz_response: property failed: %s\n", what);
    std::abort();
}

void check(bool ok, char const* what)
{
    if (!ok) fail(what);
}

/// The path in `unreadable`: names, dots and numbers only.
bool is_path(std::string_view p)
{
    if (p.empty()) return false;
    for (char c : p)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.')) return false;
    return true;
}

/// What follows a signed-text marker in `message`, if any.
std::string_view signed_text_in(std::string_view message)
{
    for (std::string_view marker : {std::string_view("server string to sign is:"),
                                    std::string_view("server canonical request is:")}) {
        auto at = message.find(marker);
        if (at != std::string_view::npos) return message.substr(at + marker.size());
    }
    return {};
}

void check_error(ecireq::api_error const& e, int status)
{
    check(e.http_status == status, "the error keeps the status");
    if (e.readable()) {
        check(e.unreadable.value() == ecireq::errc{}, "a readable error has no problem");
    } else {
        check(e.code.empty() && e.message.empty() && e.request_id.empty(), "an unreadable error holds no field");
        check(e.unreadable == ecireq::errc::malformed_response, "unreadable is malformed_response");
        check(is_path(e.unreadable.parameter()), "unreadable names a field path");
    }
    check(e.retry() == ecireq::classify_error(status, e.code), "retry() is the classification");
    std::string const summary = e.summary();
    std::string_view secret = signed_text_in(e.message);
    // Only a text that could not occur elsewhere in the line proves a leak.
    if (secret.size() >= 8) check(summary.find(secret) == std::string::npos, "summary() leaves out the signed text");
}

template <class T, class Check>
void check_answer(int status, std::string_view body, Check&& on_success)
{
    auto a = ecireq::parse_answer<T>(status, body);
    bool const ok_status = status >= 200 && status <= 299;
    if (a) {
        check(ok_status, "only a 2xx is a success");
        check(!a->request_id.empty(), "a success has its RequestId");
        on_success(*a);
    } else {
        check_error(a.error(), status);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    if (size < 2) return 0;
    int const status = 100 + (data[0] | data[1] << 8) % 500;
    std::string_view const body(reinterpret_cast<char const*>(data + 2), size - 2);

    ecireq::api_error const e = ecireq::parse_error(status, body);
    check_error(e, status);

    check_answer<ecireq::create_image_cache_response>(
        status, body, [](auto const& a) { check(!a.image_cache_id.empty(), "Create has its ImageCacheId"); });
    check_answer<ecireq::describe_image_caches_response>(status, body, [](auto const& a) {
        for (auto const& c : a.image_caches) check(!c.image_cache_id.empty(), "a listed cache has its ImageCacheId");
    });
    check_answer<ecireq::update_image_cache_response>(status, body, [](auto const&) {});
    check_answer<ecireq::delete_image_cache_response>(status, body, [](auto const&) {});

    // explain() on whatever came back, against a request with a value that
    // must never surface: it is in the signed text, and so in the Message
    // a server would echo.
    static ecireq::credentials const creds("fuzz-id", "fuzz-secret");
    static ecireq::http_request const sent = [] {
        auto r = ecireq::prepare_http(ecireq::update_image_cache()
                                          .region_id("cn-hangzhou")
                                          .image_cache_id("imc-1")
                                          .security_group_id("sg-1")
                                          .vswitch_id("vsw-1")
                                          .image_cache_name("c")
                                          .image_registry_credential("r.example", "u", "pw-Zq9-never-shown"),
                                      creds, ecireq::wire_form::v2_get);
        if (!r) fail("the fixed request signs");
        return *r;
    }();
    ecireq::api_error as_mismatch = e;
    as_mismatch.code = "SignatureDoesNotMatch";
    as_mismatch.message = std::string(body);
    std::string const line = ecireq::explain(as_mismatch, sent);
    std::string_view const password = "pw-Zq9-never-shown";
    // The line holds the Code, the diagnosis and the RequestId: the password
    // can be in it only if the body put it in the RequestId.
    if (as_mismatch.request_id.find(password) == std::string::npos)
        check(line.find(password) == std::string::npos, "explain() leaves out the request's values");
    auto d = ecireq::diagnose_signature_mismatch(body, "GET&%2F&AccessKeyId%3Dfuzz-id");
    if (d.what == ecireq::signature_diagnosis::finding::texts_differ) check(!d.where.empty(), "a difference is placed");
    return 0;
}
