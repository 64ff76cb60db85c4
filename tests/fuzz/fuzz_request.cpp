// libFuzzer target: arbitrary bytes -> a request of any of the four actions
// -> sign with V2 (HMAC-SHA1) or V3 (ACS3-HMAC-SHA256) -> verify.
//
// The bytes choose the action (CreateImageCache, DescribeImageCaches,
// UpdateImageCache, DeleteImageCache), every scalar parameter it has
// (through the builder's setters, the maybe_* ones included), every value
// (any bytes: '&', '=', '#', '?', '%', '+', newline, NUL, invalid UTF-8),
// the repeated parameters in any order and number (Image.N, Tag.N,
// ImageRegistryCredential.N, AcrRegistryInfo.N with its domains and, for
// Create, acr_registry_arn; MatchImage.N for Describe), the credentials, the
// nonce, the clock, the endpoint, the scheme V2 or V3, the method, the sizes
// of the caller buffers, and a second storage (static_storage<2, 2>, bound
// storage over static_storage<3, 2> or over owning values) that must sign
// the same request. For each input one of two things must hold:
//   - signing fails with a known errc that names a parameter of the action
//     or of signing, whose message is that name plus the errc's fixed text,
//     and which is the same when every secret (AccessKeySecret, STS token,
//     registry passwords) is replaced by another of the same shape: so no
//     secret can be in it; or
//   - the signed request carries exactly the parameters the bytes asked for
//     (decoded with Boost.URL; V2: plus the common ones; V3: none of them,
//     and the x-acs-* headers the model predicts), its signature equals one
//     computed here with OpenSSL from that model (not from the library's
//     canonical form), and every ecireq::verify / verify_v3 overload accepts
//     it.
// The expected parameters are built here from the setter calls, not read
// back from the library, so the check is independent of the code under test.
// Then one byte of the signed request (V2: the query or the POST body; V3:
// the URL, the header block or one header) is replaced by a byte the input
// chooses: whatever verify still accepts must decode to exactly what was
// signed, and what it rejects it must reject with a known error whose
// message holds no secret.
// Inputs starting with 'V' go to the V2 verifiers as text, those starting
// with 'W' to the V3 verifiers (a URL line, then a header block).
//
// ECIREQ_FUZZ_TRACE=1 prints what each input became. ECIREQ_FUZZ_WRITE_SEEDS=DIR
// writes the seed inputs (tests/fuzz/corpus) to DIR and exits.
#include <ecireq/verify/acs3_hmac_sha256.hpp>
#include <ecireq/verify/rpc_v2.hpp>

#include <ecireq.hpp>

#include <fuzzer/FuzzedDataProvider.h>

#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/static_url.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// The target compiles as one translation unit, or as two that run.sh builds
// in parallel: ECIREQ_FUZZ_PART=1 (CreateImageCache, DeleteImageCache) and
// ECIREQ_FUZZ_PART=2 (DescribeImageCaches, UpdateImageCache, the raw modes,
// the seeds and the entry points), linked together.
#ifndef ECIREQ_FUZZ_PART
#  define ECIREQ_FUZZ_PART 0
#endif

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

bool same_error(ecireq::error const& a, ecireq::error const& b)
{
    return a.value() == b.value() && a.parameter() == b.parameter() && a.limit() == b.limit();
}

// A plain byte loop: std::string::find compares with memcmp, which libFuzzer
// intercepts and would feed the message back to the mutator as a token to
// put into a secret.
bool contains(std::string_view hay, std::string_view needle)
{
    if (needle.empty()) return true;
    for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
        std::size_t k = 0;
        while (k < needle.size() && hay[i + k] == needle[k]) ++k;
        if (k == needle.size()) return true;
    }
    return false;
}

std::string lower(std::string_view s)
{
    std::string o(s);
    for (char& c : o)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return o;
}

std::string_view trim_blank(std::string_view v) // spaces and tabs, as V3 header values
{
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    return v;
}

// ---------------------------------------------------------------------------
// The model: the four actions, their scalar parameters and repeated ones.

enum action_id : int { create = 0, describe = 1, update = 2, del = 3 };
constexpr bool in_part(int a)
{
    return ECIREQ_FUZZ_PART == 0 || (ECIREQ_FUZZ_PART == 1) == (a == create || a == del);
}
constexpr char const* action_names[] = {"CreateImageCache", "DescribeImageCaches", "UpdateImageCache",
                                        "DeleteImageCache"};

enum class kind { str, integer, boolean, choice };
struct field {
    char const* api;
    kind k;
    bool required;
    std::array<char const*, 2> choices;
    std::size_t n_choices;
};
constexpr field S(char const* n, bool req = false) { return {n, kind::str, req, {}, 0}; }
constexpr field I(char const* n) { return {n, kind::integer, false, {}, 0}; }
constexpr field B(char const* n) { return {n, kind::boolean, false, {}, 0}; }
constexpr field C1(char const* n, char const* a) { return {n, kind::choice, false, {a, nullptr}, 1}; }
constexpr field C2(char const* n, char const* a, char const* b) { return {n, kind::choice, false, {a, b}, 2}; }

// In the order the build_* functions below call the setters.
const field create_fields[] = {S("RegionId", true), S("ImageCacheName", true), S("SecurityGroupId"), S("VSwitchId"),
                               S("ZoneId"), S("EipInstanceId"), S("ResourceGroupId"), S("ClientToken"),
                               I("ImageCacheSize"), I("RetentionDays"), B("AutoMatchImageCache"), B("Flash"),
                               I("StandardCopyCount"), I("FlashCopyCount"), C1("EliminationStrategy", "LRU"),
                               C2("OsType", "Linux", "Windows"), S("InsecureRegistry"), S("PlainHttpRegistry"),
                               S("Annotations"), C2("Format", "JSON", "XML")};
const field describe_fields[] = {S("RegionId", true), S("ImageCacheId"), S("ImageCacheName"), S("Image"),
                                 S("SnapshotId"), S("ResourceGroupId"), B("ImageFullMatch"),
                                 B("ImageMatchCountRequest"), I("Limit"), S("NextToken"), C2("Format", "JSON", "XML")};
const field update_fields[] = {S("RegionId", true), S("ImageCacheId", true), S("SecurityGroupId", true),
                               S("VSwitchId", true), S("ImageCacheName", true), S("EipInstanceId"),
                               S("ResourceGroupId"), S("ClientToken"), I("ImageCacheSize"), I("RetentionDays"),
                               B("AutoMatchImageCache"), B("Flash"), I("StandardCopyCount"), I("FlashCopyCount"),
                               C1("EliminationStrategy", "LRU"), C2("Format", "JSON", "XML")};
const field delete_fields[] = {S("RegionId", true), S("ImageCacheId", true), S("ClientToken"),
                               C2("Format", "JSON", "XML")};

struct field_table {
    field const* f;
    std::size_t n;
};
field_table fields_of(int a)
{
    switch (a) {
    case create: return {create_fields, std::size(create_fields)};
    case describe: return {describe_fields, std::size(describe_fields)};
    case update: return {update_fields, std::size(update_fields)};
    default: return {delete_fields, std::size(delete_fields)};
    }
}

// The setters of repeated parameters.
enum op_kind : int { op_image, op_tag, op_credential, op_acr, op_domain, op_arn, op_match_image };
struct op_set {
    int kinds[6];
    int n;
};
op_set ops_of(int a)
{
    switch (a) {
    case create: return {{op_image, op_tag, op_credential, op_acr, op_domain, op_arn}, 6};
    case describe: return {{op_match_image, op_tag}, 2};
    case update: return {{op_image, op_tag, op_credential, op_acr, op_domain}, 5};
    default: return {{}, 0};
    }
}

struct value {
    bool set = false;
    std::string s;
    std::int64_t i = 0;
    bool b = false;
};

struct op {
    int kind = op_image;
    bool rvalue = false; // the &&-qualified setter (returns the builder) or the &-qualified one
    std::string a, b, c;
    std::vector<std::string> domains; // op_acr: the first three go in the initializer list
};

// Everything the bytes chose, kept alive for the whole run (fixed storage
// only holds views).
struct input {
    int action = update;
    bool v3 = false;
    bool post = false;   // V3: the method; V2 (which signs both): which of query and body is tampered with
    int storage = 0;     // the second storage: static_storage<2, 2>, bound static_storage<3, 2>, bound owning
    std::vector<value> vals; // one per field of the action
    std::string first_image; // Create: the Image.1 its type requires
    std::vector<op> ops;
    bool custom_id = false, custom_secret = false;
    std::string id = "testid", secret = "testsecret", sts;
    bool custom_nonce = false;
    std::string nonce;
    std::int64_t secs = 0, nanos = 0;
    bool custom_endpoint = false;
    std::string scheme, endpoint;
    std::size_t buf1 = 0, buf2 = 0; // caller buffers: V2 URL / body, V3 URL / headers
    int flip_target = 0;            // V3: 0 the URL, 1 the header block, 2 one header of sign_v3's list
    std::size_t flip_at = 0;
    unsigned char flip_to = 0;
};

// ---------------------------------------------------------------------------
// Reading an input from the bytes, and writing one (for the seeds): the same
// visit() drives both, so the seeds always match the format.

struct reader {
    FuzzedDataProvider& in;
    void boolean(bool& b) { b = in.ConsumeBool(); }
    template <class T>
    void range(T& v, T lo, T hi) { v = in.ConsumeIntegralInRange<T>(lo, hi); }
    void str(std::string& s, std::size_t max) { s = in.ConsumeRandomLengthString(max); }
    void integer(std::int64_t& v)
    {
        switch (in.ConsumeIntegralInRange<int>(0, 2)) {
        case 0: v = in.ConsumeIntegralInRange<std::int64_t>(-2, 70000); break;
        case 1: v = in.ConsumeIntegralInRange<std::int64_t>(2147483645, 2147483650); break;
        default: v = in.ConsumeIntegral<std::int64_t>(); break;
        }
    }
    void choice(std::string& s, field const& f, std::size_t max)
    {
        std::size_t pick = in.ConsumeIntegralInRange<std::size_t>(0, f.n_choices);
        if (pick < f.n_choices) s = f.choices[pick];
        else s = in.ConsumeRandomLengthString(max);
    }
    template <class V>
    void resize(V& v, std::size_t n) { v.resize(n); }
    bool more() const { return in.remaining_bytes() > 0; }
};

// The inverse of FuzzedDataProvider: strings from the front, integers from
// the back, most significant byte consumed first.
struct writer {
    std::string front, back;
    template <class T>
    void range(T& v, T lo, T hi)
    {
        std::uint64_t range = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
        std::uint64_t u = static_cast<std::uint64_t>(v) - static_cast<std::uint64_t>(lo);
        if (u > range) fail("writer: value out of range");
        int n = 0;
        for (std::size_t off = 0; off < sizeof(T) * 8 && (range >> off) > 0; off += 8) ++n;
        for (int k = n - 1; k >= 0; --k) back.push_back(static_cast<char>((u >> (8 * k)) & 0xff));
    }
    void boolean(bool& b)
    {
        unsigned char v = b ? 1 : 0;
        range<unsigned char>(v, 0, 255);
    }
    void str(std::string& s, std::size_t max)
    {
        if (s.size() > max) fail("writer: string too long", s);
        for (char c : s) {
            front.push_back(c);
            if (c == '\\') front.push_back('\\');
        }
        if (s.size() < max) front += "\\e"; // a backslash and anything else ends the string
    }
    void integer(std::int64_t& v)
    {
        int mode = v >= -2 && v <= 70000 ? 0 : v >= 2147483645 && v <= 2147483650 ? 1 : 2;
        range(mode, 0, 2);
        if (mode == 0) range<std::int64_t>(v, -2, 70000);
        else if (mode == 1) range<std::int64_t>(v, 2147483645, 2147483650);
        else range<std::int64_t>(v, std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max());
    }
    void choice(std::string& s, field const& f, std::size_t max)
    {
        std::size_t pick = f.n_choices;
        for (std::size_t i = 0; i < f.n_choices; ++i)
            if (s == f.choices[i]) pick = i;
        range<std::size_t>(pick, 0, f.n_choices);
        if (pick == f.n_choices) str(s, max);
    }
    template <class V>
    void resize(V&, std::size_t) {}
    bool more() const { return true; }
    std::string bytes() const { return front + std::string(back.rbegin(), back.rend()); }
};

template <class IO>
void visit(IO& io, input& x)
{
    io.range(x.action, 0, 3);
    io.boolean(x.v3);
    io.boolean(x.post);
    io.range(x.storage, 0, 2);
    field_table t = fields_of(x.action);
    io.resize(x.vals, t.n);
    for (std::size_t i = 0; i < t.n; ++i) {
        field const& f = t.f[i];
        value& v = x.vals[i];
        if (f.required) v.set = true;
        else io.boolean(v.set);
        if (!v.set) continue;
        switch (f.k) {
        case kind::str: io.str(v.s, 72); break;
        case kind::integer: io.integer(v.i); break;
        case kind::boolean: io.boolean(v.b); break;
        case kind::choice: io.choice(v.s, f, 10); break;
        }
    }
    if (x.action == create) io.str(x.first_image, 48);
    op_set ops = ops_of(x.action);
    if (ops.n > 0) {
        std::size_t n = x.ops.size();
        io.template range<std::size_t>(n, 0, 40);
        io.resize(x.ops, n);
        for (std::size_t i = 0; i < n; ++i) {
            if (!io.more()) { // out of bytes: no more empty entries
                io.resize(x.ops, i);
                break;
            }
            op& o = x.ops[i];
            int k = 0;
            for (int j = 0; j < ops.n; ++j)
                if (ops.kinds[j] == o.kind) k = j;
            io.range(k, 0, ops.n - 1);
            o.kind = ops.kinds[k];
            io.boolean(o.rvalue);
            io.str(o.a, 48);
            if (o.kind == op_tag || o.kind == op_credential || o.kind == op_acr || o.kind == op_arn) io.str(o.b, 48);
            if (o.kind == op_credential || o.kind == op_acr) io.str(o.c, 48);
            if (o.kind == op_acr) {
                std::size_t nd = o.domains.size();
                io.template range<std::size_t>(nd, 0, 6);
                io.resize(o.domains, nd);
                for (std::size_t d = 0; d < nd; ++d) io.str(o.domains[d], 24);
            }
        }
    }
    // A bool is false once the bytes run out, so a short input gets usable
    // credentials and goes on to sign.
    io.boolean(x.custom_id);
    if (x.custom_id) io.str(x.id, 24);
    io.boolean(x.custom_secret);
    if (x.custom_secret) io.str(x.secret, 200);
    bool sts = !x.sts.empty();
    io.boolean(sts);
    if (sts) io.str(x.sts, 64);
    io.boolean(x.custom_nonce);
    if (x.custom_nonce) io.str(x.nonce, 80);
    // A time the nanosecond system_clock can hold (about +-285 years), with
    // a sub-second part that the timestamp must drop (floor, also before 1970).
    io.template range<std::int64_t>(x.secs, -9000000000LL, 9000000000LL);
    io.template range<std::int64_t>(x.nanos, 0, 999999999);
    io.boolean(x.custom_endpoint);
    if (x.custom_endpoint) {
        io.str(x.scheme, 8);
        io.str(x.endpoint, 40);
    }
    io.template range<std::size_t>(x.buf1, 0, 8192);
    io.template range<std::size_t>(x.buf2, 0, 8192);
    io.range(x.flip_target, 0, 2);
    io.template range<std::size_t>(x.flip_at, 0, std::numeric_limits<std::size_t>::max());
    io.template range<unsigned char>(x.flip_to, 0, 255);
}

// ---------------------------------------------------------------------------
// Building the request with the library's setters.

std::string_view sv(input const& x, std::size_t i) { return x.vals[i].s; }
std::optional<std::string_view> os(input const& x, std::size_t i)
{
    if (!x.vals[i].set) return std::nullopt;
    return std::string_view(x.vals[i].s);
}
std::optional<std::int64_t> oi(input const& x, std::size_t i)
{
    if (!x.vals[i].set) return std::nullopt;
    return x.vals[i].i;
}
std::optional<bool> ob(input const& x, std::size_t i)
{
    if (!x.vals[i].set) return std::nullopt;
    return x.vals[i].b;
}

// The scalar setters of each action, in the order of its field table.
template <int A, class Fresh>
auto set_scalars(Fresh fresh, input const& x)
{
    if constexpr (A == create) {
        return std::move(fresh)
            .region_id(sv(x, 0))
            .image_cache_name(sv(x, 1))
            .maybe_security_group_id(os(x, 2))
            .maybe_vswitch_id(os(x, 3))
            .maybe_zone_id(os(x, 4))
            .maybe_eip_instance_id(os(x, 5))
            .maybe_resource_group_id(os(x, 6))
            .maybe_client_token(os(x, 7))
            .maybe_image_cache_size(oi(x, 8))
            .maybe_retention_days(oi(x, 9))
            .maybe_auto_match_image_cache(ob(x, 10))
            .maybe_flash(ob(x, 11))
            .maybe_standard_copy_count(oi(x, 12))
            .maybe_flash_copy_count(oi(x, 13))
            .maybe_elimination_strategy(os(x, 14))
            .maybe_os_type(os(x, 15))
            .maybe_insecure_registry(os(x, 16))
            .maybe_plain_http_registry(os(x, 17))
            .maybe_annotations(os(x, 18))
            .maybe_format(os(x, 19))
            .image(x.first_image); // the first Image.N is part of the type-state
    } else if constexpr (A == describe) {
        return std::move(fresh)
            .region_id(sv(x, 0))
            .maybe_image_cache_id(os(x, 1))
            .maybe_image_cache_name(os(x, 2))
            .maybe_image(os(x, 3))
            .maybe_snapshot_id(os(x, 4))
            .maybe_resource_group_id(os(x, 5))
            .maybe_image_full_match(ob(x, 6))
            .maybe_image_match_count_request(ob(x, 7))
            .maybe_limit(oi(x, 8))
            .maybe_next_token(os(x, 9))
            .maybe_format(os(x, 10));
    } else if constexpr (A == update) {
        return std::move(fresh)
            .region_id(sv(x, 0))
            .image_cache_id(sv(x, 1))
            .security_group_id(sv(x, 2))
            .vswitch_id(sv(x, 3))
            .image_cache_name(sv(x, 4))
            .maybe_eip_instance_id(os(x, 5))
            .maybe_resource_group_id(os(x, 6))
            .maybe_client_token(os(x, 7))
            .maybe_image_cache_size(oi(x, 8))
            .maybe_retention_days(oi(x, 9))
            .maybe_auto_match_image_cache(ob(x, 10))
            .maybe_flash(ob(x, 11))
            .maybe_standard_copy_count(oi(x, 12))
            .maybe_flash_copy_count(oi(x, 13))
            .maybe_elimination_strategy(os(x, 14))
            .maybe_format(os(x, 15));
    } else {
        return std::move(fresh).region_id(sv(x, 0)).image_cache_id(sv(x, 1)).maybe_client_token(os(x, 2)).maybe_format(
            os(x, 3));
    }
}

// Calls the &-qualified setter, or the &&-qualified one and takes back what it returns.
#define ECIREQ_FUZZ_ADD(b, o, call)                                                                          \
    do {                                                                                                  \
        if ((o).rvalue) (b) = std::move(b).call;                                                         \
        else (b).call;                                                                                    \
    } while (0)

template <int A, class Builder>
void add_ops(Builder& b, input const& x)
{
    for (auto const& o : x.ops) {
        if constexpr (A == create || A == update) {
            if (o.kind == op_image) ECIREQ_FUZZ_ADD(b, o, image(o.a));
            if (o.kind == op_credential) ECIREQ_FUZZ_ADD(b, o, image_registry_credential(o.a, o.b, o.c));
            if (o.kind == op_acr) {
                // The first domains through the initializer list, the rest
                // through acr_registry_domain (which adds to the last entry).
                auto const& d = o.domains;
                switch (d.size()) {
                case 0: ECIREQ_FUZZ_ADD(b, o, acr_registry_info(o.a, o.b, o.c)); break;
                case 1: ECIREQ_FUZZ_ADD(b, o, acr_registry_info(o.a, o.b, o.c, {d[0]})); break;
                case 2: ECIREQ_FUZZ_ADD(b, o, acr_registry_info(o.a, o.b, o.c, {d[0], d[1]})); break;
                default: ECIREQ_FUZZ_ADD(b, o, acr_registry_info(o.a, o.b, o.c, {d[0], d[1], d[2]})); break;
                }
                for (std::size_t i = 3; i < d.size(); ++i) ECIREQ_FUZZ_ADD(b, o, acr_registry_domain(d[i]));
            }
            if (o.kind == op_domain) ECIREQ_FUZZ_ADD(b, o, acr_registry_domain(o.a));
        }
        if constexpr (A == create) {
            if (o.kind == op_arn) ECIREQ_FUZZ_ADD(b, o, acr_registry_arn(o.a, o.b));
        }
        if constexpr (A == create || A == describe || A == update) {
            if (o.kind == op_tag) ECIREQ_FUZZ_ADD(b, o, tag(o.a, o.b));
        }
        if constexpr (A == describe) {
            if (o.kind == op_match_image) ECIREQ_FUZZ_ADD(b, o, match_image(o.a));
        }
    }
}

template <int A, class Fresh>
auto build(Fresh fresh, input const& x)
{
    auto b = set_scalars<A>(std::move(fresh), x);
    add_ops<A>(b, x);
    return b;
}

template <int A>
auto action_fresh()
{
    if constexpr (A == create) return ecireq::create_image_cache();
    else if constexpr (A == describe) return ecireq::describe_image_caches();
    else if constexpr (A == update) return ecireq::update_image_cache();
    else return ecireq::delete_image_cache();
}

template <int A, std::size_t E, std::size_t N>
auto action_static()
{
    if constexpr (A == create) return ecireq::create_image_cache_static<E, N>();
    else if constexpr (A == describe) return ecireq::describe_image_caches_static<E, N>();
    else if constexpr (A == update) return ecireq::update_image_cache_static<E, N>();
    else return ecireq::delete_image_cache_static<E, N>();
}

template <int A>
struct spec_of;
template <> struct spec_of<create> { using type = ecireq::create_image_cache_spec; };
template <> struct spec_of<describe> { using type = ecireq::describe_image_caches_spec; };
template <> struct spec_of<update> { using type = ecireq::update_image_cache_spec; };
template <> struct spec_of<del> { using type = ecireq::delete_image_cache_spec; };

// What the model says the request holds: its parameters (without the
// common ones) and how many entries each repeated parameter has.
struct model {
    params action_params; // sorted; V3: without Format
    std::string format = "JSON";
    std::size_t images = 0, tags = 0, creds = 0, acrs = 0, matches = 0, max_domains = 0;
};

model expect(input const& x)
{
    model m;
    auto& e = m.action_params;
    field_table t = fields_of(x.action);
    for (std::size_t i = 0; i < t.n; ++i) {
        value const& v = x.vals[i];
        if (!v.set) continue;
        std::string name = t.f[i].api;
        if (name == "Format") {
            m.format = v.s; // a common parameter: V2 sends it with the others, V3 not at all
            continue;
        }
        switch (t.f[i].k) {
        case kind::str:
        case kind::choice: e.emplace_back(name, v.s); break;
        case kind::integer: e.emplace_back(name, std::to_string(v.i)); break;
        case kind::boolean: e.emplace_back(name, v.b ? "true" : "false"); break;
        }
    }
    // Repeated parameters: numbered here in call order, as the API defines.
    struct acr {
        std::string id, name, region, arn_service, arn_user;
        std::vector<std::string> domains;
    };
    std::vector<acr> acrs;
    auto last_acr = [&]() -> acr& {
        if (acrs.empty()) acrs.emplace_back();
        return acrs.back();
    };
    if (x.action == create) e.emplace_back("Image." + std::to_string(++m.images), x.first_image);
    for (auto const& o : x.ops) {
        switch (o.kind) {
        case op_image: e.emplace_back("Image." + std::to_string(++m.images), o.a); break;
        case op_match_image: e.emplace_back("MatchImage." + std::to_string(++m.matches), o.a); break;
        case op_tag: {
            std::string p = "Tag." + std::to_string(++m.tags);
            e.emplace_back(p + ".Key", o.a);
            e.emplace_back(p + ".Value", o.b);
            break;
        }
        case op_credential: {
            std::string p = "ImageRegistryCredential." + std::to_string(++m.creds);
            e.emplace_back(p + ".Server", o.a);
            e.emplace_back(p + ".UserName", o.b);
            e.emplace_back(p + ".Password", o.c);
            break;
        }
        case op_acr: acrs.push_back({o.a, o.b, o.c, {}, {}, o.domains}); break;
        case op_domain: last_acr().domains.push_back(o.a); break;
        case op_arn:
            last_acr().arn_service = o.a;
            last_acr().arn_user = o.b;
            break;
        }
    }
    m.acrs = acrs.size();
    for (std::size_t i = 0; i < acrs.size(); ++i) {
        std::string p = "AcrRegistryInfo." + std::to_string(i + 1);
        auto put = [&](char const* member, std::string const& v) {
            if (!v.empty()) e.emplace_back(p + "." + member, v); // left out when empty
        };
        put("InstanceId", acrs[i].id);
        put("InstanceName", acrs[i].name);
        put("RegionId", acrs[i].region);
        put("ArnService", acrs[i].arn_service);
        put("ArnUser", acrs[i].arn_user);
        for (std::size_t j = 0; j < acrs[i].domains.size(); ++j)
            e.emplace_back(p + ".Domain." + std::to_string(j + 1), acrs[i].domains[j]);
        m.max_domains = std::max(m.max_domains, acrs[i].domains.size());
    }
    std::sort(e.begin(), e.end());
    return m;
}

// The second storage: with a fixed capacity, does the request fit? (An
// entry too many is capacity_exceeded, never dropped.)
struct capacity {
    bool fixed;
    std::size_t entries, nested;
};
bool fits(model const& m, int action, capacity c)
{
    if (!c.fixed) return true;
    // A repeated parameter whose API limit is at most 20 holds that limit, any other `entries`.
    auto cap = [&](std::size_t api_max) { return api_max != 0 && api_max <= 20 ? api_max : c.entries; };
    std::size_t image_api = action == create ? 20 : 0, cred_api = action == create ? 10 : 0;
    return m.images <= cap(image_api) && m.tags <= cap(20) && m.creds <= cap(cred_api) && m.acrs <= cap(0) &&
           m.matches <= cap(100) && m.max_domains <= c.nested;
}

// ---------------------------------------------------------------------------
// Independent computations: UTC text, percent-encoding, canonical query,
// signatures (OpenSSL one-shot HMAC and SHA-256, not the library's code).

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

// RFC 3986: unreserved bytes stay, every other byte is %XX (upper-case hex).
std::string pct(std::string_view s)
{
    static const char hex[] = "0123456789ABCDEF";
    std::string o;
    for (unsigned char c : s) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            o += static_cast<char>(c);
        } else {
            o += '%';
            o += hex[c >> 4];
            o += hex[c & 15];
        }
    }
    return o;
}

std::string canonical(params p) // sorted by name, byte order
{
    std::sort(p.begin(), p.end());
    std::string o;
    for (auto const& kv : p) {
        if (!o.empty()) o += '&';
        o += pct(kv.first) + "=" + pct(kv.second);
    }
    return o;
}

std::string hmac(EVP_MD const* md, std::string_view key, std::string_view data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    static const unsigned char empty = 0;
    void const* k = key.empty() ? static_cast<void const*>(&empty) : static_cast<void const*>(key.data());
    if (!HMAC(md, k, static_cast<int>(key.size()),
              reinterpret_cast<unsigned char const*>(data.data()), data.size(), out, &n))
        fail("HMAC");
    return std::string(reinterpret_cast<char*>(out), n);
}

std::string hex(std::string_view bytes)
{
    static const char digits[] = "0123456789abcdef";
    std::string o;
    for (unsigned char c : bytes) {
        o += digits[c >> 4];
        o += digits[c & 15];
    }
    return o;
}

std::string sha256_hex(std::string_view data)
{
    unsigned char d[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<unsigned char const*>(data.data()), data.size(), d);
    return hex(std::string_view(reinterpret_cast<char*>(d), sizeof d));
}

std::string base64(std::string_view bytes)
{
    std::string o(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(&o[0]), reinterpret_cast<unsigned char const*>(bytes.data()),
                            static_cast<int>(bytes.size()));
    o.resize(static_cast<std::size_t>(n));
    return o;
}

// V2: Base64(HMAC-SHA1(secret + "&", METHOD&%2F&encode(canonical query))).
std::string v2_signature(std::string const& secret, bool post, params const& all)
{
    std::string sts = std::string(post ? "POST" : "GET") + "&%2F&" + pct(canonical(all));
    return base64(hmac(EVP_sha1(), secret + "&", sts));
}

// ---------------------------------------------------------------------------
// Decoding what was signed.

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

std::string show(params const& got, params const& expected)
{
    std::string d;
    for (auto const& p : got) d += "\n  got " + p.first + "=" + p.second;
    for (auto const& p : expected) d += "\n  exp " + p.first + "=" + p.second;
    return d;
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

// A V3 header block or list, as a server reads it: names lower-cased,
// values trimmed of spaces and tabs, sorted. `ok` is false for a block that
// does not split into "name:value" lines.
params header_set(std::string_view block, bool& ok)
{
    params out;
    ok = true;
    while (!block.empty() && (block.back() == '\n' || block.back() == '\r')) block.remove_suffix(1);
    while (!block.empty()) {
        std::size_t eol = block.find('\n');
        std::string_view line = block.substr(0, eol);
        block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) {
            ok = false;
            return out;
        }
        out.emplace_back(lower(line.substr(0, colon)), std::string(trim_blank(line.substr(colon + 1))));
    }
    std::sort(out.begin(), out.end());
    return out;
}

params header_set(std::vector<ecireq::http_header> const& h)
{
    params out;
    for (auto const& x : h) out.emplace_back(lower(x.name), std::string(trim_blank(x.value)));
    std::sort(out.begin(), out.end());
    return out;
}

// ---------------------------------------------------------------------------
// No secret in an error.

// The same string with each byte replaced by another of the same class: a
// printable, non-space ASCII byte by another (ROT47), a UTF-8 continuation
// byte by its neighbour (which keeps every rule of UTF-8 well-formedness,
// whose ranges all start at an even byte), anything else (control bytes,
// space, DEL, lead bytes) kept. So whatever the library checks of a secret
// (empty, surrounding whitespace, control characters, UTF-8) gives the same
// answer for both, and an error that differs between them depends on the
// secret's content.
std::string shift(std::string_view s)
{
    std::string o(s);
    for (char& ch : o) {
        auto c = static_cast<unsigned char>(ch);
        if (c >= 0x21 && c <= 0x7e) c = static_cast<unsigned char>(0x21 + (c - 0x21 + 47) % 94);
        else if (c >= 0x80 && c <= 0xbf) c ^= 1;
        ch = static_cast<char>(c);
    }
    return o;
}

// The names a signing error may hold: the action's parameters (a repeated
// one with its indices as N), and what signing itself uses.
bool known_sign_name(int action, std::string_view p)
{
    static char const* const signing[] = {"AccessKeyId", "AccessKeySecret", "SecurityToken", "SignatureNonce",
                                          "Timestamp", "scheme", "endpoint", "output", "body", "headers",
                                          "Signature", "x-acs-content-sha256", "parameter name"};
    for (auto s : signing)
        if (p == s) return true;
    field_table t = fields_of(action);
    for (std::size_t i = 0; i < t.n; ++i)
        if (p == t.f[i].api) return true;
    // Indices to "N".
    std::string norm;
    std::size_t i = 0;
    while (i <= p.size()) {
        std::size_t dot = p.find('.', i);
        std::string_view seg = p.substr(i, dot == std::string_view::npos ? std::string_view::npos : dot - i);
        bool digits = !seg.empty() && std::all_of(seg.begin(), seg.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!norm.empty()) norm += '.';
        norm += digits ? std::string("N") : std::string(seg);
        if (dot == std::string_view::npos) break;
        i = dot + 1;
    }
    std::vector<std::string> groups;
    auto group = [&](std::string g, std::initializer_list<char const*> members, bool nested = false) {
        groups.push_back(g);
        groups.push_back(g + ".N");
        for (auto m : members) groups.push_back(g + ".N." + m);
        if (nested) groups.push_back(g + ".N.Domain.N");
    };
    if (action == create || action == update) {
        group("Image", {});
        group("ImageRegistryCredential", {"Server", "UserName", "Password"});
        if (action == create) group("AcrRegistryInfo", {"InstanceId", "InstanceName", "RegionId", "ArnService", "ArnUser"}, true);
        else group("AcrRegistryInfo", {"InstanceId", "InstanceName", "RegionId"}, true);
    }
    if (action != del) group("Tag", {"Key", "Value"});
    if (action == describe) group("MatchImage", {});
    return std::find(groups.begin(), groups.end(), norm) != groups.end();
}

// The message is the parameter, ": ", and the errc's fixed text (with the limit).
void check_message_form(ecireq::error const& e)
{
    std::string bare = ecireq::error(e.value(), {}, e.limit()).message();
    std::string p(e.parameter());
    CHECK_THAT(e.message() == (p.empty() ? bare : p + ": " + bare), e.message());
}

// The secret values the bytes supplied: the AccessKeySecret, the STS token,
// the registry passwords.
std::vector<std::string> secrets_of(input const& x)
{
    std::vector<std::string> s{x.secret, x.sts};
    for (auto const& o : x.ops)
        if (o.kind == op_credential) s.push_back(o.c);
    return s;
}

input shifted(input const& x)
{
    input y = x;
    y.secret = shift(x.secret);
    y.sts = shift(x.sts);
    for (auto& o : y.ops)
        if (o.kind == op_credential) o.c = shift(o.c);
    return y;
}

// An error from signing: a known errc, naming a parameter of the action or of
// signing, in the fixed form; and no secret in it: `again` is the error the
// same request gives with every secret shift()ed, which must be the same
// error, and a secret found in the message must then be found there in the
// shifted run too (so it is the fixed text's, not the secret's), or, for a
// secret shift() leaves as it is, be a lone space.
void check_sign_error(ecireq::error const& e, input const& x, std::optional<ecireq::error> const& again)
{
    CHECK_THAT(known_error(e), e.message());
    CHECK_THAT(known_sign_name(x.action, e.parameter()), e.message());
    check_message_form(e);
    if (!again) return;
    CHECK_THAT(same_error(e, *again), e.message() + " / with other secrets: " + again->message());
    std::string msg = e.message(), msg2 = again->message();
    for (auto const& s : secrets_of(x)) {
        if (s.empty() || !contains(msg, s)) continue;
        if (shift(s) != s) CHECK_THAT(contains(msg2, s), "secret in the message: " + msg);
        else CHECK_THAT(s == " ", "secret in the message: " + msg);
    }
}

// An error from verifying a tampered request: a known errc, whose parameter
// is a fixed label, a position ("parameter 3"), or a name (never a value)
// that the request holds, as an independent parse of it finds them; and no
// secret value in the message unless the message that label or name makes
// holds it too.
template <class Names>
void check_verify_error(ecireq::error const& e, input const& x, Names&& get_names)
{
    CHECK_THAT(known_error(e), e.message());
    check_message_form(e);
    static char const* const labels[] = {
        "Signature", "SignatureMethod", "SignatureVersion", "AccessKeyId", "AccessKeySecret", "SecurityToken",
        "SignatureNonce", "Timestamp", "fragment", "url", "query", "body", "path", "headers", "authorization",
        "SignedHeaders", "host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce",
        "x-acs-version", "x-acs-security-token", "x-acs-accesskey-id", "(empty name)", "(unprintable name)",
        "parameter name"};
    std::string_view p = e.parameter();
    auto cut = [](std::string_view n) { return n.substr(0, ecireq::error::max_parameter_length); };
    bool position = p.size() > 10 && p.substr(0, 10) == "parameter " &&
                    std::all_of(p.begin() + 10, p.end(), [](char c) { return c >= '0' && c <= '9'; });
    bool label = position || std::any_of(std::begin(labels), std::end(labels), [&](char const* l) { return p == l; });
    // The request's names, parsed only when they are needed.
    std::vector<std::string> names;
    bool have_names = false;
    auto request_names = [&]() -> std::vector<std::string> const& {
        if (!have_names) names = get_names();
        have_names = true;
        return names;
    };
    bool named = label || std::any_of(request_names().begin(), request_names().end(),
                                      [&](std::string const& n) { return cut(n) == p; });
    std::string msg = e.message();
    CHECK_THAT(named, "an error names neither a label nor a name of the request: " + msg);
    std::string safe; // the messages the labels and names make (built only when needed)
    for (auto const& s : secrets_of(x)) {
        if (s.empty() || !contains(msg, s)) continue;
        if (safe.empty()) {
            auto message_with = [&](std::string_view name) {
                return ecireq::error(e.value(), name, e.limit()).message() + "\n";
            };
            for (auto l : labels) safe += message_with(l);
            for (auto const& n : request_names()) safe += message_with(n);
            if (position) safe += message_with(p);
        }
        if (!contains(safe, s)) fail("secret in a verify error", msg);
    }
}

// The names in an encoded query: of the parts that have a value (a part
// without '=' is all value as far as anyone knows), decoded and encoded.
void names_in_query(std::string const& q, std::vector<std::string>& names)
{
    auto r = boost::urls::parse_query(q); // q is a std::string: NUL-terminated (boostorg/url#757)
    if (!r) return;
    for (auto const& p : *r) {
        if (!p.has_value) continue;
        names.emplace_back(p.key.data(), p.key.size());
        names.push_back(p.key.decode({false, false, false}));
    }
}

// The names in a V3 header block: the text before each line's ':', lower
// and as sent, and the entries of the SignedHeaders an authorization lists.
void names_in_headers(std::string_view block, std::vector<std::string>& names)
{
    while (!block.empty()) {
        std::size_t eol = block.find('\n');
        std::string_view line = block.substr(0, eol);
        block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 1);
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string_view name = line.substr(0, colon);
        if (!ecireq::detail::is_token(name)) continue; // not a name a server would read
        names.emplace_back(name);
        names.push_back(lower(name));
        std::string_view value = line.substr(colon + 1);
        std::size_t at = value.find("SignedHeaders=");
        if (at != std::string_view::npos) {
            std::string_view list = value.substr(at + 14);
            list = list.substr(0, list.find(','));
            while (true) {
                std::size_t semi = list.find(';');
                names.emplace_back(list.substr(0, semi));
                if (semi == std::string_view::npos) break;
                list.remove_prefix(semi + 1);
            }
        }
    }
}

// ---------------------------------------------------------------------------

struct context {
    input const& x;
    model const& m;
    ecireq::credentials const& creds;
    ecireq::sign_options const& opts;
    ecireq::rpc::time_point now;
    std::string host, scheme;
};

// The error the same request gives with every secret shift()ed (primary
// storage, same scheme and method).
template <int A>
ecireq::error sign_error_with_shifted_secrets(context const& c)
{
    input y = shifted(c.x);
    ecireq::credentials creds{y.id, y.secret, y.sts};
    auto b = build<A>(action_fresh<A>(), y);
    if (c.x.v3) {
        auto r = b.sign_v3(creds, c.opts, c.x.post ? ecireq::http_method::post : ecireq::http_method::get);
        if (r) fail("signs with other secrets of the same shape");
        return r.error();
    }
    auto r = b.sign(creds, c.opts);
    if (r) fail("signs with other secrets of the same shape");
    return r.error();
}

// Signing failed: the checks of an error, and its relation to validate().
template <int A, class Builder>
void check_failed(Builder const& b, context const& c, ecireq::error const& e)
{
    check_sign_error(e, c.x, sign_error_with_shifted_secrets<A>(c));
    auto v = b.validate();
    if (v) {
        // The request is valid: the failure is about what only signing uses.
        auto p = e.parameter();
        CHECK_THAT(p == "AccessKeyId" || p == "AccessKeySecret" || p == "SecurityToken" || p == "SignatureNonce" ||
                       p == "scheme" || p == "endpoint" || p == "Timestamp",
                   e.message());
    } else if (c.creds.check()) {
        // Credentials are checked first, then the parameters, as validate() does.
        const ecireq::error ve = v.error();
        CHECK_THAT(same_error(e, ve), e.message() + " / validate: " + ve.message());
    }
}

// ---- V2 --------------------------------------------------------------------

// Checks decoded V2 parameters (Signature included) against the model and
// the independently computed signature.
void check_v2_params(params got, context const& c, bool post)
{
    input const& x = c.x;
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
    params expected = c.m.action_params;
    expected.emplace_back("AccessKeyId", x.id);
    expected.emplace_back("Action", action_names[x.action]);
    expected.emplace_back("Format", c.m.format);
    expected.emplace_back("SignatureMethod", "HMAC-SHA1");
    expected.emplace_back("SignatureVersion", "1.0");
    expected.emplace_back("Timestamp", utc_text(x.secs));
    expected.emplace_back("Version", "2018-08-08");
    if (!x.sts.empty()) expected.emplace_back("SecurityToken", x.sts);
    std::sort(expected.begin(), expected.end());
    if (got != expected) fail("decoded parameters differ from the input", show(got, expected));
    expected.emplace_back("SignatureNonce", nonce);
    std::string want = v2_signature(x.secret, post, expected);
    CHECK_THAT(sig == want, sig + " != " + want);
}

// Replaces one byte of a signed query (chosen by the input). Whatever verify
// still accepts must decode to the same parameters: an accepted request can
// differ from the signed one only in how it is encoded.
void tamper_v2(std::string const& query, bool post, context const& c)
{
    if (query.empty()) return;
    std::string t = query;
    t[c.x.flip_at % t.size()] = static_cast<char>(c.x.flip_to);
    if (t == query) return;
    exact_copy exact(t);
    auto r = ecireq::verify_query(post ? ecireq::http_method::post : ecireq::http_method::get, exact.view(), c.creds,
                                  c.now);
    if (!r) {
        check_verify_error(r.error(), c.x, [&] {
            std::vector<std::string> names;
            names_in_query(query, names);
            names_in_query(t, names);
            return names;
        });
        return;
    }
    auto a = boost::urls::parse_query(query);
    auto b = boost::urls::parse_query(t);
    CHECK_THAT(a && b);
    // verify refuses raw '+', so decoding with '+' as space changes nothing.
    CHECK_THAT(decode(*a) == decode(*b), query + " vs " + t);
}

struct v2_signed {
    std::string url, post_url, body;
};

template <int A, class Builder>
std::optional<v2_signed> run_v2(Builder const& b, context const& c, std::optional<ecireq::error>& err)
{
    input const& x = c.x;
    auto get = b.sign(c.creds, c.opts);
    auto post = b.sign_post(c.creds, c.opts);
    CHECK_THAT(get.has_value() == post.has_value());
    if (!get) {
        const ecireq::error e = get.error(), pe = post.error();
        CHECK_THAT(same_error(e, pe), e.message() + " / " + pe.message());
        check_failed<A>(b, c, e);
        err = e;
        return std::nullopt;
    }
    CHECK_THAT(b.validate().has_value());
    v2_signed out{std::string(get->buffer()), std::string(post->url.buffer()), post->body};

    // GET: the URL parses, the parameters are the input, verify accepts.
    auto u = boost::urls::parse_uri(get->buffer());
    CHECK_THAT(u.has_value(), out.url);
    CHECK_THAT(!u->has_fragment() && u->encoded_path() == "/", out.url);
    CHECK_THAT(u->encoded_host_and_port() == c.host, out.url);
    CHECK_THAT(u->scheme() == c.scheme, out.url);
    check_v2_params(decode(u->params()), c, false);
    CHECK_THAT(decode(u->params()) == decode(u->encoded_params()));
    auto vg = ecireq::verify(*u, c.creds, c.now);
    CHECK_THAT(vg.has_value(), vg ? std::string() : vg.error().message());

    // POST: no query in the URL, the body holds the same parameters.
    auto pu = boost::urls::parse_uri(post->url.buffer());
    CHECK_THAT(pu.has_value() && !pu->has_query() && !pu->has_fragment(), out.post_url);
    CHECK_THAT(pu->encoded_host_and_port() == c.host && pu->encoded_path() == "/", out.post_url);
    auto pb = boost::urls::parse_query(post->body);
    CHECK_THAT(pb.has_value(), post->body);
    check_v2_params(decode(*pb), c, true);
    auto vp = ecireq::verify(*post, c.creds, c.now);
    CHECK_THAT(vp.has_value(), vp ? std::string() : vp.error().message());
    exact_copy body(post->body), url_text(out.url);
    auto vb = ecireq::verify_post(body.view(), c.creds, c.now);
    CHECK_THAT(vb.has_value(), vb ? std::string() : vb.error().message());
    auto vt = ecireq::verify(url_text.view(), c.creds, c.now);
    CHECK_THAT(vt.has_value(), vt ? std::string() : vt.error().message());

    // The two signatures differ only through the method in the string to sign.
    auto as_post = ecireq::verify_post(get->encoded_query(), c.creds, c.now);
    CHECK_THAT(!as_post && as_post.error() == ecireq::errc::signature_mismatch);

    // Into a caller buffer of the chosen size: the same URL, or
    // buffer_too_small with a size that then suffices.
    std::vector<char> buf(x.buf1);
    auto v = b.sign_to(c.creds, buf.data(), buf.size(), c.opts);
    if (!v) {
        CHECK_THAT(v.error() == ecireq::errc::buffer_too_small && v.error().parameter() == "output", v.error().message());
        CHECK_THAT(v.error().limit() > static_cast<std::int64_t>(x.buf1));
        CHECK_THAT(buf.empty() || buf[0] == '\0');
        // The size must suffice whatever the signature (a random nonce
        // changes it, and with it the length of its encoding).
        buf.resize(static_cast<std::size_t>(v.error().limit()));
        v = b.sign_to(c.creds, buf.data(), buf.size(), c.opts);
        CHECK_THAT(v.has_value(), v ? std::string() : v.error().message());
    }
    CHECK_THAT(v->data() == buf.data() && buf[v->size()] == '\0');
    // Same text as sign() with a fixed nonce; with a random one, at least valid.
    if (x.custom_nonce) CHECK_THAT(std::string(*v) == out.url, std::string(*v));
    else CHECK_THAT(ecireq::verify(*v, c.creds, c.now).has_value());

    // POST into two caller buffers: the same, or buffer_too_small naming the
    // buffer, with a size that then suffices.
    std::vector<char> ub(x.buf1), bb(x.buf2);
    auto pv = b.sign_post_to(c.creds, ub.data(), ub.size(), bb.data(), bb.size(), c.opts);
    bool url_grown = false, body_grown = false;
    while (!pv) {
        const ecireq::error e = pv.error();
        CHECK_THAT(e == ecireq::errc::buffer_too_small && (e.parameter() == "output" || e.parameter() == "body"),
                   e.message());
        CHECK_THAT((ub.empty() || ub[0] == '\0') && (bb.empty() || bb[0] == '\0'));
        bool url = e.parameter() == "output";
        // The size given must suffice whatever the signature: a random nonce
        // changes it, and with it the length of its encoding (finding 16).
        if (url ? url_grown : body_grown) fail("the size buffer_too_small gave does not suffice", e.message());
        (url ? url_grown : body_grown) = true;
        auto& grow = url ? ub : bb;
        CHECK_THAT(e.limit() > static_cast<std::int64_t>(grow.size()), e.message());
        grow.resize(static_cast<std::size_t>(e.limit()));
        pv = b.sign_post_to(c.creds, ub.data(), ub.size(), bb.data(), bb.size(), c.opts);
    }
    CHECK_THAT(pv->url == out.post_url, std::string(pv->url));
    if (x.custom_nonce) CHECK_THAT(pv->body == out.body, std::string(pv->body));
    else CHECK_THAT(ecireq::verify(*pv, c.creds, c.now).has_value());

    // Into a boost::urls::static_url: the same URL, or buffer_too_small.
    boost::urls::static_url<1024> su;
    auto sr = b.sign_to(c.creds, su, c.opts);
    if (!sr) {
        // A size that suffices whatever the signature: more than fits.
        CHECK_THAT(sr.error() == ecireq::errc::buffer_too_small && sr.error().limit() > 1025, sr.error().message());
        if (x.custom_nonce) CHECK_THAT(out.url.size() > 1024, sr.error().message());
    } else if (x.custom_nonce) {
        CHECK_THAT(std::string(su.buffer()) == out.url, std::string(su.buffer()));
    } else {
        CHECK_THAT(ecireq::verify(su, c.creds, c.now).has_value());
    }

    if (x.post) tamper_v2(post->body, true, c);
    else tamper_v2(std::string(get->encoded_query()), false, c);
    return out;
}

// ---- V3 --------------------------------------------------------------------

constexpr char const* empty_sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

struct v3_signed {
    std::string url, block;
    std::vector<ecireq::http_header> headers;
};

// The headers the model predicts, in order (authorization last), with the
// authorization computed here: SHA-256 of the canonical request, HMAC-SHA256.
std::vector<ecireq::http_header> expected_v3_headers(context const& c, std::string const& nonce)
{
    input const& x = c.x;
    std::string token(trim_blank(x.sts));
    std::vector<ecireq::http_header> h;
    h.push_back({"host", c.host});
    if (!token.empty()) h.push_back({"x-acs-accesskey-id", x.id});
    h.push_back({"x-acs-action", action_names[x.action]});
    h.push_back({"x-acs-content-sha256", empty_sha256});
    h.push_back({"x-acs-date", utc_text(x.secs)});
    if (!token.empty()) h.push_back({"x-acs-security-token", token});
    h.push_back({"x-acs-signature-nonce", std::string(trim_blank(nonce))});
    h.push_back({"x-acs-version", "2018-08-08"});
    std::string canon = std::string(x.post ? "POST" : "GET") + "\n/\n" + canonical(c.m.action_params) + "\n";
    std::string names;
    for (auto const& k : h) {
        canon += k.name + ":" + k.value + "\n";
        names += (names.empty() ? "" : ";") + k.name;
    }
    canon += "\n" + names + "\n" + empty_sha256;
    std::string sig = hex(hmac(EVP_sha256(), x.secret, "ACS3-HMAC-SHA256\n" + sha256_hex(canon)));
    h.push_back({"authorization", "ACS3-HMAC-SHA256 Credential=" + x.id + ",SignedHeaders=" + names + ",Signature=" + sig});
    return h;
}

// Replaces one byte of the URL, of the header block, or of one header of
// sign_v3's list. Whatever verify_v3 still accepts must be what was signed:
// the same decoded parameters, the same host, the same headers (names in
// any case, values with any spaces or tabs around them).
void tamper_v3(v3_signed const& s, ecireq::signed_request const& r, context const& c)
{
    input const& x = c.x;
    auto method = x.post ? ecireq::http_method::post : ecireq::http_method::get;
    std::string url = s.url, block = s.block;
    std::vector<ecireq::http_header> headers = r.headers;
    ecireq::result<void> v;
    char to = static_cast<char>(x.flip_to);
    if (x.flip_target == 0 || x.flip_target == 1) {
        std::string& t = x.flip_target == 0 ? url : block;
        if (t.empty()) return;
        t[x.flip_at % t.size()] = to;
        if (url == s.url && block == s.block) return;
        exact_copy u(url), b(block);
        v = ecireq::verify_v3(method, u.view(), b.view(), c.creds, c.now);
    } else {
        std::size_t total = 0;
        for (auto const& h : headers) total += h.name.size() + h.value.size();
        std::size_t at = x.flip_at % total;
        for (auto& h : headers) {
            if (at < h.name.size()) { h.name[at] = to; break; }
            at -= h.name.size();
            if (at < h.value.size()) { h.value[at] = to; break; }
            at -= h.value.size();
        }
        ecireq::signed_request t{r.method, r.url, headers};
        v = ecireq::verify_v3(t, c.creds, c.now);
        block.clear();
        for (auto const& h : headers) block += h.name + ": " + h.value + "\r\n";
    }
    if (!v) {
        check_verify_error(v.error(), x, [&] {
            std::vector<std::string> names;
            for (std::string const* u : {&s.url, static_cast<std::string const*>(&url)}) {
                auto pu = boost::urls::parse_uri_reference(*u);
                if (pu && pu->has_query()) names_in_query(std::string(pu->encoded_query()), names);
            }
            names_in_headers(s.block, names);
            names_in_headers(block, names);
            for (auto const& h : headers) names.push_back(lower(h.name));
            return names;
        });
        return;
    }
    auto a = boost::urls::parse_uri_reference(s.url);
    auto b = boost::urls::parse_uri_reference(url);
    CHECK_THAT(a && b, url);
    params pa = a->has_query() ? decode(a->encoded_params()) : params{};
    params pb = b->has_query() ? decode(b->encoded_params()) : params{};
    CHECK_THAT(pa == pb, s.url + " vs " + url);
    if (b->has_authority()) CHECK_THAT(lower(a->encoded_host_and_port()) == lower(b->encoded_host_and_port()), url);
    // (sign_v3 and sign_v3_to each draw a nonce: the list is compared with the list.)
    bool ok1 = true, ok2 = false;
    params ha = x.flip_target == 2 ? header_set(r.headers) : header_set(s.block, ok1), hb = header_set(block, ok2);
    CHECK_THAT(ok1 && ok2 && ha == hb, s.block + " vs " + block);
}

template <int A, class Builder>
std::optional<v3_signed> run_v3(Builder const& b, context const& c, std::optional<ecireq::error>& err)
{
    input const& x = c.x;
    auto method = x.post ? ecireq::http_method::post : ecireq::http_method::get;
    auto other = x.post ? ecireq::http_method::get : ecireq::http_method::post;
    auto r = b.sign_v3(c.creds, c.opts, method);
    std::vector<char> ub(x.buf1), hb(x.buf2);
    auto v = b.sign_v3_to(c.creds, ub.data(), ub.size(), hb.data(), hb.size(), c.opts, method);
    if (!r) {
        const ecireq::error e = r.error();
        // Every failure of sign_v3 comes before the buffers are looked at.
        CHECK_THAT(!v && same_error(v.error(), e), e.message());
        CHECK_THAT((ub.empty() || ub[0] == '\0') && (hb.empty() || hb[0] == '\0'));
        check_failed<A>(b, c, e);
        err = e;
        return std::nullopt;
    }
    CHECK_THAT(b.validate().has_value());
    // What V3 cannot carry is refused (finding 17): an AccessKeyId with ','
    // would end Credential= early, a nonce of blanks would arrive empty.
    CHECK_THAT(!contains(x.id, ","), x.id);
    CHECK_THAT(!x.custom_nonce || !trim_blank(x.nonce).empty(), x.nonce);
    for (int round = 0; !v && round < 2; ++round) {
        const ecireq::error e = v.error();
        CHECK_THAT(e == ecireq::errc::buffer_too_small && (e.parameter() == "output" || e.parameter() == "headers"),
                   e.message());
        CHECK_THAT((ub.empty() || ub[0] == '\0') && (hb.empty() || hb[0] == '\0'));
        auto& grow = e.parameter() == "output" ? ub : hb;
        CHECK_THAT(e.limit() > static_cast<std::int64_t>(grow.size()), e.message());
        grow.resize(static_cast<std::size_t>(e.limit()));
        v = b.sign_v3_to(c.creds, ub.data(), ub.size(), hb.data(), hb.size(), c.opts, method);
    }
    CHECK_THAT(v.has_value(), v ? std::string() : v.error().message());
    CHECK_THAT(v->method == method && r->method == method);
    CHECK_THAT(v->url.data() == ub.data() && ub[v->url.size()] == '\0');
    CHECK_THAT(v->headers.data() == hb.data() && hb[v->headers.size()] == '\0');
    v3_signed out{std::string(r->url.buffer()), std::string(v->headers), r->headers};

    // The URL: scheme and host as asked, path "/", and in the query exactly
    // the action's parameters, none of V2's common ones, in canonical form.
    auto u = boost::urls::parse_uri(r->url.buffer());
    CHECK_THAT(u.has_value(), out.url);
    CHECK_THAT(!u->has_fragment() && u->encoded_path() == "/", out.url);
    CHECK_THAT(u->encoded_host_and_port() == c.host && u->scheme() == c.scheme, out.url);
    CHECK_THAT(u->has_query() == !c.m.action_params.empty(), out.url);
    params got = u->has_query() ? decode(u->params()) : params{};
    if (got != c.m.action_params) fail("decoded V3 parameters differ from the input", show(got, c.m.action_params));
    CHECK_THAT(std::string(u->encoded_query()) == canonical(c.m.action_params), out.url);
    CHECK_THAT(v->url == out.url, std::string(v->url));

    // The headers: exactly those the model predicts, with the signature
    // computed here. A random nonce is read back (and must be a UUID v4).
    std::string nonce = x.nonce;
    if (!x.custom_nonce) {
        auto it = std::find_if(r->headers.begin(), r->headers.end(),
                               [](auto const& h) { return h.name == "x-acs-signature-nonce"; });
        CHECK_THAT(it != r->headers.end());
        nonce = it->value;
        CHECK_THAT(is_uuid_v4(nonce), nonce);
    }
    auto want = expected_v3_headers(c, nonce);
    bool same = want.size() == r->headers.size();
    for (std::size_t i = 0; same && i < want.size(); ++i)
        same = want[i].name == r->headers[i].name && want[i].value == r->headers[i].value;
    if (!same) {
        std::string d;
        for (auto const& h : r->headers) d += "\n  got " + h.name + ": " + h.value;
        for (auto const& h : want) d += "\n  exp " + h.name + ": " + h.value;
        fail("V3 headers differ from the model", d);
    }
    // sign_v3_to's block: the same headers as lines (the nonce is drawn per
    // call, so with a random one only the form is the same).
    std::string lines;
    for (auto const& h : r->headers) lines += h.name + ": " + h.value + "\r\n";
    bool ok = false;
    if (x.custom_nonce) CHECK_THAT(out.block == lines, out.block);
    else CHECK_THAT(header_set(out.block, ok).size() == r->headers.size() && ok, out.block);

    // Every verify_v3 overload accepts it, the request target form too; with
    // the other method it is signature_mismatch.
    auto check_ok = [&](ecireq::result<void> const& res, char const* what) {
        CHECK_THAT(res.has_value(),
                   std::string(what) + ": " + (res ? std::string() : res.error().message()) + "\n" + out.url + "\n" + lines);
    };
    check_ok(ecireq::verify_v3(*r, c.creds, c.now), "signed_request");
    check_ok(ecireq::verify_v3(*v, c.creds, c.now), "signed_request_view");
    exact_copy url_text(out.url), block_text(out.block), lines_text(lines);
    check_ok(ecireq::verify_v3(method, url_text.view(), block_text.view(), c.creds, c.now), "block");
    check_ok(ecireq::verify_v3(method, url_text.view(), lines_text.view(), c.creds, c.now), "lines");
    std::vector<std::pair<std::string, std::string>> pairs;
    for (auto const& h : r->headers) pairs.emplace_back(h.name, h.value);
    check_ok(ecireq::verify_v3(method, out.url, pairs, c.creds, c.now), "pairs");
    std::string target = "/" + (u->has_query() ? "?" + std::string(u->encoded_query()) : std::string());
    check_ok(ecireq::verify_v3(method, target, lines, c.creds, c.now), "request target");
    auto wrong = ecireq::verify_v3(other, out.url, lines, c.creds, c.now);
    CHECK_THAT(!wrong && wrong.error() == ecireq::errc::signature_mismatch);

    tamper_v3(out, *r, c);
    return out;
}

// ---- the second storage ----------------------------------------------------

// The same request in another storage, signed the same way: the same text
// (with a fixed nonce; with a random one, verify accepts it), or, exactly
// when the model says it does not fit, capacity_exceeded.
template <int A, class Fresh>
void run_second(Fresh fresh, capacity cap, context const& c, bool primary_ok,
                std::optional<ecireq::error> const& primary_error, std::optional<v2_signed> const& v2,
                std::optional<v3_signed> const& v3)
{
    input const& x = c.x;
    auto b = build<A>(std::move(fresh), x);
    bool fit = fits(c.m, x.action, cap);
    ecireq::result<void> res;
    if (!x.v3) {
        auto r = b.sign(c.creds, c.opts);
        if (r && primary_ok) {
            CHECK_THAT(fit, std::string(r->buffer()));
            if (x.custom_nonce) CHECK_THAT(std::string(r->buffer()) == v2->url, std::string(r->buffer()));
            else CHECK_THAT(ecireq::verify(*r, c.creds, c.now).has_value());
            // The no-heap POST form too.
            std::vector<char> ub(v2->post_url.size() + 1), bb(v2->body.size() + 64);
            auto p = b.sign_post_to(c.creds, ub.data(), ub.size(), bb.data(), bb.size(), c.opts);
            CHECK_THAT(p.has_value(), p ? std::string() : p.error().message());
            if (x.custom_nonce) CHECK_THAT(p->url == v2->post_url && p->body == v2->body, std::string(p->body));
            else CHECK_THAT(ecireq::verify(*p, c.creds, c.now).has_value());
            return;
        }
        if (r) fail("the second storage signs what the first refused", std::string(r->buffer()));
        res = r.error();
    } else {
        auto method = x.post ? ecireq::http_method::post : ecireq::http_method::get;
        std::size_t us = v3 ? v3->url.size() + 1 : 16, hs = v3 ? v3->block.size() + 1 : 16;
        std::vector<char> ub(us), hb(hs);
        auto r = b.sign_v3_to(c.creds, ub.data(), ub.size(), hb.data(), hb.size(), c.opts, method);
        if (r && primary_ok) {
            CHECK_THAT(fit, std::string(r->url));
            CHECK_THAT(r->url == v3->url, std::string(r->url));
            if (x.custom_nonce) CHECK_THAT(r->headers == v3->block, std::string(r->headers));
            else CHECK_THAT(ecireq::verify_v3(*r, c.creds, c.now).has_value());
            return;
        }
        if (r) fail("the second storage signs what the first refused", std::string(r->url));
        if (primary_ok && r.error() == ecireq::errc::buffer_too_small) fail("the second storage needs more room", r.error().message());
        res = r.error();
    }
    const ecireq::error e = res.error();
    check_sign_error(e, x, std::nullopt);
    if (primary_ok) {
        CHECK_THAT(!fit && e == ecireq::errc::capacity_exceeded, e.message());
    } else if (fit) {
        CHECK_THAT(same_error(e, *primary_error), e.message() + " / first storage: " + primary_error->message());
    }
}

template <int A>
void run_action(input const& x, context const& c)
{
    auto b = build<A>(action_fresh<A>(), x);
    std::optional<v2_signed> v2;
    std::optional<v3_signed> v3;
    std::optional<ecireq::error> err;
    if (x.v3) v3 = run_v3<A>(b, c, err);
    else v2 = run_v2<A>(b, c, err);
    bool ok = v2 || v3;
    static const bool trace = std::getenv("ECIREQ_FUZZ_TRACE") != nullptr;
    if (trace) {
        std::fprintf(stderr, "%s %s %s storage %d: ", action_names[x.action], x.v3 ? "V3" : "V2",
                     x.post ? "POST" : "GET", x.storage);
        if (v2) std::fprintf(stderr, "%s\n", v2->url.c_str());
        else if (v3) std::fprintf(stderr, "%s\n%s", v3->url.c_str(), v3->block.c_str());
        else std::fprintf(stderr, "%s\n", err->message().c_str());
    }

    using spec = typename spec_of<A>::type;
    switch (x.storage) {
    case 0: run_second<A>(action_static<A, 2, 2>(), {true, 2, 2}, c, ok, err, v2, v3); break;
    case 1: {
        static ecireq::request_values<spec, ecireq::static_storage<3, 2>> values;
        run_second<A>(ecireq::build_in(values), {true, 3, 2}, c, ok, err, v2, v3);
        break;
    }
    default: {
        // Not static: values that own heap memory and outlive a run would
        // make libFuzzer run every such input again to look for a leak.
        ecireq::request_values<spec, ecireq::owning_storage> values;
        run_second<A>(ecireq::build_in(values), {false, 0, 0}, c, ok, err, v2, v3);
        break;
    }
    }
}

// ---------------------------------------------------------------------------
// The raw modes: client text to the verifiers.

const ecireq::credentials raw_creds{"testid", "testsecret"};
const ecireq::credentials raw_sts_creds{"testid", "testsecret", "testtoken"};
const ecireq::rpc::time_point raw_now{std::chrono::seconds(1700000000)};

void raw_verify(std::string const& text)
{
    exact_copy exact(text);
    for (auto const& r : {ecireq::verify(exact.view(), raw_creds, raw_now), ecireq::verify_post(exact.view(), raw_creds, raw_now)})
        if (!r) CHECK_THAT(known_error(r.error()), r.error().message());
    // Also the timestamp check alone, with any text and any window.
    if (text.size() >= 20) {
        auto r = ecireq::detail::check_timestamp(std::string_view(text).substr(0, 20), raw_now,
                                                 std::chrono::hours(24 * 365 * 100));
        if (!r) CHECK_THAT(known_error(r.error()), r.error().message());
    }
}

// 'W', a flags byte (bit 0: POST, bit 1: credentials with an STS token), the
// URL up to the first newline, then the header block.
void raw_verify_v3(std::string_view text)
{
    if (text.empty()) return;
    unsigned char flags = static_cast<unsigned char>(text[0]);
    text.remove_prefix(1);
    auto method = flags & 1 ? ecireq::http_method::post : ecireq::http_method::get;
    auto const& creds = flags & 2 ? raw_sts_creds : raw_creds;
    std::size_t nl = text.find('\n');
    std::string_view url = text.substr(0, nl), block = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    exact_copy u(url), b(block);
    auto r = ecireq::verify_v3(method, u.view(), b.view(), creds, raw_now);
    if (!r) CHECK_THAT(known_error(r.error()), r.error().message());
    // The same headers as a list of pairs, split here (names as they are).
    std::vector<std::pair<std::string, std::string>> pairs;
    std::string_view rest = block;
    while (!rest.empty() && (rest.back() == '\n' || rest.back() == '\r')) rest.remove_suffix(1);
    while (!rest.empty()) {
        std::size_t eol = rest.find('\n');
        std::string_view line = rest.substr(0, eol);
        rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        std::size_t colon = line.find(':');
        pairs.emplace_back(line.substr(0, colon), colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1));
    }
    auto rp = ecireq::verify_v3(method, u.view(), pairs, creds, raw_now);
    if (!rp) CHECK_THAT(known_error(rp.error()), rp.error().message());
    // A request accepted as a block is accepted as pairs.
    if (r) CHECK_THAT(rp.has_value(), rp.error().message());
}

// ---------------------------------------------------------------------------
// Seeds.

input seed(int action, bool v3, bool post, int storage)
{
    input x;
    x.action = action;
    x.v3 = v3;
    x.post = post;
    x.storage = storage;
    field_table t = fields_of(action);
    x.vals.resize(t.n);
    for (std::size_t i = 0; i < t.n; ++i) {
        if (!t.f[i].required) continue;
        x.vals[i].set = true;
        std::string n = t.f[i].api;
        x.vals[i].s = n == "RegionId" ? "cn-hangzhou"
                      : n == "ImageCacheId" ? "imc-bp195erqe9o2pb09****"
                      : n == "SecurityGroupId" ? "sg-uf66jeqopgqa9hdn****"
                      : n == "VSwitchId" ? "vsw-uf6h3rbwbm90urjwa****"
                                            : "testcache";
    }
    x.first_image = "nginx:1.25";
    x.secs = 1700000000;
    x.custom_nonce = true;
    x.nonce = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf";
    x.buf1 = x.buf2 = 4096;
    return x;
}

void set(input& x, char const* api, std::string s)
{
    field_table t = fields_of(x.action);
    for (std::size_t i = 0; i < t.n; ++i)
        if (std::string_view(t.f[i].api) == api) {
            x.vals[i].set = true;
            x.vals[i].s = std::move(s);
            return;
        }
    fail("seed: no such field", api);
}
void set_int(input& x, char const* api, std::int64_t v)
{
    set(x, api, {});
    field_table t = fields_of(x.action);
    for (std::size_t i = 0; i < t.n; ++i)
        if (std::string_view(t.f[i].api) == api) x.vals[i].i = v;
}
void set_bool(input& x, char const* api, bool v)
{
    set(x, api, {});
    field_table t = fields_of(x.action);
    for (std::size_t i = 0; i < t.n; ++i)
        if (std::string_view(t.f[i].api) == api) x.vals[i].b = v;
}
op make_op(int kind, std::string a, std::string b = {}, std::string c = {}, std::vector<std::string> d = {})
{
    op o;
    o.kind = kind;
    o.a = std::move(a);
    o.b = std::move(b);
    o.c = std::move(c);
    o.domains = std::move(d);
    return o;
}

void write_file(std::string const& dir, char const* name, std::string const& bytes)
{
    std::ofstream f(dir + "/" + name, std::ios::binary);
    f << bytes;
    if (!f) fail("cannot write a seed", dir + "/" + name);
}

std::string encode(input x)
{
    writer w;
    visit(w, x);
    std::string bytes = w.bytes();
    if (!bytes.empty() && (bytes[0] == 'V' || bytes[0] == 'W')) fail("a seed would start a raw mode");
    return bytes;
}

void write_seeds(std::string const& dir)
{
    {
        input x = seed(update, false, false, 0);
        x.ops = {make_op(op_image, "nginx:1.25"), make_op(op_tag, "env", "prod")};
        write_file(dir, "request-basic", encode(x));
    }
    {
        input x = seed(update, false, true, 2);
        x.sts = "CAIS+token/with=chars&more";
        x.custom_id = x.custom_secret = true;
        x.id = "STS.NUxyz";
        x.secret = "a secret with spaces";
        write_file(dir, "request-sts", encode(x));
    }
    {
        input x = seed(update, false, false, 2);
        x.custom_endpoint = true;
        x.scheme = "http";
        x.endpoint = "eci-vpc.cn-hangzhou.aliyuncs.com:8080";
        x.custom_nonce = false;
        write_file(dir, "request-endpoint", encode(x));
    }
    {
        input x = seed(update, false, false, 1);
        set(x, "EipInstanceId", "eip-1");
        set(x, "ResourceGroupId", "rg-1");
        set(x, "ClientToken", "token-123");
        set_int(x, "ImageCacheSize", 20);
        set_int(x, "RetentionDays", 7);
        set_bool(x, "AutoMatchImageCache", true);
        set_bool(x, "Flash", false);
        set_int(x, "StandardCopyCount", 2);
        set_int(x, "FlashCopyCount", 1);
        set(x, "EliminationStrategy", "LRU");
        set(x, "Format", "XML");
        x.ops = {make_op(op_image, "a b&c=d#e?f%g+h"), make_op(op_credential, "registry.example.com", "user", "p@ss w+rd"),
                 make_op(op_acr, "cri-1", "inst", "cn-hangzhou", {"a.example.com", "b.example.com", "c.example.com", "d.example.com"}),
                 make_op(op_domain, "e.example.com")};
        write_file(dir, "request-many", encode(x));
    }
    {
        input x = seed(update, false, true, 0);
        for (int i = 0; i < 12; ++i) x.ops.push_back(make_op(i % 3 == 0 ? op_image : i % 3 == 1 ? op_tag : op_domain,
                                                             "v" + std::to_string(i), "w" + std::to_string(i)));
        x.ops[4].rvalue = x.ops[7].rvalue = true;
        write_file(dir, "request-repeated", encode(x));
    }
    {
        input x = seed(create, false, false, 0);
        set(x, "ZoneId", "cn-hangzhou-h");
        set(x, "OsType", "Linux");
        set(x, "InsecureRegistry", "harbor.local");
        set(x, "Annotations", "{\"k\":\"v\"}");
        x.ops = {make_op(op_image, "busybox"), make_op(op_credential, "r.example.com", "u", "pw"),
                 make_op(op_acr, "cri-2", "", "", {"x.example.com"}), make_op(op_arn, "acs:ram::1:role/a", "acs:ram::2:role/b"),
                 make_op(op_tag, "k", "")};
        x.ops[1].rvalue = true;
        write_file(dir, "create-v2", encode(x));
        x.v3 = true;
        x.storage = 1;
        x.sts = "sts-token";
        write_file(dir, "create-v3-sts", encode(x));
    }
    {
        input x = seed(describe, false, true, 1);
        set(x, "ImageCacheName", "testcache");
        set(x, "Image", "nginx");
        set_bool(x, "ImageMatchCountRequest", true);
        set_int(x, "Limit", 20);
        set(x, "NextToken", "abc==");
        x.ops = {make_op(op_match_image, "nginx:1.25"), make_op(op_match_image, "busybox"), make_op(op_tag, "env", "prod")};
        write_file(dir, "describe-v2", encode(x));
        x.v3 = true;
        x.post = false;
        x.storage = 2;
        write_file(dir, "describe-v3-get", encode(x));
    }
    {
        input x = seed(update, true, true, 1);
        x.ops = {make_op(op_image, "nginx:1.25"), make_op(op_acr, "cri-1", "n", "r", {"d1", "d2"})};
        x.flip_target = 1;
        x.flip_at = 17;
        x.flip_to = 'X';
        write_file(dir, "update-v3-post", encode(x));
    }
    {
        input x = seed(del, false, false, 0);
        set(x, "ClientToken", "tok");
        write_file(dir, "delete-v2", encode(x));
        x.v3 = true;
        x.sts = "sts token";
        x.flip_target = 2;
        write_file(dir, "delete-v3-sts", encode(x));
    }
    // What V3 must refuse (finding 17 of docs/trust.md).
    {
        input x = seed(del, true, true, 0);
        x.custom_id = true;
        x.id = "test,id";
        write_file(dir, "regress-v3-comma-id", encode(x));
        x.id = "testid";
        x.custom_id = false;
        x.nonce = " \t ";
        write_file(dir, "regress-v3-blank-nonce", encode(x));
    }
    // A V3 request as a client sends it, for the 'W' mode.
    {
        ecireq::fixed_clock clock{raw_now};
        ecireq::fixed_nonce nonce{"3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"};
        ecireq::sign_options o;
        o.clock = clock;
        o.nonce = nonce;
        auto r = ecireq::describe_image_caches().region_id("cn-hangzhou").image_cache_name("testcache").match_image("a b")
                     .sign_v3(raw_creds, o, ecireq::http_method::post);
        if (!r) fail("seed: sign_v3");
        std::string text = "W\x01" + std::string(r->url.buffer()) + "\n";
        for (auto const& h : r->headers) text += h.name + ": " + h.value + "\r\n";
        write_file(dir, "verify-v3", text);
    }
}

// Reads a structured input and runs it if its action is this part's.
void run_structured(std::uint8_t const* data, std::size_t size)
{
    FuzzedDataProvider in(data, size);
    input x;
    reader rd{in};
    visit(rd, x);

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
    model m = expect(x);
    // The endpoint as given, or the default host (an empty endpoint means the default).
    std::string host = x.custom_endpoint && !x.endpoint.empty() ? x.endpoint : "eci." + x.vals[0].s + ".aliyuncs.com";
    context c{x, m, creds, opts, now, host, x.custom_endpoint ? x.scheme : std::string("https")};
    switch (x.action) {
    case create: if constexpr (in_part(create)) run_action<create>(x, c); break;
    case describe: if constexpr (in_part(describe)) run_action<describe>(x, c); break;
    case update: if constexpr (in_part(update)) run_action<update>(x, c); break;
    default: if constexpr (in_part(del)) run_action<del>(x, c); break;
    }
}

} // namespace

#if ECIREQ_FUZZ_PART == 1
void ecireq_fuzz_part1(std::uint8_t const* data, std::size_t size) { run_structured(data, size); }
#else
#  if ECIREQ_FUZZ_PART == 2
void ecireq_fuzz_part1(std::uint8_t const* data, std::size_t size);
#  endif

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    if (char const* dir = std::getenv("ECIREQ_FUZZ_WRITE_SEEDS")) {
        write_seeds(dir);
        std::exit(0);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size)
{
    if (size == 0) return 0;
    if (data[0] == 'V') { // raw mode: the rest of the bytes are a URL / a POST body
        raw_verify(std::string(reinterpret_cast<char const*>(data) + 1, size - 1));
        return 0;
    }
    if (data[0] == 'W') { // raw V3 mode
        raw_verify_v3(std::string_view(reinterpret_cast<char const*>(data) + 1, size - 1));
        return 0;
    }
    run_structured(data, size);
#  if ECIREQ_FUZZ_PART == 2
    ecireq_fuzz_part1(data, size); // the actions of the other part
#  endif
    return 0;
}
#endif
