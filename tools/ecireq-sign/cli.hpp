// ecireq-sign: prints a signed UpdateImageCache request for curl.
//
// All of the tool is in this header, behind run(), so the tests drive it
// in-process with a fake environment and string streams; main.cpp only
// hands it the real ones.
//
// A run goes through four stages. Each may stop with a one-line message
// (exit status 2); stdout is written only after the last one succeeded.
//   1. the action (the first argument), then parse_flags: the rest of argv
//      -> a generic map name -> value. It knows nothing of UpdateImageCache:
//      it only finds flags without a value, repeated flags, stray arguments.
//   2. take_settings, sort_parameters: the map -> how to sign, and the
//      request's values, scalars by name and repeated parameters by numeric
//      index. Unknown names and malformed indices stop here.
//   3. check_input, convert_scalars: what the builder cannot see because it
//      numbers repeated parameters itself (gaps, half tags, incomplete
//      registry credentials), the required parameters (the builder checks
//      them at compile time, the tool has to at run time), and the
//      conversion of integer and boolean text.
//   4. sign: the ecireq::update_image_cache() builder and sign()/sign_post()
//      that every library user calls, so the tool validates and signs
//      exactly as the library does; a library error is printed as it is.
//
// Indices are map keys as numbers, not text: with text keys Image.10 would
// come right after Image.1 and the builder, which numbers images in call
// order, would send it as Image.2.
//
// The AccessKeySecret goes from the environment straight into
// ecireq::credentials, which keeps no copy of it. Messages name parameters
// and never quote a value, so no secret (nor a registry password) can end
// up on stderr.
#ifndef ECIREQ_SIGN_CLI_HPP
#define ECIREQ_SIGN_CLI_HPP

#include <ecireq.hpp>

#include <boost/system/result.hpp>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace ecireq { namespace cli {

/// Looks up an environment variable; nullptr when it is not set.
using env_fn = std::function<char const*(char const*)>;

constexpr int exit_success = 0;
constexpr int exit_output_failed = 1; // stdout could not be written
constexpr int exit_bad_input = 2;     // nothing was written to stdout

constexpr std::string_view program = "ecireq-sign";
constexpr std::string_view env_access_key_id = "ALIBABA_CLOUD_ACCESS_KEY_ID";
constexpr std::string_view env_access_key_secret = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
constexpr std::string_view env_security_token = "ALIBABA_CLOUD_SECURITY_TOKEN";

inline std::string usage()
{
    return R"usage(usage: ecireq-sign UpdateImageCache --Name VALUE ... [options]
       ecireq-sign --help

Prints an Alibaba Cloud ECI UpdateImageCache request (API version 2018-08-08)
signed with HMAC-SHA1:
  GET   the URL on one line:  curl "$(ecireq-sign UpdateImageCache ...)"
  POST  the URL, then the form body, one line each:
        { read -r url; read -r body; } < <(ecireq-sign UpdateImageCache --method POST ...)
        curl -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "$body" "$url"

Parameters, as --Name VALUE or --Name=VALUE, named as in the API reference:
  required  --RegionId --ImageCacheId --SecurityGroupId --VSwitchId --ImageCacheName
  optional  --EipInstanceId --ResourceGroupId --ClientToken (ASCII, at most 64)
            --ImageCacheSize N --RetentionDays N --StandardCopyCount N --FlashCopyCount N
            --AutoMatchImageCache true|false --Flash true|false --Format JSON|XML
  repeated  N and M count 1, 2, 3, ... without gaps, in any order on the line:
            --Image.N
            --Tag.N.Key --Tag.N.Value          (at most 20 tags; a Key without a
                                                Value is sent with an empty Value)
            --ImageRegistryCredential.N.Server --ImageRegistryCredential.N.UserName
            --ImageRegistryCredential.N.Password   (all three, or none)
            --AcrRegistryInfo.N.InstanceId --AcrRegistryInfo.N.InstanceName
            --AcrRegistryInfo.N.RegionId --AcrRegistryInfo.N.Domain.M
  A value that starts with "--" must be written --Name=VALUE.

Options:
  --endpoint HOST[:PORT]  where to send it (default: eci.<RegionId>.aliyuncs.com)
  --scheme https|http     (default: https)
  --method GET|POST       (default: GET)
  --timestamp YYYY-MM-DDThh:mm:ssZ
                          sign as of this UTC time (default: now)
  --nonce VALUE           the SignatureNonce (default: a random UUID). With
                          --timestamp the output is reproducible; never send
                          a nonce twice: the service rejects a repeated one.
  --help                  print this text and exit

Environment:
  ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET  (required)
  ALIBABA_CLOUD_SECURITY_TOKEN  (STS credentials only; sent as SecurityToken)

Exit status: 0 printed, 2 bad input (one line on stderr, nothing on stdout),
1 stdout could not be written.
)usage";
}

/// Shown in place of user-typed names (flags, the action): control characters
/// would break the one-line message, and a long paste is cut.
inline std::string printable(std::string_view s)
{
    constexpr std::size_t max_shown = 64;
    std::string r;
    for (char c : s.substr(0, max_shown))
        r += (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) ? '?' : c;
    if (s.size() > max_shown) r += "...";
    return r;
}

/** Why a run stops: one line, "<parameter>: <what is wrong>".

    Not constructible from a lone string, so that checked<std::string> can
    tell a result from a problem (in C++20 an aggregate holding a string
    would be, and the string result would no longer convert). */
class problem {
public:
    problem() = default; // result<T, problem>::error() needs one
    problem(std::string_view parameter, std::string_view what)
        : text_(printable(parameter) + ": " + std::string(what))
    {}
    /// The library's wording for a condition, so the tool's messages read like its errors.
    problem(std::string_view parameter, errc e) : problem(parameter, make_error_code(e).message()) {}
    /// A library error, as the library words it.
    explicit problem(error const& e) : text_(e.message()) {}

    std::string const& text() const noexcept { return text_; }

private:
    std::string text_;
};

template <class T>
using checked = boost::system::result<T, problem>;

// ---------------------------------------------------------------------------
// Stage 1: argv -> action + name -> value.

using flag_map = std::map<std::string, std::string, std::less<>>;

inline bool is_flag(std::string_view arg) { return arg.size() > 2 && arg.substr(0, 2) == "--"; }

/// True for --help anywhere (it can never be a value: it starts with "--"), or -h first.
inline bool wants_help(std::vector<std::string_view> const& args)
{
    for (std::size_t i = 0; i < args.size(); ++i)
        if (args[i] == "--help" || (i == 0 && args[i] == "-h")) return true;
    return false;
}

/** Reads the flags in args[first...] (args is argv without the program
    name): each is --Name=VALUE, or --Name followed by VALUE when VALUE does
    not itself start with "--" (else --Name has no value). */
inline checked<flag_map> parse_flags(std::vector<std::string_view> const& args, std::size_t first)
{
    flag_map flags;
    for (std::size_t i = first; i < args.size(); ++i) {
        std::string_view arg = args[i];
        auto position = "argument " + std::to_string(i + 1); // as the shell counts: $1, $2, ...
        if (!is_flag(arg)) return problem(position, "is not a --Name: each VALUE follows its --Name");
        std::string_view name = arg.substr(2);
        std::string_view value;
        if (auto eq = name.find('='); eq != std::string_view::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        } else if (i + 1 < args.size() && !is_flag(args[i + 1])) {
            value = args[++i];
        } else {
            auto shown = printable(name);
            return problem(name, "has no value: write --" + shown + " VALUE or --" + shown + "=VALUE");
        }
        if (name.empty()) return problem(position, "is not a --Name: the name before '=' is empty");
        if (!flags.emplace(name, value).second) return problem(name, errc::duplicate_parameter);
    }
    return flags;
}

// ---------------------------------------------------------------------------
// Stage 2a: the tool's own options (lowercase, unlike API parameters).

struct sign_settings {
    std::string scheme = "https";
    std::string endpoint; // empty: the library's default host for RegionId
    http_method method = http_method::get;
    std::optional<rpc::time_point> timestamp;
    std::optional<std::string> nonce;
};

/// Removes `name` from `flags` and returns its value, if it was there.
inline std::optional<std::string> take(flag_map& flags, std::string_view name)
{
    auto it = flags.find(name);
    if (it == flags.end()) return std::nullopt;
    std::string value = std::move(it->second);
    flags.erase(it);
    return value;
}

inline checked<sign_settings> take_settings(flag_map& flags)
{
    sign_settings s;
    if (auto v = take(flags, "scheme")) s.scheme = *v; // the library checks it
    if (auto v = take(flags, "endpoint")) {
        // The library reads an empty endpoint as "the default host": an
        // explicit empty one is more likely a mistake than a wish.
        if (v->empty()) return problem("endpoint", errc::empty_value);
        s.endpoint = *v;
    }
    if (auto v = take(flags, "method")) {
        if (*v == "GET") s.method = http_method::get;
        else if (*v == "POST") s.method = http_method::post;
        else return problem("method", "must be GET or POST");
    }
    if (auto v = take(flags, "timestamp")) {
        s.timestamp = rpc::parse_timestamp(*v);
        if (!s.timestamp) return problem("timestamp", "must be a UTC time written YYYY-MM-DDThh:mm:ssZ");
    }
    s.nonce = take(flags, "nonce"); // the library checks it (non-empty, at most 64)
    return s;
}

// ---------------------------------------------------------------------------
// Stage 2b: API parameters, sorted by kind; repeated ones keyed by index.

template <class T>
using by_index = std::map<std::size_t, T>;

struct tag_input {
    std::optional<std::string> key, value;
};

struct credential_input {
    std::optional<std::string> server, user_name, password;
};

struct acr_input {
    std::optional<std::string> instance_id, instance_name, region_id;
    by_index<std::string> domains;
};

struct request_input {
    flag_map scalars; // by API name
    by_index<std::string> images;
    by_index<tag_input> tags;
    by_index<credential_input> credentials;
    by_index<acr_input> acr_registries;
};

namespace fields = update_image_cache_fields;

// The names come from the library's field types, so the two cannot drift apart.
inline constexpr std::string_view required_names[] = {fields::RegionId::name, fields::ImageCacheId::name,
                                                      fields::SecurityGroupId::name, fields::VSwitchId::name,
                                                      fields::ImageCacheName::name};
inline constexpr std::string_view optional_names[] = {
    fields::EipInstanceId::name,     fields::ResourceGroupId::name,   fields::ClientToken::name,
    fields::ImageCacheSize::name,    fields::RetentionDays::name,     fields::AutoMatchImageCache::name,
    fields::Flash::name,             fields::StandardCopyCount::name, fields::FlashCopyCount::name,
    fields::Format::name};

inline bool is_scalar(std::string_view name)
{
    for (auto n : required_names)
        if (n == name) return true;
    for (auto n : optional_names)
        if (n == name) return true;
    return false;
}

/// "1", "2", ... ; not 0, not "01" (which would be a second name for 1), not "+1".
inline std::optional<std::size_t> parse_index(std::string_view s)
{
    if (s.empty() || s[0] == '0') return std::nullopt;
    std::size_t v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

inline std::vector<std::string_view> split_dots(std::string_view s)
{
    std::vector<std::string_view> parts;
    for (;;) {
        auto dot = s.find('.');
        parts.push_back(s.substr(0, dot));
        if (dot == std::string_view::npos) return parts;
        s = s.substr(dot + 1);
    }
}

/** Files one API parameter into `in`. Returns false for a name that is not
    a parameter of UpdateImageCache; a known shape with a bad index is a
    problem of its own, so "Image.0" is not reported as unknown. */
inline checked<bool> file_parameter(request_input& in, std::string const& name, std::string value)
{
    if (is_scalar(name)) {
        in.scalars.emplace(name, std::move(value));
        return true;
    }
    auto p = split_dots(name);
    auto is = [&](std::initializer_list<std::string_view> shape) {
        if (p.size() != shape.size()) return false;
        std::size_t k = 0;
        for (auto part : shape) {
            if (!part.empty() && p[k] != part) return false; // empty: an index goes here
            ++k;
        }
        return true;
    };
    auto index = [&](std::size_t k) -> checked<std::size_t> {
        if (auto i = parse_index(p[k])) return *i;
        return problem(name, "has a bad index: indices are 1, 2, 3, ... (no 0, no leading zeros)");
    };
    auto member = [&](std::initializer_list<std::string_view> members) {
        for (auto m : members)
            if (p.back() == m) return true;
        return false;
    };

    if (is({"Image", ""})) {
        auto i = index(1);
        if (!i) return i.error();
        in.images[*i] = std::move(value);
    } else if (is({"Tag", "", ""}) && member({"Key", "Value"})) {
        auto i = index(1);
        if (!i) return i.error();
        auto& t = in.tags[*i];
        (p[2] == "Key" ? t.key : t.value) = std::move(value);
    } else if (is({"ImageRegistryCredential", "", ""}) && member({"Server", "UserName", "Password"})) {
        auto i = index(1);
        if (!i) return i.error();
        auto& c = in.credentials[*i];
        (p[2] == "Server" ? c.server : p[2] == "UserName" ? c.user_name : c.password) = std::move(value);
    } else if (is({"AcrRegistryInfo", "", ""}) && member({"InstanceId", "InstanceName", "RegionId"})) {
        auto i = index(1);
        if (!i) return i.error();
        auto& a = in.acr_registries[*i];
        (p[2] == "InstanceId" ? a.instance_id : p[2] == "InstanceName" ? a.instance_name : a.region_id) =
            std::move(value);
    } else if (is({"AcrRegistryInfo", "", "Domain", ""})) {
        auto i = index(1);
        if (!i) return i.error();
        auto j = index(3);
        if (!j) return j.error();
        in.acr_registries[*i].domains[*j] = std::move(value);
    } else {
        return false;
    }
    return true;
}

inline checked<request_input> sort_parameters(flag_map flags)
{
    request_input in;
    for (auto& [name, value] : flags) {
        auto filed = file_parameter(in, name, std::move(value));
        if (!filed) return filed.error();
        if (!*filed) return problem(name, errc::unknown_parameter);
    }
    return in;
}

// ---------------------------------------------------------------------------
// Stage 3: what only the command line can get wrong, then typed scalars.

/// The first missing index of 1, 2, 3, ..., if the keys are not exactly 1..size.
template <class T>
std::optional<std::size_t> first_gap(by_index<T> const& m)
{
    std::size_t expected = 1;
    for (auto const& entry : m) {
        if (entry.first != expected) return expected;
        ++expected;
    }
    return std::nullopt;
}

inline std::string indexed(std::string_view prefix, std::size_t i, std::string_view suffix = {})
{
    return std::string(prefix) + std::to_string(i) + std::string(suffix);
}

inline checked<void> check_input(request_input const& in)
{
    for (auto name : required_names)
        if (in.scalars.find(name) == in.scalars.end()) return problem(name, errc::missing_parameter);

    if (auto gap = first_gap(in.images)) return problem(indexed("Image.", *gap), errc::index_gap);

    if (auto gap = first_gap(in.tags)) return problem(indexed("Tag.", *gap), errc::index_gap);
    for (auto const& [i, t] : in.tags) // a missing Value is sent empty, see usage()
        if (!t.key)
            return problem(indexed("Tag.", i, ".Key"),
                           "is required when " + indexed("Tag.", i, ".Value") + " is given");

    if (auto gap = first_gap(in.credentials))
        return problem(indexed("ImageRegistryCredential.", *gap), errc::index_gap);
    for (auto const& [i, c] : in.credentials) {
        std::pair<std::string_view, bool> members[] = {
            {".Server", bool(c.server)}, {".UserName", bool(c.user_name)}, {".Password", bool(c.password)}};
        for (auto const& [suffix, given] : members)
            if (!given)
                return problem(indexed("ImageRegistryCredential.", i, suffix),
                               "is required: a registry credential needs Server, UserName and Password");
    }

    if (auto gap = first_gap(in.acr_registries)) return problem(indexed("AcrRegistryInfo.", *gap), errc::index_gap);
    for (auto const& [i, a] : in.acr_registries) {
        // The builder leaves an empty member out of the request; given
        // explicitly on the command line, that silence would hide a mistake.
        std::pair<std::string_view, std::optional<std::string> const*> members[] = {
            {".InstanceId", &a.instance_id}, {".InstanceName", &a.instance_name}, {".RegionId", &a.region_id}};
        for (auto const& [suffix, value] : members)
            if (*value && (*value)->empty())
                return problem(indexed("AcrRegistryInfo.", i, suffix), errc::empty_value);
        if (auto gap = first_gap(a.domains))
            return problem(indexed("AcrRegistryInfo.", i, ".Domain.") + std::to_string(*gap), errc::index_gap);
    }
    return {};
}

struct scalar_values {
    std::optional<std::int64_t> image_cache_size, retention_days, standard_copy_count, flash_copy_count;
    std::optional<bool> auto_match_image_cache, flash;
};

/// Decimal digits with an optional '-' into `out`; the range is the library's
/// to check, unless the number does not even fit in 64 bits.
template <class Field>
checked<void> read_integer(flag_map const& scalars, std::optional<std::int64_t>& out)
{
    auto it = scalars.find(Field::name);
    if (it == scalars.end()) return {};
    std::string const& s = it->second;
    std::int64_t v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec == std::errc::result_out_of_range)
        return problem(s[0] == '-' ? error(errc::below_minimum, Field::name, Field::minimum)
                                   : error(errc::above_maximum, Field::name, Field::maximum));
    if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size())
        return problem(Field::name, "must be an integer");
    out = v;
    return {};
}

/// Exactly "true" or "false" (the API's spelling) into `out`.
template <class Field>
checked<void> read_bool(flag_map const& scalars, std::optional<bool>& out)
{
    auto it = scalars.find(Field::name);
    if (it == scalars.end()) return {};
    if (it->second != "true" && it->second != "false") return problem(Field::name, "must be true or false");
    out = it->second == "true";
    return {};
}

/// The Integer and Boolean parameters as numbers and bools; the first bad one stops it.
inline checked<scalar_values> convert_scalars(flag_map const& scalars)
{
    scalar_values v;
    for (auto r : {read_integer<fields::ImageCacheSize>(scalars, v.image_cache_size),
                   read_integer<fields::RetentionDays>(scalars, v.retention_days),
                   read_bool<fields::AutoMatchImageCache>(scalars, v.auto_match_image_cache),
                   read_bool<fields::Flash>(scalars, v.flash),
                   read_integer<fields::StandardCopyCount>(scalars, v.standard_copy_count),
                   read_integer<fields::FlashCopyCount>(scalars, v.flash_copy_count)})
        if (!r) return r.error();
    return v;
}

// ---------------------------------------------------------------------------
// Stage 4: the library's builder, credentials and signing.

/// The builder holding every parameter; `in` has passed check_input.
inline auto build_request(request_input const& in, scalar_values const& v)
{
    auto text = [&](std::string_view name) -> std::optional<std::string_view> {
        auto it = in.scalars.find(name);
        if (it == in.scalars.end()) return std::nullopt;
        return std::string_view(it->second);
    };
    auto request = update_image_cache()
                       .region_id(*text(fields::RegionId::name))
                       .image_cache_id(*text(fields::ImageCacheId::name))
                       .security_group_id(*text(fields::SecurityGroupId::name))
                       .vswitch_id(*text(fields::VSwitchId::name))
                       .image_cache_name(*text(fields::ImageCacheName::name))
                       .maybe_eip_instance_id(text(fields::EipInstanceId::name))
                       .maybe_resource_group_id(text(fields::ResourceGroupId::name))
                       .maybe_client_token(text(fields::ClientToken::name))
                       .maybe_image_cache_size(v.image_cache_size)
                       .maybe_retention_days(v.retention_days)
                       .maybe_auto_match_image_cache(v.auto_match_image_cache)
                       .maybe_flash(v.flash)
                       .maybe_standard_copy_count(v.standard_copy_count)
                       .maybe_flash_copy_count(v.flash_copy_count)
                       .maybe_format(text(fields::Format::name));
    // The maps iterate in index order, which is the order the builder numbers in.
    for (auto const& entry : in.images) request.image(entry.second);
    for (auto const& entry : in.tags) request.tag(*entry.second.key, entry.second.value.value_or(""));
    for (auto const& entry : in.credentials) {
        auto const& c = entry.second;
        request.image_registry_credential(*c.server, *c.user_name, *c.password);
    }
    for (auto const& entry : in.acr_registries) {
        auto const& a = entry.second;
        request.acr_registry_info(a.instance_id.value_or(""), a.instance_name.value_or(""), a.region_id.value_or(""));
        for (auto const& domain : a.domains) request.acr_registry_domain(domain.second);
    }
    return request;
}

/// The AccessKey pair (and STS token) from the environment; unset and empty are alike.
inline checked<credentials> credentials_from(env_fn const& getenv)
{
    auto get = [&](std::string_view name) -> std::string_view {
        char const* v = getenv(std::string(name).c_str());
        return v ? std::string_view(v) : std::string_view();
    };
    std::string_view id = get(env_access_key_id);
    if (id.empty()) return problem(env_access_key_id, "is not set in the environment");
    std::string_view secret = get(env_access_key_secret);
    if (secret.empty()) return problem(env_access_key_secret, "is not set in the environment");
    return credentials(id, secret, get(env_security_token));
}

/// Signs `request` as `s` says; returns the lines to print.
template <class Request>
checked<std::string> sign_request(Request const& request, sign_settings const& s, credentials const& creds)
{
    // The options refer to these two; they must outlive the call to sign.
    fixed_clock clock{s.timestamp.value_or(rpc::time_point())};
    fixed_nonce nonce{s.nonce ? std::string_view(*s.nonce) : std::string_view()};
    sign_options opts;
    opts.scheme = s.scheme;
    opts.endpoint = s.endpoint;
    if (s.timestamp) opts.clock = clock;
    if (s.nonce) opts.nonce = nonce;

    if (s.method == http_method::get) {
        auto url = request.sign(creds, opts);
        if (!url) return problem(url.error());
        return std::string(url->buffer()) + '\n';
    }
    auto post = request.sign_post(creds, opts);
    if (!post) return problem(post.error());
    return std::string(post->url.buffer()) + '\n' + post->body + '\n';
}

/// Everything but the printing: the text for stdout, or why there is none.
inline checked<std::string> execute(std::vector<std::string_view> const& args, env_fn const& getenv)
{
    if (wants_help(args)) return usage();
    if (args.empty() || args[0].substr(0, 1) == "-")
        return problem("action", "is required: ecireq-sign UpdateImageCache --Name VALUE ... (see --help)");
    if (args[0] != update_image_cache_spec::action)
        return problem(args[0], "is not a supported action: the one action is UpdateImageCache");

    auto flags = parse_flags(args, 1);
    if (!flags) return flags.error();
    auto settings = take_settings(*flags);
    if (!settings) return settings.error();
    auto in = sort_parameters(std::move(*flags));
    if (!in) return in.error();
    if (auto ok = check_input(*in); !ok) return ok.error();
    auto values = convert_scalars(in->scalars);
    if (!values) return values.error();

    auto creds = credentials_from(getenv);
    if (!creds) return creds.error();
    return sign_request(build_request(*in, *values), *settings, *creds);
}

/** The whole tool: 0 with the request on `out`; 2 with one line on `err`
    (and nothing on `out`) for bad input; 1 when `out` cannot be written. */
inline int run(int argc, char const* const* argv, env_fn const& getenv, std::ostream& out, std::ostream& err)
{
    std::vector<std::string_view> args;
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
    auto text = execute(args, getenv);
    if (!text) {
        err << program << ": " << text.error().text() << '\n';
        return exit_bad_input;
    }
    out << *text << std::flush;
    if (!out) {
        err << program << ": cannot write the output\n";
        return exit_output_failed;
    }
    return exit_success;
}

}} // namespace ecireq::cli

#endif
