// libFuzzer target: arbitrary bytes -> an UpdateImageCache request -> sign.
//
// The bytes choose every parameter (through the builder's setters, the
// maybe_* ones included), every value (any bytes: '&', '=', '#', '?', '%',
// '+', newline, NUL, invalid UTF-8), how many repeated entries, the
// credentials, the nonce, the clock and the endpoint. Then, for GET and POST,
// with owning and fixed storage, into a std::string, a caller buffer of a
// chosen size, one of two things must hold:
//   - sign fails with a known errc that names a parameter, the same error
//     for GET and POST; or
//   - the URL (and POST body) parse with Boost.URL, their decoded parameters
//     are exactly the ones the bytes asked for plus the common ones (nothing
//     added, dropped or changed), and ecireq::verify accepts them.
// The expected parameter list is built here from the setter calls, not read
// back from the library, so the check is independent of the code under test.
// A second mode feeds the bytes to verify() directly (as a URL and as a POST
// body), and a third flips one byte of a signed query: whatever verify then
// accepts must decode to exactly what was signed.
#include <ecireq/verify/rpc_v2.hpp>

#include <ecireq.hpp>

#include <fuzzer/FuzzedDataProvider.h>

#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace {

using params = std::vector<std::pair<std::string, std::string>>;

// A failed property: print what is useful to reproduce, then crash so that
// libFuzzer saves the input.
[[noreturn]] void fail(char const* what, std::string const& detail = {})
{
    std::fprintf(stderr, "fuzz_request: property failed: %s %s\n", what, detail.c_str());
    std::abort();
}

#define CHECK_THAT(cond, ...)                                                                               \
    do {                                                                                                  \
        if (!(cond)) fail(#cond, ##__VA_ARGS__);                                                          \
    } while (0)

bool known_error(ecireq::error const& e)
{
    int v = static_cast<int>(e.value());
    return v >= static_cast<int>(ecireq::errc::empty_value) &&
           v <= static_cast<int>(ecireq::errc::surrounding_whitespace) && !e.parameter().empty();
}

// Decodes encoded parameters as a form decoder would ('+' as space): if the
// signer ever wrote a raw '+', the comparison with the input fails.
params decode(boost::urls::params_encoded_view const& v)
{
    params out;
    boost::urls::encoding_opts form{true, false, false};
    for (auto const& p : v) {
        if (!p.has_value) fail("parameter without '='", std::string(p.key));
        out.emplace_back(p.key.decode(form), p.value.decode(form));
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The same through Boost.URL's decoded view of a URL (url_view::params(),
// which also reads '+' as space).
params decode(boost::urls::params_view const& v)
{
    params out;
    for (auto const& p : v) {
        if (!p.has_value) fail("parameter without '='", p.key);
        out.emplace_back(p.key, p.value);
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The UTC text of a time, computed with the C library (gmtime_r), not with
// the formatter under test.
std::string utc_text(std::int64_t secs)
{
    std::time_t t = static_cast<std::time_t>(secs);
    std::tm tm{};
    if (!gmtime_r(&t, &tm)) fail("gmtime_r");
    char buf[64]; // room for any int fields, so the format cannot truncate
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

bool is_uuid_v4(std::string const& s)
{
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return s[14] == '4' && (s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b');
}

// Everything the bytes chose, kept alive for the whole run (fixed storage
// only holds views).
struct input {
    std::string scalars[5];                  // the five required strings
    std::optional<std::string> eip, rg, token_c, format;
    std::optional<std::int64_t> size, days, std_copies, flash_copies;
    std::optional<bool> auto_match, flash;
    struct op { int kind; std::string a, b, c; std::vector<std::string> domains; };
    std::vector<op> ops;
    std::string id, secret, sts;
    bool custom_nonce = false;
    std::string nonce;
    std::int64_t secs = 0, nanos = 0;
    bool custom_endpoint = false;
    std::string scheme, endpoint;
    std::size_t buffer_size = 0;
};

std::string str(FuzzedDataProvider& in, std::size_t max = 48) { return in.ConsumeRandomLengthString(max); }

input read_input(FuzzedDataProvider& in)
{
    input x;
    for (auto& s : x.scalars) s = str(in);
    auto maybe_str = [&](std::optional<std::string>& o) { if (in.ConsumeBool()) o = str(in); };
    auto maybe_int = [&](std::optional<std::int64_t>& o) {
        if (in.ConsumeBool())
            o = in.ConsumeBool() ? in.ConsumeIntegral<std::int64_t>() : in.ConsumeIntegralInRange<std::int64_t>(-2, 70000);
    };
    auto maybe_bool = [&](std::optional<bool>& o) { if (in.ConsumeBool()) o = in.ConsumeBool(); };
    maybe_str(x.eip);
    maybe_str(x.rg);
    maybe_str(x.token_c);
    maybe_int(x.size);
    maybe_int(x.days);
    maybe_bool(x.auto_match);
    maybe_bool(x.flash);
    maybe_int(x.std_copies);
    maybe_int(x.flash_copies);
    if (in.ConsumeBool()) x.format = in.ConsumeBool() ? std::string(in.ConsumeBool() ? "JSON" : "XML") : str(in, 8);

    std::size_t n_ops = in.ConsumeIntegralInRange<std::size_t>(0, 40);
    for (std::size_t i = 0; i < n_ops && in.remaining_bytes() > 0; ++i) {
        input::op o;
        o.kind = in.ConsumeIntegralInRange<int>(0, 4);
        o.a = str(in);
        if (o.kind >= 1) o.b = str(in);
        if (o.kind == 2 || o.kind == 3) o.c = str(in);
        if (o.kind == 3) {
            std::size_t nd = in.ConsumeIntegralInRange<std::size_t>(0, 6);
            for (std::size_t d = 0; d < nd; ++d) o.domains.push_back(str(in, 24));
        }
        x.ops.push_back(std::move(o));
    }
    // ConsumeBool() is false once the bytes run out, so a short input gets
    // usable credentials and goes on to sign.
    x.id = in.ConsumeBool() ? str(in, 24) : std::string("testid");
    x.secret = in.ConsumeBool() ? str(in, 200) : std::string("testsecret");
    if (in.ConsumeBool()) x.sts = str(in, 64);
    x.custom_nonce = in.ConsumeBool();
    if (x.custom_nonce) x.nonce = str(in, 80);
    // A time the nanosecond system_clock can hold (about +-285 years), with
    // a sub-second part that the Timestamp must drop (floor, also before 1970).
    x.secs = in.ConsumeIntegralInRange<std::int64_t>(-9000000000LL, 9000000000LL);
    x.nanos = in.ConsumeIntegralInRange<std::int64_t>(0, 999999999);
    x.custom_endpoint = in.ConsumeBool();
    if (x.custom_endpoint) {
        x.scheme = in.ConsumeBool() ? std::string(in.ConsumeBool() ? "https" : "http") : str(in, 8);
        x.endpoint = str(in, 40);
    }
    x.buffer_size = in.ConsumeIntegralInRange<std::size_t>(0, 8192);
    return x;
}

// Applies the input to a fresh builder and returns the complete builder.
// `expected` receives the action parameters that signing must send.
template <class Fresh>
auto build(Fresh fresh, input const& x, params& expected)
{
    auto b = std::move(fresh)
                 .region_id(x.scalars[0])
                 .image_cache_id(x.scalars[1])
                 .security_group_id(x.scalars[2])
                 .vswitch_id(x.scalars[3])
                 .image_cache_name(x.scalars[4])
                 .maybe_eip_instance_id(x.eip ? std::optional<std::string_view>(*x.eip) : std::nullopt)
                 .maybe_resource_group_id(x.rg ? std::optional<std::string_view>(*x.rg) : std::nullopt)
                 .maybe_client_token(x.token_c ? std::optional<std::string_view>(*x.token_c) : std::nullopt)
                 .maybe_image_cache_size(x.size)
                 .maybe_retention_days(x.days)
                 .maybe_auto_match_image_cache(x.auto_match)
                 .maybe_flash(x.flash)
                 .maybe_standard_copy_count(x.std_copies)
                 .maybe_flash_copy_count(x.flash_copies)
                 .maybe_format(x.format ? std::optional<std::string_view>(*x.format) : std::nullopt);
    char const* names[] = {"RegionId", "ImageCacheId", "SecurityGroupId", "VSwitchId", "ImageCacheName"};
    for (int i = 0; i < 5; ++i) expected.emplace_back(names[i], x.scalars[i]);
    if (x.eip) expected.emplace_back("EipInstanceId", *x.eip);
    if (x.rg) expected.emplace_back("ResourceGroupId", *x.rg);
    if (x.token_c) expected.emplace_back("ClientToken", *x.token_c);
    if (x.size) expected.emplace_back("ImageCacheSize", std::to_string(*x.size));
    if (x.days) expected.emplace_back("RetentionDays", std::to_string(*x.days));
    if (x.auto_match) expected.emplace_back("AutoMatchImageCache", *x.auto_match ? "true" : "false");
    if (x.flash) expected.emplace_back("Flash", *x.flash ? "true" : "false");
    if (x.std_copies) expected.emplace_back("StandardCopyCount", std::to_string(*x.std_copies));
    if (x.flash_copies) expected.emplace_back("FlashCopyCount", std::to_string(*x.flash_copies));

    // Repeated parameters: numbered here in call order, as the API defines.
    std::size_t images = 0, tags = 0, creds = 0;
    struct acr { std::string id, name, region; std::vector<std::string> domains; };
    std::vector<acr> acrs;
    for (auto const& o : x.ops) {
        switch (o.kind) {
        case 0:
            b.image(o.a);
            expected.emplace_back("Image." + std::to_string(++images), o.a);
            break;
        case 1:
            b.tag(o.a, o.b);
            ++tags;
            expected.emplace_back("Tag." + std::to_string(tags) + ".Key", o.a);
            expected.emplace_back("Tag." + std::to_string(tags) + ".Value", o.b);
            break;
        case 2:
            b.image_registry_credential(o.a, o.b, o.c);
            ++creds;
            expected.emplace_back("ImageRegistryCredential." + std::to_string(creds) + ".Server", o.a);
            expected.emplace_back("ImageRegistryCredential." + std::to_string(creds) + ".UserName", o.b);
            expected.emplace_back("ImageRegistryCredential." + std::to_string(creds) + ".Password", o.c);
            break;
        case 3: {
            // acr_registry_info takes an initializer_list: add the domains
            // with acr_registry_domain, which appends to the last entry.
            b.acr_registry_info(o.a, o.b, o.c);
            for (auto const& d : o.domains) b.acr_registry_domain(d);
            acrs.push_back({o.a, o.b, o.c, o.domains});
            break;
        }
        default:
            b.acr_registry_domain(o.a);
            if (acrs.empty()) acrs.push_back({});
            acrs.back().domains.push_back(o.a);
            break;
        }
    }
    for (std::size_t i = 0; i < acrs.size(); ++i) {
        std::string p = "AcrRegistryInfo." + std::to_string(i + 1);
        if (!acrs[i].id.empty()) expected.emplace_back(p + ".InstanceId", acrs[i].id);
        if (!acrs[i].name.empty()) expected.emplace_back(p + ".InstanceName", acrs[i].name);
        if (!acrs[i].region.empty()) expected.emplace_back(p + ".RegionId", acrs[i].region);
        for (std::size_t j = 0; j < acrs[i].domains.size(); ++j)
            expected.emplace_back(p + ".Domain." + std::to_string(j + 1), acrs[i].domains[j]);
    }
    return b;
}

struct outcome {
    bool ok = false;
    ecireq::error err;
    std::string url, body; // POST: url and body; GET: url only
};

// Checks a signed request against what was asked for; `got` holds the
// decoded parameters including Signature.
void check_params(params got, params expected, input const& x, ecireq::credentials const& creds)
{
    auto take = [&](char const* name) -> std::string {
        auto it = std::find_if(got.begin(), got.end(), [&](auto const& p) { return p.first == name; });
        if (it == got.end()) fail("missing common parameter", name);
        std::string v = it->second;
        got.erase(it);
        return v;
    };
    std::string sig = take("Signature");
    CHECK_THAT(sig.size() == 28, sig);
    std::string nonce = take("SignatureNonce");
    if (x.custom_nonce) CHECK_THAT(nonce == x.nonce, nonce);
    else CHECK_THAT(is_uuid_v4(nonce), nonce);
    expected.emplace_back("AccessKeyId", std::string(creds.access_key_id()));
    expected.emplace_back("Action", "UpdateImageCache");
    expected.emplace_back("Format", x.format ? *x.format : "JSON");
    expected.emplace_back("SignatureMethod", "HMAC-SHA1");
    expected.emplace_back("SignatureVersion", "1.0");
    expected.emplace_back("Timestamp", utc_text(x.secs));
    expected.emplace_back("Version", "2018-08-08");
    if (!x.sts.empty()) expected.emplace_back("SecurityToken", x.sts);
    std::sort(expected.begin(), expected.end());
    if (got != expected) {
        std::string d;
        for (auto const& p : got) d += "\n  got " + p.first + "=" + p.second;
        for (auto const& p : expected) d += "\n  exp " + p.first + "=" + p.second;
        fail("decoded parameters differ from the input", d);
    }
}

// A copy of `text` in a heap block of exactly its size, with no NUL after
// it: any read past the end of a view is then an ASan report. (A std::string
// always has a NUL after its last byte, which hides readers that stop at one,
// such as Boost.URL 1.81's parse_query, boostorg/url#757.)
class exact_copy {
public:
    explicit exact_copy(std::string_view text) : size_(text.size()), data_(new char[text.size() ? text.size() : 1])
    {
        std::copy(text.begin(), text.end(), data_.get());
    }
    std::string_view view() const { return {data_.get(), size_}; }

private:
    std::size_t size_;
    std::unique_ptr<char[]> data_;
};

// Flips one byte of a signed query (chosen by the input). Whatever verify
// still accepts must decode to the same parameters: an accepted request can
// differ from the signed one only in how it is encoded.
void check_tamper(std::string const& query, bool post, std::size_t at, char to, ecireq::credentials const& creds,
                  ecireq::rpc::time_point now)
{
    if (query.empty()) return;
    std::string t = query;
    t[at % t.size()] = to;
    if (t == query) return;
    exact_copy exact(t);
    auto r = ecireq::verify_query(post ? ecireq::http_method::post : ecireq::http_method::get, exact.view(), creds,
                                  now);
    if (!r) {
        CHECK_THAT(known_error(r.error()), r.error().message());
        return;
    }
    auto a = boost::urls::parse_query(query);
    auto b = boost::urls::parse_query(t);
    CHECK_THAT(a && b);
    // verify refuses raw '+', so decoding with '+' as space changes nothing.
    CHECK_THAT(decode(*a) == decode(*b), query + " vs " + t);
}

template <class Builder>
void run_signed(Builder const& b, input const& x, params const& expected, ecireq::credentials const& creds,
                ecireq::sign_options const& opts, ecireq::rpc::time_point now, FuzzedDataProvider& rest,
                outcome* get_out, outcome* post_out)
{
    auto get = b.sign(creds, opts);
    auto post = b.sign_post(creds, opts);
    CHECK_THAT(get.has_value() == post.has_value());
    if (!get) {
        CHECK_THAT(known_error(get.error()), get.error().message());
        CHECK_THAT(get.error() == post.error().value() && get.error().parameter() == post.error().parameter(),
                   get.error().message() + " / " + post.error().message());
        get_out->err = post_out->err = get.error();
        // The same request validates only if the failure is about signing
        // (credentials, nonce, endpoint), not about its parameters.
        if (auto v = b.validate(); v) {
            // result::error() returns a copy: keep it, parameter() views into it.
            const ecireq::error e = get.error();
            auto p = e.parameter();
            CHECK_THAT(p == "AccessKeyId" || p == "AccessKeySecret" || p == "SecurityToken" || p == "SignatureNonce" ||
                           p == "scheme" || p == "endpoint" || p == "Timestamp",
                       get.error().message());
        }
        return;
    }
    CHECK_THAT(b.validate().has_value());
    get_out->ok = post_out->ok = true;
    get_out->url = std::string(get->buffer());
    post_out->url = std::string(post->url.buffer());
    post_out->body = post->body;

    // GET: the URL parses, the parameters are the input, verify accepts.
    auto u = boost::urls::parse_uri(get->buffer());
    CHECK_THAT(u.has_value(), get_out->url);
    CHECK_THAT(!u->has_fragment() && u->encoded_path() == "/", get_out->url);
    // The endpoint as given, or the default host (an empty endpoint means the default).
    std::string host = x.custom_endpoint && !x.endpoint.empty() ? x.endpoint
                                                                : "eci." + x.scalars[0] + ".aliyuncs.com";
    CHECK_THAT(u->encoded_host_and_port() == host, get_out->url);
    CHECK_THAT(u->scheme() == (x.custom_endpoint ? x.scheme : std::string("https")), get_out->url);
    check_params(decode(u->params()), expected, x, creds);
    CHECK_THAT(decode(u->params()) == decode(u->encoded_params()));
    auto vg = ecireq::verify(*u, creds, now);
    CHECK_THAT(vg.has_value(), vg ? std::string() : vg.error().message());

    // POST: no query in the URL, the body holds the same parameters.
    auto pu = boost::urls::parse_uri(post->url.buffer());
    CHECK_THAT(pu.has_value() && !pu->has_query() && !pu->has_fragment(), post_out->url);
    auto pb = boost::urls::parse_query(post->body);
    CHECK_THAT(pb.has_value(), post->body);
    check_params(decode(*pb), expected, x, creds);
    auto vp = ecireq::verify(*post, creds, now);
    CHECK_THAT(vp.has_value(), vp ? std::string() : vp.error().message());
    exact_copy body(post->body), url_text(get_out->url);
    auto vb = ecireq::verify_post(body.view(), creds, now);
    CHECK_THAT(vb.has_value(), vb ? std::string() : vb.error().message());
    auto vt = ecireq::verify(url_text.view(), creds, now);
    CHECK_THAT(vt.has_value(), vt ? std::string() : vt.error().message());

    // The two signatures differ only through the method in the string to sign.
    auto as_post = ecireq::verify_post(get->encoded_query(), creds, now);
    CHECK_THAT(!as_post && as_post.error() == ecireq::errc::signature_mismatch);

    // Into a caller buffer of the chosen size: the same URL, or
    // buffer_too_small with a size that then suffices.
    std::vector<char> buf(x.buffer_size);
    auto v = b.sign_to(creds, buf.data(), buf.size(), opts);
    if (!v) {
        CHECK_THAT(v.error() == ecireq::errc::buffer_too_small, v.error().message());
        CHECK_THAT(v.error().limit() > static_cast<std::int64_t>(x.buffer_size));
        // The size must suffice whatever the signature (a random nonce
        // changes it, and with it the length of its encoding).
        buf.resize(static_cast<std::size_t>(v.error().limit()));
        v = b.sign_to(creds, buf.data(), buf.size(), opts);
        CHECK_THAT(v.has_value(), v ? std::string() : v.error().message());
    }
    CHECK_THAT(v->data() == buf.data() && buf[v->size()] == '\0');
    // Same text as sign() with a fixed nonce; with a random one, at least valid.
    if (x.custom_nonce) CHECK_THAT(std::string(*v) == get_out->url, std::string(*v));
    else CHECK_THAT(ecireq::verify(*v, creds, now).has_value());

    std::size_t at = rest.ConsumeIntegral<std::size_t>();
    char to = static_cast<char>(rest.ConsumeIntegral<unsigned char>());
    check_tamper(std::string(get->encoded_query()), false, at, to, creds, now);
    check_tamper(post->body, true, at, to, creds, now);
}

void raw_verify(std::string const& text)
{
    static const ecireq::credentials creds{"testid", "testsecret"};
    const ecireq::rpc::time_point now{std::chrono::seconds(1700000000)};
    exact_copy exact(text);
    for (auto const& r : {ecireq::verify(exact.view(), creds, now), ecireq::verify_post(exact.view(), creds, now)})
        if (!r) CHECK_THAT(known_error(r.error()), r.error().message());
    // Also the timestamp check alone, with any text and any window.
    if (text.size() >= 20) {
        auto r = ecireq::detail::check_timestamp(std::string_view(text).substr(0, 20), now, std::chrono::hours(24 * 365 * 100));
        if (!r) CHECK_THAT(known_error(r.error()), r.error().message());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    if (size == 0) return 0;
    if (data[0] == 'V') { // raw mode: the rest of the bytes are a URL / a POST body
        raw_verify(std::string(reinterpret_cast<char const*>(data) + 1, size - 1));
        return 0;
    }
    FuzzedDataProvider in(data, size);
    input x = read_input(in);

    ecireq::credentials creds{x.id, x.secret, x.sts};
    ecireq::rpc::time_point now = ecireq::rpc::time_point(std::chrono::seconds(x.secs)) +
                                  std::chrono::duration_cast<ecireq::rpc::time_point::duration>(
                                      std::chrono::nanoseconds(x.nanos));
    ecireq::fixed_clock clock{now};
    ecireq::fixed_nonce nonce{x.nonce};
    ecireq::sign_options opts;
    opts.clock = clock;
    if (x.custom_nonce) opts.nonce = nonce;
    if (x.custom_endpoint) {
        opts.scheme = x.scheme;
        opts.endpoint = x.endpoint;
    }

    params expected;
    auto owning = build(ecireq::update_image_cache(), x, expected);
    outcome og, op;
    run_signed(owning, x, expected, creds, opts, now, in, &og, &op);
    // ECIREQ_FUZZ_TRACE=1 prints what each input became (for writing seeds).
    static const bool trace = std::getenv("ECIREQ_FUZZ_TRACE") != nullptr;
    if (trace) std::fprintf(stderr, "%s\n", og.ok ? og.url.c_str() : og.err.message().c_str());

    // Fixed storage (2 entries, 2 domains each): the same request, or a
    // capacity_exceeded error when it does not fit, never a silent drop.
    params expected_fixed;
    auto fixed = build(ecireq::update_image_cache_static<2, 2>(), x, expected_fixed);
    auto fg = fixed.sign(creds, opts);
    if (!og.ok) {
        CHECK_THAT(!fg.has_value(), std::string(fg->buffer()));
    } else if (!fg) {
        CHECK_THAT(fg.error() == ecireq::errc::capacity_exceeded, fg.error().message());
    } else if (x.custom_nonce) {
        CHECK_THAT(std::string(fg->buffer()) == og.url, std::string(fg->buffer()));
    } else {
        CHECK_THAT(ecireq::verify(*fg, creds, now).has_value());
    }
    return 0;
}
