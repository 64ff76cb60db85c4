// Interop corpus: deterministic random requests of the four ECI actions
// (CreateImageCache, DescribeImageCaches, UpdateImageCache, DeleteImageCache)
// signed by ecireq with both signatures, V2 (HMAC-SHA1) and V3
// (ACS3-HMAC-SHA256), one JSON line each, for sign.js to re-sign with the
// official Node signers (see run.sh and docs/trust.md).
//
//   gen_corpus [COUNT [SEED]] > corpus.jsonl      (default 2400 requests, seed 20231114)
//
// Request n is of action n % 4, so the actions share the corpus evenly. Each
// action has one function below that fills its builder at random (every
// optional parameter present or absent, repeated parameters from none to
// more than ten entries, so that Name.10 sorts before Name.2) and records
// the parameters it set; the groups the actions share have shared helpers.
// The same builder is then signed twice: sign()/sign_post() (V2, GET or POST
// half of the time each) and sign_v3() (POST three times in four, else GET).
//
// Each line: {"n":..., "method":"GET"|"POST", "secret":"...",
//             "params":{every V2-signed parameter, decoded, without Signature},
//             "signature":"<ours, V2>",
//             "v3":{"method":"GET"|"POST", "access_key_id":"...", "secret":"...",
//                   "query":{every parameter in the V3 URL, decoded},
//                   "headers":{every signed header but authorization, as sent},
//                   "authorization":"<ours, V3>"}}
// The params and the query are read back from what the library produced (the
// V2 URL or POST body, the V3 URL), decoded with Boost.URL, so the oracle
// signs what was actually sent. Before writing a line the generator checks:
// V2: the decoded params are exactly the values it asked for, the host is the
// region's, and ecireq::verify accepts the request; V3: the method, that the
// URL is https://<region's host>/ with a query of exactly the parameters it
// asked for minus V2's common ones (Action, Version, Format, AccessKeyId,
// SecurityToken, Signature*, Timestamp), and that the headers are exactly
// host and the x-acs-* ones it expects (x-acs-accesskey-id and
// x-acs-security-token with a token), lowercase, sorted, authorization last
// and of the documented shape. It exits 2 if any check fails. Counts go to
// stderr.
//
// The V3 credentials, nonce and method come from a second random stream, so
// the V2 requests are drawn exactly as before V3 was added. The V3
// nonce and STS token are header values: as the SDKs and STS issue them
// (hex, UUID, base64), any printable ASCII with spaces and tabs (at the ends
// too, which the header value loses), or UTF-8 between two ASCII letters;
// never a control character, which the library refuses in a header, and
// never a non-ASCII character at an end (openapi-util trims Unicode spaces
// there, the library only spaces and tabs: see docs/trust.md).
//
// Build: g++ -std=c++17 -O1 -I<repo>/include gen_corpus.cpp -lboost_url -lcrypto
#include <ecireq.hpp>
#include <ecireq/verify/rpc_v2.hpp>

#include <boost/url/parse_query.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

// std::mt19937_64's output sequence is fixed by the standard; the
// distributions in <random> are not (they differ between standard
// libraries), so numbers are drawn from the engine with plain arithmetic.
// For the same reason an expression draws at most once where C++ leaves the
// order of evaluation open (the operands of +, the arguments of a call):
// g++ and clang++ evaluate those in different orders.
class rng {
public:
    explicit rng(std::uint64_t seed) : e_(seed) {}
    /// Uniform enough in [lo, hi] for test data (modulo bias is irrelevant here).
    std::uint64_t between(std::uint64_t lo, std::uint64_t hi) { return lo + e_() % (hi - lo + 1); }
    bool chance(unsigned percent) { return between(1, 100) <= percent; }
    template <class T, std::size_t N>
    T const& pick(T const (&a)[N]) { return a[between(0, N - 1)]; }

private:
    std::mt19937_64 e_;
};

void append_utf8(std::string& s, std::uint32_t cp)
{
    if (cp < 0x80) {
        s += static_cast<char>(cp);
    } else if (cp < 0x800) {
        s += static_cast<char>(0xC0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        s += static_cast<char>(0xE0 | (cp >> 12));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        s += static_cast<char>(0xF0 | (cp >> 18));
        s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// One character of a given class, as UTF-8.
void append_char(rng& r, std::string& s)
{
    static constexpr char reserved[] = ":/?#[]@!$&'()*+,;=";
    static constexpr char unreserved[] = "-_.~";
    static constexpr char const* percents[] = {"%", "%20", "%2B", "%25", "%%", "%zz", "%E4%B8%AD"};
    switch (r.between(0, 11)) {
    case 0: case 1: case 2: // letters and digits, the bulk of real values
        s += "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[r.between(0, 61)];
        break;
    case 3: s += reserved[r.between(0, sizeof reserved - 2)]; break;
    case 4: s += unreserved[r.between(0, sizeof unreserved - 2)]; break;
    case 5: s += ' '; break;
    case 6: // '%' alone or as something that looks like an escape
        s += r.pick(percents);
        break;
    case 7: append_utf8(s, static_cast<std::uint32_t>(r.between(0x20, 0x7E))); break; // any printable ASCII
    case 8: append_utf8(s, static_cast<std::uint32_t>(r.between(0, 0x1F))); break;    // control, NUL included
    case 9: append_utf8(s, static_cast<std::uint32_t>(r.between(0x80, 0x7FF))); break; // 2-byte UTF-8
    case 10: { // 3-byte UTF-8, no surrogates (not valid UTF-8)
        std::uint32_t cp;
        do cp = static_cast<std::uint32_t>(r.between(0x800, 0xFFFF)); while (cp >= 0xD800 && cp <= 0xDFFF);
        append_utf8(s, cp);
        break;
    }
    default: append_utf8(s, static_cast<std::uint32_t>(r.between(0x10000, 0x10FFFF))); break; // 4-byte UTF-8
    }
}

/// A value of 1..max characters (0..max when it may be empty), now and then
/// several KiB long.
std::string value(rng& r, std::size_t max = 24, bool may_be_empty = false)
{
    std::size_t n;
    if (r.chance(3)) n = r.between(2048, 6144);
    else n = r.between(may_be_empty ? 0 : 1, max);
    std::string s;
    for (std::size_t i = 0; i < n; ++i) append_char(r, s);
    return s;
}

std::string ascii(rng& r, std::size_t lo, std::size_t hi, std::string_view alphabet)
{
    std::string s;
    for (std::size_t n = r.between(lo, hi); n > 0; --n) s += alphabet[r.between(0, alphabet.size() - 1)];
    return s;
}

constexpr std::string_view alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

constexpr std::string_view lower = "abcdefghijklmnopqrstuvwxyz";
constexpr std::string_view hex_digits = "0123456789abcdef";
constexpr std::string_view base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Text for a V3 header value: printable ASCII, spaces and tabs (what HTTP
/// header values hold in practice).
std::string header_text(rng& r, std::size_t lo, std::size_t hi)
{
    static constexpr char printable_or_tab[] =
        "\t !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    return ascii(r, lo, hi, std::string_view(printable_or_tab, sizeof printable_or_tab - 1));
}

/// Text for a V3 header value with UTF-8 in it: any characters but control
/// ones (which the library refuses in a header; each becomes a space or a
/// tab), between two ASCII letters, so that no non-ASCII character is at an
/// end (see docs/trust.md on trimming).
std::string header_text_utf8(rng& r, std::size_t max)
{
    std::string s = "x";
    for (std::size_t i = 0, n = r.between(1, max); i < n; ++i) {
        std::string c;
        append_char(r, c);
        if (c.size() == 1 && (static_cast<unsigned char>(c[0]) < 0x20 || c[0] == 0x7F)) c = r.chance(50) ? " " : "\t";
        s += c;
    }
    return s + "x";
}

std::string v3_token_draw(rng& r);

/// A V3 STS token: as issued (alphanumeric, or base64 as real tokens are),
/// padded with spaces and tabs, any printable ASCII, or with UTF-8 inside;
/// never blanks only, which the library refuses (surrounding_whitespace).
std::string v3_token(rng& r)
{
    std::string t = v3_token_draw(r);
    if (t.find_first_not_of(" \t") == std::string::npos) t.insert(0, "T");
    return t;
}

std::string v3_token_draw(rng& r)
{
    switch (r.between(0, 4)) {
    case 0: return ascii(r, 300, 900, alnum);
    case 1: {
        std::string t = "CAIS" + ascii(r, 200, 800, base64);
        return t + ascii(r, 0, 2, "=");
    }
    case 2: {
        std::string t = ascii(r, 0, 3, " \t");
        t += ascii(r, 20, 200, base64);
        return t + ascii(r, 1, 3, " \t");
    }
    case 3: return header_text(r, 1, 200);
    default: return header_text_utf8(r, 100);
    }
}

/// A V3 nonce: a UUID, 32 hex digits (what the SDKs send), any printable
/// ASCII, or UTF-8 inside, up to the 64 bytes the library accepts.
std::string v3_nonce(rng& r)
{
    switch (r.between(0, 3)) {
    case 0: {
        std::string s = ascii(r, 8, 8, hex_digits);
        s += "-" + ascii(r, 4, 4, hex_digits);
        s += "-4" + ascii(r, 3, 3, hex_digits);
        s += "-a" + ascii(r, 3, 3, hex_digits);
        return s + "-" + ascii(r, 12, 12, hex_digits);
    }
    case 1: return ascii(r, 32, 32, hex_digits);
    case 2: return header_text(r, 1, 64);
    default: {
        std::string s;
        do s = header_text_utf8(r, 14); while (s.size() > ecireq::nonce_buffer::capacity);
        return s;
    }
    }
}

/// A secret as the library takes it: one that starts or ends with a space
/// or a control character (a paste accident, which the library may refuse)
/// gets a letter at both ends; inside, it stays any text. No draw, so the
/// random stream is the same either way.
std::string unpadded(std::string s)
{
    auto edge = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
    if (!s.empty() && (edge(s.front()) || edge(s.back()))) return "k" + s + "k";
    return s;
}

/// What a header value becomes: without spaces and tabs at its ends.
std::string trim(std::string_view v)
{
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    return std::string(v);
}

/// An image reference: mostly what people write ("nginx:1.25",
/// "registry.example.com/team/app:3.1"), otherwise any text.
std::string image_name(rng& r)
{
    if (r.chance(50)) return value(r, 60);
    std::string s;
    if (r.chance(30)) {
        s = ascii(r, 3, 10, lower) + ".example.com";
        s += r.chance(30) ? ":5000/" : "/";
    }
    if (r.chance(30)) s += ascii(r, 2, 8, lower) + "/";
    s += ascii(r, 3, 20, lower) + ":";
    s += ascii(r, 1, 8, "0123456789.");
    return s;
}

/// How many entries a repeated parameter gets: none a quarter of the time,
/// mostly a few, now and then anything up to `max`.
std::size_t group_size(rng& r, std::size_t max)
{
    switch (r.between(0, 3)) {
    case 0: return 0;
    case 1: case 2: return r.between(1, std::min<std::size_t>(max, 3));
    default: return r.between(1, max);
    }
}

/// Writes `s` as a JSON string. Only '"', '\\' and the control characters
/// must be escaped (RFC 8259, section 7); the UTF-8 passes through as is.
void json_string(std::string& out, std::string_view s)
{
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (char c : s) {
        auto b = static_cast<unsigned char>(c);
        if (c == '"') out += "\\\"";
        else if (c == '\\') out += "\\\\";
        else if (b < 0x20) {
            out += "\\u00";
            out += hex[b >> 4];
            out += hex[b & 0x0F];
        } else out += c;
    }
    out += '"';
}

[[noreturn]] void die(std::size_t n, std::string const& why)
{
    std::cerr << "gen_corpus: request " << n << ": " << why << '\n';
    std::exit(2);
}

using param_map = std::map<std::string, std::string>;

param_map decode(boost::urls::params_encoded_view const& v, std::size_t n)
{
    param_map m;
    // '+' is not a space here: the signer writes a space as %20, and a raw
    // '+' would be a bug that the comparison with the input must catch.
    boost::urls::encoding_opts opts{false, false, false};
    for (auto const& p : v) {
        if (!p.has_value) die(n, "a parameter without '='");
        if (!m.emplace(p.key.decode(opts), p.value.decode(opts)).second) die(n, "a duplicate parameter");
    }
    return m;
}

/// Where the generator notes the parameters a request should carry while an
/// action function fills its builder: each method draws a value, records it
/// under its API name and returns it for the setter. The maybe_ methods are
/// for the builder's maybe_<setter>: they return std::nullopt (and record
/// nothing) 60% of the time (Format: 70%).
struct recorder {
    rng& r;
    param_map& want;

    /// Records `v` as parameter `name` and returns the recorded copy.
    std::string const& set(std::string const& name, std::string v) { return want[name] = std::move(v); }

    /// A required String: any text.
    std::string const& text(std::string const& name) { return set(name, value(r)); }

    /// RegionId: a host label, since it also names the host.
    std::string const& region()
    {
        std::string area = ascii(r, 2, 3, lower) + "-";
        return set("RegionId", area + ascii(r, 4, 12, "abcdefghijklmnopqrstuvwxyz0123456789-"));
    }

    /// An optional String whose value the caller drew (whether it is used or not).
    std::optional<std::string> maybe(std::string const& name, std::string v)
    {
        if (!r.chance(40)) return std::nullopt;
        return set(name, std::move(v));
    }

    std::optional<std::string> maybe_text(std::string const& name)
    {
        if (!r.chance(40)) return std::nullopt;
        return text(name);
    }

    std::optional<std::string> maybe_one_of(std::string const& name, std::initializer_list<char const*> values)
    {
        if (!r.chance(40)) return std::nullopt;
        return set(name, values.begin()[r.between(0, values.size() - 1)]);
    }

    /// ClientToken: ASCII, at most 64 characters.
    std::optional<std::string> maybe_client_token()
    {
        if (!r.chance(40)) return std::nullopt;
        return set("ClientToken", ascii(r, 1, 64, "abcdefghijklmnopqrstuvwxyz0123456789-_.~!*'();:@&=+$,/?#[] %"));
    }

    /// An Integer (at least 1, 32-bit), small half of the time.
    std::optional<std::int64_t> maybe_integer(std::string const& name)
    {
        if (!r.chance(40)) return std::nullopt;
        std::int64_t v = r.chance(50) ? static_cast<std::int64_t>(r.between(1, 100))
                                      : static_cast<std::int64_t>(r.between(1, 2147483647));
        want[name] = std::to_string(v);
        return v;
    }

    std::optional<bool> maybe_boolean(std::string const& name)
    {
        if (!r.chance(40)) return std::nullopt;
        bool v = r.chance(50);
        want[name] = v ? "true" : "false";
        return v;
    }

    /// Format, which is sent as "JSON" when not set.
    std::optional<std::string> maybe_format()
    {
        std::optional<std::string> f;
        if (r.chance(30)) f = r.chance(50) ? "JSON" : "XML";
        want["Format"] = f.value_or("JSON");
        return f;
    }
};

// The repeated parameters, each added with the builder's lvalue setters (the
// builder already has its final type) and recorded as Name.N[.Member].

/// A plain list Name.first .. Name.last, each value from draw(r), added with add(value).
template <class Draw, class Add>
void add_list(recorder& f, std::string const& name, std::size_t first, std::size_t last, Draw draw, Add add)
{
    for (std::size_t i = first; i <= last; ++i) add(f.set(name + "." + std::to_string(i), draw(f.r)));
}

/// Tag.N.Key / Tag.N.Value: the key never empty, the value may be.
template <class Builder>
void add_tags(recorder& f, Builder& b)
{
    for (std::size_t i = 1, k = group_size(f.r, 20); i <= k; ++i) {
        std::string p = "Tag." + std::to_string(i);
        std::string const& key = f.set(p + ".Key", value(f.r, 16));
        b.tag(key, f.set(p + ".Value", value(f.r, 24, true)));
    }
}

/// ImageRegistryCredential.N.Server / .UserName / .Password, at most `max`.
template <class Builder>
void add_registry_credentials(recorder& f, Builder& b, std::size_t max)
{
    for (std::size_t i = 1, k = group_size(f.r, max); i <= k; ++i) {
        std::string p = "ImageRegistryCredential." + std::to_string(i);
        std::string server = ascii(f.r, 3, 12, lower) + ".example.com";
        if (f.r.chance(30)) server += ":5000";
        std::string const& user = f.text(p + ".UserName");
        std::string const& password = f.text(p + ".Password");
        b.image_registry_credential(f.set(p + ".Server", server), user, password);
    }
}

/** AcrRegistryInfo.N: .InstanceId, .InstanceName, .RegionId (and with
    WithArn, CreateImageCache's .ArnService and .ArnUser), each left out when
    empty, and .Domain.M. Every entry has something in it (the library
    rejects an empty one). The setters are mixed: domains in the
    acr_registry_info call or added after it, the ARN pair before or after
    the domains, and a first entry without InstanceId/Name/RegionId started
    by acr_registry_domain or acr_registry_arn, which start one when there
    is none. */
template <bool WithArn, class Builder>
void add_acr_registries(recorder& f, Builder& b)
{
    rng& r = f.r;
    for (std::size_t i = 1, k = group_size(r, 12); i <= k; ++i) {
        std::string p = "AcrRegistryInfo." + std::to_string(i) + ".";
        std::string iid = r.chance(60) ? "cri-" + ascii(r, 16, 16, alnum) : std::string();
        std::string name = r.chance(40) ? value(r, 20) : std::string();
        std::string rid = r.chance(40) ? "cn-" + ascii(r, 4, 10, lower) : std::string();
        std::string arn_service, arn_user;
        if (WithArn && r.chance(40)) {
            std::string account = ascii(r, 16, 16, "0123456789");
            std::string role = "acs:ram::" + account + ":role/";
            if (r.chance(80)) arn_service = role + (r.chance(70) ? "aliyuncontainerregistryrole" : value(r, 20));
            if (r.chance(80)) arn_user = role + (r.chance(70) ? "aliyuncontainerregistryuserrole" : value(r, 20));
        }
        std::vector<std::string> domains(group_size(r, 12));
        for (auto& d : domains)
            d = r.chance(60) ? ascii(r, 3, 10, lower) + "-registry.cn-hangzhou.cr.aliyuncs.com" : value(r, 30);
        bool bare = iid.empty() && name.empty() && rid.empty();
        bool has_arn = !arn_service.empty() || !arn_user.empty();
        if (bare && !has_arn && domains.empty()) {
            rid = "cn-" + ascii(r, 4, 10, lower);
            bare = false;
        }

        auto set_arn = [&] {
            if constexpr (WithArn) b.acr_registry_arn(arn_service, arn_user);
        };
        std::size_t next_domain = 0;
        bool arn_done = !has_arn;
        if (i == 1 && bare && !domains.empty() && r.chance(50)) {
            b.acr_registry_domain(domains[next_domain++]);
        } else if (i == 1 && bare && has_arn && r.chance(50)) {
            set_arn();
            arn_done = true;
        } else if (domains.size() >= 2 && r.chance(30)) {
            b.acr_registry_info(iid, name, rid, {domains[0], domains[1]});
            next_domain = 2;
        } else if (!domains.empty() && r.chance(30)) {
            b.acr_registry_info(iid, name, rid, {domains[0]});
            next_domain = 1;
        } else {
            b.acr_registry_info(iid, name, rid);
        }
        std::size_t arn_at = r.between(next_domain, domains.size()); // the ARN pair goes before domains[arn_at]
        for (std::size_t j = next_domain; j <= domains.size(); ++j) {
            if (!arn_done && j == arn_at) {
                set_arn();
                arn_done = true;
            }
            if (j < domains.size()) b.acr_registry_domain(domains[j]);
        }

        auto record = [&](char const* member, std::string const& v) {
            if (!v.empty()) f.set(p + member, v);
        };
        record("InstanceId", iid);
        record("InstanceName", name);
        record("RegionId", rid);
        record("ArnService", arn_service);
        record("ArnUser", arn_user);
        for (std::size_t j = 0; j < domains.size(); ++j) f.set(p + "Domain." + std::to_string(j + 1), domains[j]);
    }
}

/// The optional scalars CreateImageCache and UpdateImageCache share, set on
/// the builder `b` (an rvalue: a scalar setter returns a builder of a new type).
template <class Builder>
auto add_cache_settings(recorder& f, Builder&& b)
{
    return std::forward<Builder>(b)
        .maybe_eip_instance_id(f.maybe_text("EipInstanceId"))
        .maybe_resource_group_id(f.maybe_text("ResourceGroupId"))
        .maybe_client_token(f.maybe_client_token())
        .maybe_image_cache_size(f.maybe_integer("ImageCacheSize"))
        .maybe_retention_days(f.maybe_integer("RetentionDays"))
        .maybe_auto_match_image_cache(f.maybe_boolean("AutoMatchImageCache"))
        .maybe_flash(f.maybe_boolean("Flash"))
        .maybe_standard_copy_count(f.maybe_integer("StandardCopyCount"))
        .maybe_flash_copy_count(f.maybe_integer("FlashCopyCount"))
        .maybe_elimination_strategy(f.maybe_one_of("EliminationStrategy", {"LRU"}))
        .maybe_format(f.maybe_format());
}

/// A comma-separated list of registries (InsecureRegistry, PlainHttpRegistry), or any text.
std::string registry_list(rng& r)
{
    if (r.chance(30)) return value(r);
    std::string s;
    for (std::size_t i = 0, k = r.between(1, 3); i < k; ++i) {
        if (i) s += ',';
        s += ascii(r, 3, 10, lower) + ".example.com";
        if (r.chance(40)) s += ":" + ascii(r, 2, 5, "0123456789");
    }
    return s;
}

/// Annotations: a JSON object of one annotation with any text as its value.
std::string annotations(rng& r)
{
    std::string s = "{\"" + ascii(r, 1, 12, lower) + "\":\"";
    return s + value(r) + "\"}";
}

// The actions: each fills its builder at random, records what it set in
// f.want (Action and Format included), and returns the builder.

auto create_image_cache(recorder& f)
{
    rng& r = f.r;
    f.set("Action", "CreateImageCache");
    // The first image is part of the chain: it gives the builder the type
    // that sign() accepts (CreateImageCache requires Image.N).
    auto base = ecireq::create_image_cache()
                    .region_id(f.region())
                    .image_cache_name(f.text("ImageCacheName"))
                    .image(f.set("Image.1", image_name(r)))
                    .maybe_security_group_id(f.maybe_text("SecurityGroupId"))
                    .maybe_vswitch_id(f.maybe_text("VSwitchId"))
                    .maybe_zone_id(f.maybe("ZoneId", r.chance(50) ? "cn-hangzhou-" + ascii(r, 1, 1, lower) : value(r)))
                    .maybe_os_type(f.maybe_one_of("OsType", {"Linux", "Windows"}))
                    .maybe_insecure_registry(f.maybe("InsecureRegistry", registry_list(r)))
                    .maybe_plain_http_registry(f.maybe("PlainHttpRegistry", registry_list(r)))
                    .maybe_annotations(f.maybe("Annotations", annotations(r)));
    auto req = add_cache_settings(f, std::move(base));
    add_list(f, "Image", 2, 1 + group_size(r, 19), image_name, [&](std::string const& v) { req.image(v); });
    add_tags(f, req);
    add_registry_credentials(f, req, 10);
    add_acr_registries<true>(f, req);
    return req;
}

auto describe_image_caches(recorder& f)
{
    rng& r = f.r;
    f.set("Action", "DescribeImageCaches");
    auto req = ecireq::describe_image_caches()
                   .region_id(f.region())
                   .maybe_image_cache_id(f.maybe_text("ImageCacheId"))
                   .maybe_image_cache_name(f.maybe_text("ImageCacheName"))
                   .maybe_image(f.maybe("Image", image_name(r)))
                   .maybe_snapshot_id(f.maybe("SnapshotId", r.chance(50) ? "s-" + ascii(r, 20, 20, alnum) : value(r)))
                   .maybe_resource_group_id(f.maybe_text("ResourceGroupId"))
                   .maybe_image_full_match(f.maybe_boolean("ImageFullMatch"))
                   .maybe_image_match_count_request(f.maybe_boolean("ImageMatchCountRequest"))
                   .maybe_limit(f.maybe_integer("Limit"))
                   .maybe_next_token(f.maybe("NextToken", r.chance(50) ? ascii(r, 16, 64, hex_digits) : value(r)))
                   .maybe_format(f.maybe_format());
    add_list(f, "MatchImage", 1, group_size(r, 100), image_name, [&](std::string const& v) { req.match_image(v); });
    add_tags(f, req);
    return req;
}

auto update_image_cache(recorder& f)
{
    rng& r = f.r;
    f.set("Action", "UpdateImageCache");
    auto required = ecireq::update_image_cache()
                        .region_id(f.region())
                        .image_cache_id(f.text("ImageCacheId"))
                        .security_group_id(f.text("SecurityGroupId"))
                        .vswitch_id(f.text("VSwitchId"))
                        .image_cache_name(f.text("ImageCacheName"));
    auto req = add_cache_settings(f, std::move(required));
    // UpdateImageCache has no limit on Image.N or ImageRegistryCredential.N.
    add_list(f, "Image", 1, group_size(r, 30), image_name, [&](std::string const& v) { req.image(v); });
    add_tags(f, req);
    add_registry_credentials(f, req, 12);
    add_acr_registries<false>(f, req);
    return req;
}

auto delete_image_cache(recorder& f)
{
    f.set("Action", "DeleteImageCache");
    return ecireq::delete_image_cache()
        .region_id(f.region())
        .image_cache_id(f.text("ImageCacheId"))
        .maybe_client_token(f.maybe_client_token())
        .maybe_format(f.maybe_format());
}

/// How a request is signed, and which request it is (for messages).
struct signing {
    ecireq::credentials const& creds;
    ecireq::sign_options const& opts;
    ecireq::rpc::time_point now;
    bool post;
    std::size_t n;
};

/// Signs `req` by GET or POST, checks the host and that ecireq::verify
/// accepts the result, and returns the parameters decoded from the URL or
/// the body, Signature included.
template <class Request>
param_map sign_and_decode(Request const& req, signing const& s, std::string const& region)
{
    std::string host = "eci." + region + ".aliyuncs.com";
    if (s.post) {
        auto p = req.sign_post(s.creds, s.opts);
        if (!p) die(s.n, "sign_post failed: " + p.error().message());
        if (p->url.host() != host) die(s.n, "the host is " + std::string(p->url.host()));
        if (auto v = ecireq::verify(*p, s.creds, s.now); !v) die(s.n, "verify rejected: " + v.error().message());
        auto q = boost::urls::parse_query(p->body);
        if (!q) die(s.n, "the POST body does not parse");
        return decode(*q, s.n);
    }
    auto u = req.sign(s.creds, s.opts);
    if (!u) die(s.n, "sign failed: " + u.error().message());
    if (u->host() != host) die(s.n, "the host is " + std::string(u->host()));
    if (auto v = ecireq::verify(*u, s.creds, s.now); !v) die(s.n, "verify rejected: " + v.error().message());
    return decode(u->encoded_params(), s.n);
}

/// A V3-signed request as the generator reads it back.
struct v3_request {
    param_map query;                        ///< decoded from the URL
    std::vector<ecireq::http_header> headers; ///< as returned, authorization last
};

/// Signs `req` with V3 (GET unless s.post), checks the method and that the
/// URL is https://<region's host>/ with no port, user or fragment, and
/// returns the query decoded from the URL and the headers.
template <class Request>
v3_request sign_v3_and_decode(Request const& req, signing const& s, std::string const& region)
{
    auto method = s.post ? ecireq::http_method::post : ecireq::http_method::get;
    auto v = req.sign_v3(s.creds, s.opts, method);
    if (!v) die(s.n, "sign_v3 failed: " + v.error().message());
    if (v->method != method) die(s.n, "sign_v3 returned another method");
    boost::urls::url_view const u = v->url;
    if (u.scheme() != "https") die(s.n, "V3: the scheme is " + std::string(u.scheme()));
    if (u.host() != "eci." + region + ".aliyuncs.com") die(s.n, "V3: the host is " + std::string(u.host()));
    if (u.has_port() || u.has_userinfo() || u.has_fragment()) die(s.n, "V3: a port, user or fragment in the URL");
    if (u.encoded_path() != "/") die(s.n, "V3: the path is " + std::string(u.encoded_path()));
    if (!u.has_query()) die(s.n, "V3: no query");
    return {decode(u.encoded_params(), s.n), std::move(v->headers)};
}

/// The first parameter in which `got` and `want` differ, for the message.
std::string first_difference(param_map const& got, param_map const& want)
{
    for (auto const& [k, v] : want) {
        auto g = got.find(k);
        if (g == got.end()) return k + " is missing";
        if (g->second != v) return k + " differs (" + std::to_string(g->second.size()) + " bytes sent, " +
                                   std::to_string(v.size()) + " set)";
    }
    for (auto const& kv : got)
        if (!want.count(kv.first)) return kv.first + " was sent but not set";
    return "none";
}

/// Appends `m` to `line` as a JSON object of strings.
template <class Map>
void json_object(std::string& line, Map const& m)
{
    line += '{';
    bool first = true;
    for (auto const& kv : m) {
        if (!first) line += ',';
        first = false;
        json_string(line, kv.first);
        line += ':';
        json_string(line, kv.second);
    }
    line += '}';
}

/// The hex SHA-256 of the empty body, which every ECI V3 request has.
constexpr char const* empty_body_sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

} // namespace

int main(int argc, char** argv)
{
    std::size_t count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 2400;
    std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 20231114;
    rng r(seed);
    rng r3(seed ^ 0x5633'5633'5633'5633u); // V3's own stream: the V2 fields stay as they were
    std::string line;
    std::map<std::string, std::size_t> per_action;
    std::size_t v3_get = 0, v3_sts = 0, v3_trimmed = 0;

    for (std::size_t n = 0; n < count; ++n) {
        // Credentials: ids as issued (alphanumeric, "STS." for tokens), secrets
        // of any text (not padded with spaces); now and then longer than the
        // 64-byte HMAC block, which HMAC hashes first.
        bool sts = r.chance(40);
        std::string id = (sts ? "STS." : "LTAI") + ascii(r, 12, 28, alnum);
        std::string secret = unpadded(r.chance(20) ? value(r, 100) : ascii(r, 30, 30, alnum));
        std::string token = sts ? (r.chance(50) ? ascii(r, 300, 900, alnum) : value(r, 200)) : std::string();
        // A token of blanks only is refused (surrounding_whitespace): give it a letter.
        if (!token.empty() && token.find_first_not_of(" \t\r\n\v\f") == std::string::npos) token.insert(0, "T");
        ecireq::credentials creds{id, secret, token};

        // Signing time: any second in 2000-2099; the nonce: a UUID or any text
        // up to the 64 bytes the library accepts.
        std::int64_t secs = static_cast<std::int64_t>(r.between(946684800, 4102444799));
        ecireq::fixed_clock clock{ecireq::rpc::time_point(std::chrono::seconds(secs))};
        std::string nonce_text;
        if (r.chance(50)) {
            nonce_text = ascii(r, 8, 8, hex_digits);
            nonce_text += "-" + ascii(r, 4, 4, hex_digits);
            nonce_text += "-4" + ascii(r, 3, 3, hex_digits);
            nonce_text += "-a" + ascii(r, 3, 3, hex_digits);
            nonce_text += "-" + ascii(r, 12, 12, hex_digits);
        } else {
            do nonce_text = value(r, 16); while (nonce_text.size() > ecireq::nonce_buffer::capacity);
        }
        ecireq::fixed_nonce nonce{nonce_text};
        ecireq::sign_options opts;
        opts.clock = clock;
        opts.nonce = nonce;
        signing how{creds, opts, clock.time, r.chance(50), n};

        // V3, from its own stream: the same clock, its own credentials (STS
        // sometimes), nonce and method.
        bool sts3 = r3.chance(40);
        std::string id3 = (sts3 ? "STS." : "LTAI") + ascii(r3, 12, 28, alnum);
        std::string secret3 = unpadded(r3.chance(20) ? value(r3, 100) : ascii(r3, 30, 30, alnum));
        std::string token3 = sts3 ? v3_token(r3) : std::string();
        ecireq::credentials creds3{id3, secret3, token3};
        std::string nonce3_text = v3_nonce(r3);
        ecireq::fixed_nonce nonce3{nonce3_text};
        ecireq::sign_options opts3;
        opts3.clock = clock;
        opts3.nonce = nonce3;
        signing how3{creds3, opts3, clock.time, !r3.chance(25), n};

        // The action's parameters, recorded as they are set, then the common ones.
        param_map want;
        recorder f{r, want};
        param_map got;
        v3_request got3;
        auto sign = [&](auto const& req) {
            got = sign_and_decode(req, how, want.at("RegionId"));
            got3 = sign_v3_and_decode(req, how3, want.at("RegionId"));
        };
        switch (n % 4) {
        case 0: sign(create_image_cache(f)); break;
        case 1: sign(describe_image_caches(f)); break;
        case 2: sign(update_image_cache(f)); break;
        default: sign(delete_image_cache(f)); break;
        }
        std::string const action = want.at("Action");
        std::string const region = want.at("RegionId");

        // V3's query: every parameter set, none of V2's common ones.
        param_map want3 = want;
        for (char const* common : {"Action", "Format"}) want3.erase(common);

        want["AccessKeyId"] = id;
        want["SignatureMethod"] = "HMAC-SHA1";
        want["SignatureNonce"] = nonce_text;
        want["SignatureVersion"] = "1.0";
        char ts[ecireq::rpc::timestamp_size];
        ecireq::rpc::format_timestamp(clock.time, ts);
        std::string const timestamp(ts, sizeof ts);
        want["Timestamp"] = timestamp;
        want["Version"] = "2018-08-08";
        if (sts) want["SecurityToken"] = token;

        auto sig = got.find("Signature");
        if (sig == got.end()) die(n, "no Signature");
        std::string signature = sig->second;
        got.erase(sig);
        if (got != want)
            die(n, action + ": the decoded parameters differ from the ones set: " + first_difference(got, want));

        if (got3.query != want3)
            die(n, action + ": V3: the decoded query differs from the parameters set: " +
                       first_difference(got3.query, want3));
        // V3's headers: exactly these, in this order (sorted by name), then authorization.
        bool sts_headers = !trim(token3).empty();
        std::vector<std::pair<std::string, std::string>> want_headers;
        want_headers.emplace_back("host", "eci." + region + ".aliyuncs.com");
        if (sts_headers) want_headers.emplace_back("x-acs-accesskey-id", id3);
        want_headers.emplace_back("x-acs-action", action);
        want_headers.emplace_back("x-acs-content-sha256", empty_body_sha256);
        want_headers.emplace_back("x-acs-date", timestamp);
        if (sts_headers) want_headers.emplace_back("x-acs-security-token", trim(token3));
        want_headers.emplace_back("x-acs-signature-nonce", trim(nonce3_text));
        want_headers.emplace_back("x-acs-version", "2018-08-08");
        auto const& headers3 = got3.headers;
        if (headers3.size() != want_headers.size() + 1) die(n, "V3: " + std::to_string(headers3.size()) + " headers");
        std::string signed_names;
        for (std::size_t i = 0; i < want_headers.size(); ++i) {
            if (headers3[i].name != want_headers[i].first) die(n, "V3: header " + headers3[i].name + " where " +
                                                                     want_headers[i].first + " was expected");
            if (headers3[i].value != want_headers[i].second) die(n, "V3: the value of " + headers3[i].name);
            signed_names += (i ? ";" : "") + headers3[i].name;
        }
        auto const& auth = headers3.back();
        std::string auth_prefix = "ACS3-HMAC-SHA256 Credential=" + id3 + ",SignedHeaders=" + signed_names + ",Signature=";
        if (auth.name != "authorization" || auth.value.size() != auth_prefix.size() + 64 ||
            auth.value.compare(0, auth_prefix.size(), auth_prefix) != 0 ||
            auth.value.find_first_not_of(hex_digits, auth_prefix.size()) != std::string::npos)
            die(n, "V3: the last header is not an authorization of the documented shape");

        ++per_action[action];
        v3_get += !how3.post;
        v3_sts += sts_headers;
        v3_trimmed += trim(token3) != token3 || trim(nonce3_text) != nonce3_text;

        line.clear();
        line += "{\"n\":" + std::to_string(n) + ",\"method\":";
        json_string(line, how.post ? "POST" : "GET");
        line += ",\"secret\":";
        json_string(line, secret);
        line += ",\"params\":";
        json_object(line, got);
        line += ",\"signature\":";
        json_string(line, signature);
        line += ",\"v3\":{\"method\":";
        json_string(line, how3.post ? "POST" : "GET");
        line += ",\"access_key_id\":";
        json_string(line, id3);
        line += ",\"secret\":";
        json_string(line, secret3);
        line += ",\"query\":";
        json_object(line, got3.query);
        line += ",\"headers\":{";
        for (std::size_t i = 0; i + 1 < headers3.size(); ++i) {
            if (i) line += ',';
            json_string(line, headers3[i].name);
            line += ':';
            json_string(line, headers3[i].value);
        }
        line += "},\"authorization\":";
        json_string(line, auth.value);
        line += "}}\n";
        std::fwrite(line.data(), 1, line.size(), stdout);
    }
    std::cerr << "gen_corpus: " << count << " requests:";
    for (auto const& [action, k] : per_action) std::cerr << ' ' << action << ' ' << k;
    std::cerr << "; V3: " << count - v3_get << " POST, " << v3_get << " GET, " << v3_sts << " STS, " << v3_trimmed
              << " with a nonce or token that loses spaces or tabs\n";
    return std::fflush(stdout) == 0 ? 0 : 1;
}
