// Interop corpus: deterministic random UpdateImageCache requests signed by
// ecireq, one JSON line each, for sign.js to re-sign with the official Node
// signers (see run.sh and docs/trust.md).
//
//   gen_corpus [COUNT [SEED]] > corpus.jsonl      (default 1200 requests, seed 20231114)
//
// Each line: {"n":..., "method":"GET"|"POST", "secret":"...",
//             "params":{every signed parameter, decoded, without Signature},
//             "signature":"<ours>"}
// The params are read back from the URL (GET) or the body (POST) that the
// library produced, decoded with Boost.URL, so the oracle signs what was
// actually sent. Before writing a line the generator also checks that those
// decoded params are exactly the values it asked for, and that
// ecireq::verify accepts the request; it exits 2 if either fails.
//
// Build: g++ -std=c++17 -O1 -I<repo>/include gen_corpus.cpp -lboost_url -lcrypto
#include <ecireq.hpp>
#include <ecireq/verify/rpc_v2.hpp>

#include <boost/url/parse_query.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

// std::mt19937_64's output sequence is fixed by the standard; the
// distributions in <random> are not (they differ between standard
// libraries), so numbers are drawn from the engine with plain arithmetic.
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

} // namespace

int main(int argc, char** argv)
{
    std::size_t count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1200;
    std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 20231114;
    rng r(seed);
    std::string line;

    for (std::size_t n = 0; n < count; ++n) {
        // Credentials: ids as issued (alphanumeric, "STS." for tokens), secrets
        // of any text; now and then longer than the 64-byte HMAC block, which
        // HMAC hashes first.
        bool sts = r.chance(40);
        std::string id = (sts ? "STS." : "LTAI") + ascii(r, 12, 28, alnum);
        std::string secret = r.chance(20) ? value(r, 100) : ascii(r, 30, 30, alnum);
        std::string token = sts ? (r.chance(50) ? ascii(r, 300, 900, alnum) : value(r, 200)) : std::string();
        ecireq::credentials creds{id, secret, token};

        // Signing time: any second in 2000-2099; the nonce: a UUID or any text
        // up to the 64 bytes the library accepts.
        std::int64_t secs = static_cast<std::int64_t>(r.between(946684800, 4102444799));
        ecireq::fixed_clock clock{ecireq::rpc::time_point(std::chrono::seconds(secs))};
        std::string nonce_text;
        if (r.chance(50)) {
            nonce_text = ascii(r, 8, 8, "0123456789abcdef") + "-" + ascii(r, 4, 4, "0123456789abcdef") + "-4" +
                         ascii(r, 3, 3, "0123456789abcdef") + "-a" + ascii(r, 3, 3, "0123456789abcdef") + "-" +
                         ascii(r, 12, 12, "0123456789abcdef");
        } else {
            do nonce_text = value(r, 16); while (nonce_text.size() > ecireq::nonce_buffer::capacity);
        }
        ecireq::fixed_nonce nonce{nonce_text};
        ecireq::sign_options opts;
        opts.clock = clock;
        opts.nonce = nonce;

        // The action's parameters, recorded as they are set.
        param_map want;
        std::string region = ascii(r, 2, 3, "abcdefghijklmnopqrstuvwxyz") + "-" + ascii(r, 4, 12, "abcdefghijklmnopqrstuvwxyz0123456789-");
        std::string required[4] = {value(r), value(r), value(r), value(r)};
        auto opt_str = [&](char const* name, std::optional<std::string> v) -> std::optional<std::string_view> {
            if (!v) return std::nullopt;
            want[name] = *v;
            return std::string_view(want[name]);
        };
        auto opt_int = [&](char const* name) -> std::optional<std::int64_t> {
            if (!r.chance(40)) return std::nullopt;
            std::int64_t v = r.chance(50) ? static_cast<std::int64_t>(r.between(1, 100))
                                          : static_cast<std::int64_t>(r.between(1, 2147483647));
            want[name] = std::to_string(v);
            return v;
        };
        auto opt_bool = [&](char const* name) -> std::optional<bool> {
            if (!r.chance(40)) return std::nullopt;
            bool v = r.chance(50);
            want[name] = v ? "true" : "false";
            return v;
        };
        want["RegionId"] = region;
        want["ImageCacheId"] = required[0];
        want["SecurityGroupId"] = required[1];
        want["VSwitchId"] = required[2];
        want["ImageCacheName"] = required[3];
        std::optional<std::string> eip, rg, client_token;
        if (r.chance(40)) eip = value(r);
        if (r.chance(40)) rg = value(r);
        if (r.chance(40)) client_token = ascii(r, 1, 64, "abcdefghijklmnopqrstuvwxyz0123456789-_.~!*'();:@&=+$,/?#[] %");
        std::optional<std::string_view> format;
        if (r.chance(30)) format = r.chance(50) ? "JSON" : "XML";

        auto req = ecireq::update_image_cache()
                       .region_id(region)
                       .image_cache_id(required[0])
                       .security_group_id(required[1])
                       .vswitch_id(required[2])
                       .image_cache_name(required[3])
                       .maybe_eip_instance_id(opt_str("EipInstanceId", eip))
                       .maybe_resource_group_id(opt_str("ResourceGroupId", rg))
                       .maybe_client_token(opt_str("ClientToken", client_token))
                       .maybe_image_cache_size(opt_int("ImageCacheSize"))
                       .maybe_retention_days(opt_int("RetentionDays"))
                       .maybe_auto_match_image_cache(opt_bool("AutoMatchImageCache"))
                       .maybe_flash(opt_bool("Flash"))
                       .maybe_standard_copy_count(opt_int("StandardCopyCount"))
                       .maybe_flash_copy_count(opt_int("FlashCopyCount"))
                       .maybe_format(format);

        for (std::size_t i = 1, k = r.between(1, 30); i <= k; ++i) {
            std::string v = r.chance(50) ? ascii(r, 3, 20, "abcdefghijklmnopqrstuvwxyz") + ":" + ascii(r, 1, 8, "0123456789.") : value(r, 60);
            req.image(v);
            want["Image." + std::to_string(i)] = v;
        }
        for (std::size_t i = 1, k = r.between(0, 20); i <= k; ++i) {
            std::string key = value(r, 16), val = value(r, 24, true);
            req.tag(key, val);
            want["Tag." + std::to_string(i) + ".Key"] = key;
            want["Tag." + std::to_string(i) + ".Value"] = val;
        }
        for (std::size_t i = 1, k = r.between(0, 4); i <= k; ++i) {
            std::string p = "ImageRegistryCredential." + std::to_string(i);
            std::string server = ascii(r, 3, 12, "abcdefghijklmnopqrstuvwxyz") + ".example.com" + (r.chance(30) ? ":5000" : "");
            std::string user = value(r, 16), password = value(r, 32);
            req.image_registry_credential(server, user, password);
            want[p + ".Server"] = server;
            want[p + ".UserName"] = user;
            want[p + ".Password"] = password;
        }
        for (std::size_t i = 1, k = r.between(0, 3); i <= k; ++i) {
            std::string p = "AcrRegistryInfo." + std::to_string(i);
            // Optional members are not sent when empty; at least one is set.
            std::string iid = r.chance(70) ? "cri-" + ascii(r, 16, 16, alnum) : std::string();
            std::string name = r.chance(50) ? value(r, 20) : std::string();
            std::string rid = r.chance(50) || (iid.empty() && name.empty()) ? "cn-" + ascii(r, 4, 10, "abcdefghijklmnopqrstuvwxyz") : std::string();
            req.acr_registry_info(iid, name, rid);
            if (!iid.empty()) want[p + ".InstanceId"] = iid;
            if (!name.empty()) want[p + ".InstanceName"] = name;
            if (!rid.empty()) want[p + ".RegionId"] = rid;
            for (std::size_t j = 1, d = r.between(0, 4); j <= d; ++j) {
                std::string domain = r.chance(60) ? ascii(r, 3, 10, "abcdefghijklmnopqrstuvwxyz") + "-registry.cn-hangzhou.cr.aliyuncs.com" : value(r, 30);
                req.acr_registry_domain(domain);
                want[p + ".Domain." + std::to_string(j)] = domain;
            }
        }
        want["AccessKeyId"] = id;
        want["Action"] = "UpdateImageCache";
        want["Format"] = format ? std::string(*format) : "JSON";
        want["SignatureMethod"] = "HMAC-SHA1";
        want["SignatureNonce"] = nonce_text;
        want["SignatureVersion"] = "1.0";
        char ts[ecireq::rpc::timestamp_size];
        ecireq::rpc::format_timestamp(clock.time, ts);
        want["Timestamp"] = std::string(ts, sizeof ts);
        want["Version"] = "2018-08-08";
        if (sts) want["SecurityToken"] = token;

        bool post = r.chance(50);
        param_map got;
        if (post) {
            auto p = req.sign_post(creds, opts);
            if (!p) die(n, "sign_post failed: " + p.error().message());
            auto q = boost::urls::parse_query(p->body);
            if (!q) die(n, "the POST body does not parse");
            got = decode(*q, n);
            if (auto v = ecireq::verify(*p, creds, clock.time); !v) die(n, "verify rejected: " + v.error().message());
        } else {
            auto u = req.sign(creds, opts);
            if (!u) die(n, "sign failed: " + u.error().message());
            got = decode(u->encoded_params(), n);
            if (auto v = ecireq::verify(*u, creds, clock.time); !v) die(n, "verify rejected: " + v.error().message());
        }
        auto sig = got.find("Signature");
        if (sig == got.end()) die(n, "no Signature");
        std::string signature = sig->second;
        got.erase(sig);
        if (got != want) die(n, "the decoded parameters differ from the ones set");

        line.clear();
        line += "{\"n\":" + std::to_string(n) + ",\"method\":";
        json_string(line, post ? "POST" : "GET");
        line += ",\"secret\":";
        json_string(line, secret);
        line += ",\"params\":{";
        bool first = true;
        for (auto const& [k, v] : got) {
            if (!first) line += ',';
            first = false;
            json_string(line, k);
            line += ':';
            json_string(line, v);
        }
        line += "},\"signature\":";
        json_string(line, signature);
        line += "}\n";
        std::fwrite(line.data(), 1, line.size(), stdout);
    }
    return std::fflush(stdout) == 0 ? 0 : 1;
}
