// ecireq-sign, run in-process: its output must be the library's own signing
// of the same request, and every kind of bad input must stop it the same
// way: exit status 2, nothing on stdout, one line on stderr naming the
// parameter.
#include "ecireq-sign/cli.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <initializer_list>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace {

constexpr char const* access_key_id = "testid";
// Distinctive, so finding it anywhere in the output cannot be a coincidence.
constexpr char const* access_key_secret = "s3cr3t-Zq9-never-printed";

using environment = std::map<std::string, std::string>;

environment default_env()
{
    return {{"ALIBABA_CLOUD_ACCESS_KEY_ID", access_key_id}, {"ALIBABA_CLOUD_ACCESS_KEY_SECRET", access_key_secret}};
}

struct outcome {
    int status;
    std::string out, err;
};

outcome run_cli(std::vector<std::string> const& args, environment const& env = default_env())
{
    std::vector<char const*> argv{"ecireq-sign"};
    for (auto const& a : args) argv.push_back(a.c_str());
    auto getenv = [&](char const* name) -> char const* {
        auto it = env.find(name);
        return it == env.end() ? nullptr : it->second.c_str();
    };
    std::ostringstream out, err;
    int status = ecireq::cli::run(static_cast<int>(argv.size()), argv.data(), getenv, out, err);
    return {status, out.str(), err.str()};
}

/// The action and the five required parameters.
std::vector<std::string> required_args()
{
    return {"UpdateImageCache", "--RegionId", "cn-hangzhou", "--ImageCacheId", "imc-bp195erqe9o2pb09****",
            "--SecurityGroupId", "sg-uf66jeqopgqa9hdn****", "--VSwitchId", "vsw-uf6h3rbwbm90urjwa****",
            "--ImageCacheName", "testcache"};
}

/// Fixed time and nonce: the output is then a function of the input.
std::vector<std::string> reproducible_args()
{
    auto a = required_args();
    a.insert(a.end(), {"--timestamp", "2024-05-06T07:08:09Z", "--nonce", "cli-test-nonce"});
    return a;
}

std::vector<std::string> plus(std::vector<std::string> base, std::initializer_list<std::string> extra)
{
    base.insert(base.end(), extra);
    return base;
}

ecireq::credentials test_credentials() { return {access_key_id, access_key_secret}; }

/// The library's builder with the same required parameters as required_args().
auto required_request()
{
    return ecireq::update_image_cache()
        .region_id("cn-hangzhou")
        .image_cache_id("imc-bp195erqe9o2pb09****")
        .security_group_id("sg-uf66jeqopgqa9hdn****")
        .vswitch_id("vsw-uf6h3rbwbm90urjwa****")
        .image_cache_name("testcache");
}

/// Sign options matching reproducible_args(); the clock and nonce live as long as the struct.
struct reproducible_options {
    ecireq::fixed_clock clock{*ecireq::rpc::parse_timestamp("2024-05-06T07:08:09Z")};
    ecireq::fixed_nonce nonce{"cli-test-nonce"};
    ecireq::sign_options get()
    {
        ecireq::sign_options o;
        o.clock = clock;
        o.nonce = nonce;
        return o;
    }
};

std::size_t count_lines(std::string const& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

/// The one way bad input must end.
void require_rejected(outcome const& o, std::string const& parameter)
{
    INFO("stderr: " << o.err);
    CHECK(o.status == ecireq::cli::exit_bad_input);
    CHECK(o.out.empty());
    CHECK(o.err.rfind("ecireq-sign: ", 0) == 0);
    CHECK(count_lines(o.err) == 1);
    CHECK(o.err.back() == '\n');
    CHECK(o.err.find(parameter) != std::string::npos);
}

} // namespace

TEST_CASE("A reproducible GET prints the library's own signed URL byte for byte", "[cli]")
{
    auto o = run_cli(plus(reproducible_args(),
                          {"--Image.1", "nginx:1.25", "--Image.2", "busybox", "--Tag.1.Key", "env", "--Tag.1.Value",
                           "prod", "--Tag.2.Key", "team", "--Tag.2.Value", "a b/c*~",
                           "--ImageRegistryCredential.1.Server", "registry.example.com",
                           "--ImageRegistryCredential.1.UserName", "user",
                           "--ImageRegistryCredential.1.Password", "pass", "--AcrRegistryInfo.1.InstanceId", "cri-1",
                           "--AcrRegistryInfo.1.InstanceName", "acr", "--AcrRegistryInfo.1.RegionId", "cn-hangzhou",
                           "--AcrRegistryInfo.1.Domain.1", "a.example.com", "--AcrRegistryInfo.1.Domain.2",
                           "b.example.com", "--AcrRegistryInfo.2.Domain.1", "c.example.com", "--EipInstanceId", "eip-1",
                           "--ResourceGroupId", "rg-1", "--ClientToken", "token-1", "--ImageCacheSize", "40",
                           "--RetentionDays", "7", "--AutoMatchImageCache", "true", "--Flash", "false",
                           "--StandardCopyCount", "2", "--FlashCopyCount", "3", "--Format", "XML"}));

    auto request = required_request()
                       .eip_instance_id("eip-1")
                       .resource_group_id("rg-1")
                       .client_token("token-1")
                       .image_cache_size(40)
                       .retention_days(7)
                       .auto_match_image_cache(true)
                       .flash(false)
                       .standard_copy_count(2)
                       .flash_copy_count(3)
                       .format("XML")
                       .image("nginx:1.25")
                       .image("busybox")
                       .tag("env", "prod")
                       .tag("team", "a b/c*~")
                       .image_registry_credential("registry.example.com", "user", "pass")
                       .acr_registry_info("cri-1", "acr", "cn-hangzhou", {"a.example.com", "b.example.com"})
                       .acr_registry_info("", "", "", {"c.example.com"});
    reproducible_options opts;
    auto url = request.sign(test_credentials(), opts.get());
    REQUIRE(url.has_value());

    CHECK(o.status == 0);
    CHECK(o.err.empty());
    CHECK(o.out == std::string(url->buffer()) + "\n");
}

TEST_CASE("the flag form --Name=value means the same as --Name value", "[cli]")
{
    auto spaced =
        run_cli(plus(reproducible_args(), {"--Image.1", "nginx", "--Tag.1.Key", "env", "--Tag.1.Value", "a=b"}));
    auto joined = run_cli({"UpdateImageCache", "--RegionId=cn-hangzhou", "--ImageCacheId=imc-bp195erqe9o2pb09****",
                           "--SecurityGroupId=sg-uf66jeqopgqa9hdn****", "--VSwitchId=vsw-uf6h3rbwbm90urjwa****",
                           "--ImageCacheName=testcache", "--timestamp=2024-05-06T07:08:09Z", "--nonce=cli-test-nonce",
                           "--Image.1=nginx", "--Tag.1.Key=env", "--Tag.1.Value=a=b"});
    CHECK(spaced.status == 0);
    CHECK(joined.status == 0);
    CHECK(joined.out == spaced.out);
}

TEST_CASE("A value that starts with -- can be given as --Name=value", "[cli]")
{
    auto o = run_cli(plus(reproducible_args(), {"--Tag.1.Key", "k", "--Tag.1.Value=--v"}));
    CHECK(o.status == 0);
    CHECK(o.out.find("&Tag.1.Value=--v&") != std::string::npos);
}

TEST_CASE("POST prints the library's URL and then its body, one line each", "[cli]")
{
    auto o = run_cli(plus(reproducible_args(), {"--method", "POST", "--Image.1", "nginx"}));

    reproducible_options opts;
    auto post = required_request().image("nginx").sign_post(test_credentials(), opts.get());
    REQUIRE(post.has_value());

    CHECK(o.status == 0);
    CHECK(count_lines(o.out) == 2);
    CHECK(o.out == std::string(post->url.buffer()) + "\n" + post->body + "\n");
    CHECK(o.out.rfind("https://eci.cn-hangzhou.aliyuncs.com/\n", 0) == 0);
}

TEST_CASE("Twelve images keep their own numbers and are sorted as text", "[cli]")
{
    // Given out of order: the tool must number by the index, not by the position.
    std::vector<std::string> args = reproducible_args();
    for (int i : {12, 3, 1, 10, 2, 11, 4, 5, 9, 6, 8, 7}) {
        args.push_back("--Image." + std::to_string(i));
        args.push_back("img-" + std::to_string(i));
    }
    auto o = run_cli(args);

    auto request = required_request();
    for (int i = 1; i <= 12; ++i) request.image("img-" + std::to_string(i));
    reproducible_options opts;
    auto url = request.sign(test_credentials(), opts.get());
    REQUIRE(url.has_value());

    CHECK(o.status == 0);
    CHECK(o.out == std::string(url->buffer()) + "\n");
    CHECK(o.out.find("&Image.1=img-1&Image.10=img-10&Image.11=img-11&Image.12=img-12&Image.2=img-2&Image.3=img-3&") !=
          std::string::npos);
}

TEST_CASE("A Tag with a Key and no Value is sent with an empty Value", "[cli]")
{
    auto o = run_cli(plus(reproducible_args(), {"--Tag.1.Key", "env"}));

    reproducible_options opts;
    auto url = required_request().tag("env", "").sign(test_credentials(), opts.get());
    REQUIRE(url.has_value());

    CHECK(o.status == 0);
    CHECK(o.out == std::string(url->buffer()) + "\n");
    CHECK(o.out.find("&Tag.1.Key=env&Tag.1.Value=&") != std::string::npos);
}

TEST_CASE("An STS token from the environment is sent as SecurityToken", "[cli]")
{
    auto env = default_env();
    env["ALIBABA_CLOUD_SECURITY_TOKEN"] = "sts-token";
    auto o = run_cli(reproducible_args(), env);

    reproducible_options opts;
    auto url = required_request().sign(ecireq::credentials(access_key_id, access_key_secret, "sts-token"), opts.get());
    REQUIRE(url.has_value());

    CHECK(o.status == 0);
    CHECK(o.out == std::string(url->buffer()) + "\n");
    CHECK(o.out.find("&SecurityToken=sts-token&") != std::string::npos);
}

TEST_CASE("the flags --endpoint and --scheme choose where the request goes", "[cli]")
{
    auto o = run_cli(plus(reproducible_args(), {"--endpoint", "localhost:8080", "--scheme", "http"}));

    reproducible_options opts;
    auto so = opts.get();
    so.endpoint = "localhost:8080";
    so.scheme = "http";
    auto url = required_request().sign(test_credentials(), so);
    REQUIRE(url.has_value());

    CHECK(o.status == 0);
    CHECK(o.out == std::string(url->buffer()) + "\n");
    CHECK(o.out.rfind("http://localhost:8080/?", 0) == 0);
}

TEST_CASE("Without --timestamp and --nonce every run is signed afresh", "[cli]")
{
    auto a = run_cli(required_args());
    auto b = run_cli(required_args());
    CHECK(a.status == 0);
    CHECK(b.status == 0);
    CHECK(a.out != b.out); // a new random SignatureNonce each time
}

TEST_CASE("the flag --help prints the usage on stdout and exits 0", "[cli]")
{
    for (auto args : {std::vector<std::string>{"--help"}, std::vector<std::string>{"-h"},
                      plus(required_args(), {"--Image.1", "x", "--help"})}) {
        auto o = run_cli(args, {}); // no credentials needed
        CHECK(o.status == 0);
        CHECK(o.err.empty());
        CHECK(o.out == ecireq::cli::usage());
    }
    CHECK(ecireq::cli::usage().find("empty Value") != std::string::npos);
}

TEST_CASE("No arguments at all is rejected, asking for the action", "[cli]")
{
    require_rejected(run_cli({}), "action");
}

TEST_CASE("An unknown action is rejected by name", "[cli]")
{
    auto args = required_args();
    args[0] = "CreateImageCache";
    require_rejected(run_cli(args), "CreateImageCache");
}

TEST_CASE("Each missing required parameter is rejected by name", "[cli]")
{
    for (std::string name : {"RegionId", "ImageCacheId", "SecurityGroupId", "VSwitchId", "ImageCacheName"}) {
        auto args = required_args();
        auto it = std::find(args.begin(), args.end(), "--" + name);
        REQUIRE(it != args.end());
        args.erase(it, it + 2);
        require_rejected(run_cli(args), name + ": is required");
    }
}

TEST_CASE("An unknown flag is rejected by name", "[cli]")
{
    require_rejected(run_cli(plus(required_args(), {"--RegionID", "cn-hangzhou"})),
                     "RegionID: is not a known parameter");
    require_rejected(run_cli(plus(required_args(), {"--Tag.1.Color", "red"})), "Tag.1.Color");
    require_rejected(run_cli(plus(required_args(), {"--Image", "nginx"})), "Image:");
}

TEST_CASE("A flag without a value is rejected by name", "[cli]")
{
    require_rejected(run_cli(plus(required_args(), {"--Image.1"})), "Image.1: has no value");
    require_rejected(run_cli(plus(required_args(), {"--ClientToken", "--Image.1", "x"})), "ClientToken: has no value");
}

TEST_CASE("A repeated flag is rejected by name", "[cli]")
{
    require_rejected(run_cli(plus(required_args(), {"--RegionId", "cn-beijing"})), "RegionId: is given more than once");
    require_rejected(run_cli(plus(required_args(), {"--Image.1", "a", "--Image.1=b"})),
                     "Image.1: is given more than once");
}

TEST_CASE("A value without its --Name is rejected by position", "[cli]")
{
    require_rejected(run_cli(plus(required_args(), {"--Image.1", "a", "b"})), "argument 14");
}

TEST_CASE("A gap in the image indices is rejected naming the missing one", "[cli]")
{
    require_rejected(run_cli(plus(required_args(), {"--Image.1", "a", "--Image.3", "c"})), "Image.2: is missing");
}

TEST_CASE("A gap in any repeated parameter is rejected naming the missing one", "[cli]")
{
    require_rejected(run_cli(plus(required_args(), {"--Tag.2.Key", "k"})), "Tag.1: is missing");
    require_rejected(run_cli(plus(required_args(), {"--AcrRegistryInfo.2.InstanceId", "cri-2"})),
                     "AcrRegistryInfo.1: is missing");
    require_rejected(run_cli(plus(required_args(), {"--ImageRegistryCredential.2.Server", "s",
                                                    "--ImageRegistryCredential.2.UserName", "u",
                                                    "--ImageRegistryCredential.2.Password", "p"})),
                     "ImageRegistryCredential.1: is missing");
}

TEST_CASE("A domain without the domains before it is rejected naming the missing one", "[cli]")
{
    require_rejected(run_cli(plus(required_args(), {"--AcrRegistryInfo.1.InstanceId", "cri-1",
                                                    "--AcrRegistryInfo.1.Domain.2", "b.example.com"})),
                     "AcrRegistryInfo.1.Domain.1: is missing");
}

TEST_CASE("Index 0, a leading zero or a non-numeric index is rejected by name", "[cli]")
{
    require_rejected(run_cli(plus(required_args(), {"--Image.0", "a"})), "Image.0: has a bad index");
    require_rejected(run_cli(plus(required_args(), {"--Image.01", "a"})), "Image.01: has a bad index");
    require_rejected(run_cli(plus(required_args(), {"--Image.one", "a"})), "Image.one: has a bad index");
    require_rejected(run_cli(plus(required_args(), {"--Tag.-1.Key", "k"})), "Tag.-1.Key: has a bad index");
    require_rejected(run_cli(plus(required_args(), {"--AcrRegistryInfo.1.Domain.x", "d"})),
                     "AcrRegistryInfo.1.Domain.x: has a bad index");
}

TEST_CASE("A Tag Value without its Key is rejected naming the Key", "[cli]")
{
    require_rejected(run_cli(plus(required_args(), {"--Tag.1.Value", "prod"})), "Tag.1.Key: is required");
}

TEST_CASE("An incomplete registry credential is rejected naming the missing member", "[cli]")
{
    require_rejected(run_cli(plus(required_args(), {"--ImageRegistryCredential.1.Server", "s",
                                                    "--ImageRegistryCredential.1.Password", "p"})),
                     "ImageRegistryCredential.1.UserName: is required");
    require_rejected(run_cli(plus(required_args(), {"--ImageRegistryCredential.1.UserName", "u"})),
                     "ImageRegistryCredential.1.Server: is required");
}

TEST_CASE("An empty AcrRegistryInfo member is rejected instead of being left out", "[cli]")
{
    require_rejected(run_cli(plus(required_args(), {"--AcrRegistryInfo.1.InstanceId=", "--AcrRegistryInfo.1.RegionId",
                                                    "cn-hangzhou"})),
                     "AcrRegistryInfo.1.InstanceId: must not be empty");
}

TEST_CASE("Missing credentials in the environment are rejected naming the variable", "[cli]")
{
    auto env = default_env();
    env.erase("ALIBABA_CLOUD_ACCESS_KEY_ID");
    require_rejected(run_cli(required_args(), env), "ALIBABA_CLOUD_ACCESS_KEY_ID");

    env = default_env();
    env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = "";
    require_rejected(run_cli(required_args(), env), "ALIBABA_CLOUD_ACCESS_KEY_SECRET");

    require_rejected(run_cli(required_args(), {}), "ALIBABA_CLOUD_ACCESS_KEY_ID");
}

TEST_CASE("A non-integer Integer parameter is rejected by name", "[cli]")
{
    require_rejected(run_cli(plus(required_args(), {"--ImageCacheSize", "20GiB"})),
                     "ImageCacheSize: must be an integer");
    require_rejected(run_cli(plus(required_args(), {"--RetentionDays", ""})), "RetentionDays: must be an integer");
    require_rejected(run_cli(plus(required_args(), {"--FlashCopyCount", "+3"})), "FlashCopyCount: must be an integer");
    require_rejected(run_cli(plus(required_args(), {"--StandardCopyCount", "99999999999999999999"})),
                     "StandardCopyCount: is above the maximum (maximum: 2147483647)");
}

TEST_CASE("A Boolean parameter other than true or false is rejected by name", "[cli]")
{
    require_rejected(run_cli(plus(required_args(), {"--Flash", "yes"})), "Flash: must be true or false");
    require_rejected(run_cli(plus(required_args(), {"--AutoMatchImageCache", "True"})), "AutoMatchImageCache");
}

TEST_CASE("A bad --method or --timestamp is rejected by name", "[cli]")
{
    require_rejected(run_cli(plus(required_args(), {"--method", "PUT"})), "method: must be GET or POST");
    require_rejected(run_cli(plus(required_args(), {"--timestamp", "2024-02-30T00:00:00Z"})), "timestamp:");
}

TEST_CASE("The library's validation errors are printed as the library words them", "[cli]")
{
    auto o = run_cli(plus(required_args(), {"--ClientToken", std::string(65, 't')}));
    require_rejected(o, "ClientToken");
    CHECK(o.err == "ecireq-sign: ClientToken: is too long (limit: 64)\n");

    require_rejected(run_cli(plus(required_args(), {"--RetentionDays", "0"})),
                     "RetentionDays: is below the minimum (minimum: 1)");
    require_rejected(run_cli(plus(required_args(), {"--Format", "YAML"})), "Format: is not one of the accepted values");
    require_rejected(run_cli(plus(required_args(), {"--Image.1", ""})), "Image.1: must not be empty");
    require_rejected(run_cli(plus(required_args(), {"--endpoint", "user@host"})), "endpoint: must be host[:port] and nothing else");
    require_rejected(run_cli(plus(required_args(), {"--scheme", "ftp"})), "scheme:");
}

TEST_CASE("More than 20 tags is rejected as the library words it", "[cli]")
{
    auto args = required_args();
    for (int i = 1; i <= 21; ++i) args.insert(args.end(), {"--Tag." + std::to_string(i) + ".Key", "k"});
    auto o = run_cli(args);
    require_rejected(o, "Tag.21.Key");
    CHECK(o.err == "ecireq-sign: Tag.21.Key: is given too many times (limit: 20)\n");
}

TEST_CASE("A control character in a flag name cannot break the one-line message", "[cli]")
{
    require_rejected(run_cli(plus(required_args(), {"--Bad\nName", "x"})), "Bad?Name");
}

TEST_CASE("Messages name parameters and never quote their values", "[cli]")
{
    auto o = run_cli(plus(required_args(), {"--ImageRegistryCredential.1.Password", "hunter2-registry"}));
    require_rejected(o, "ImageRegistryCredential.1.Server");
    CHECK(o.err.find("hunter2-registry") == std::string::npos);
}

TEST_CASE("The AccessKeySecret never appears in any output", "[cli]")
{
    std::vector<std::vector<std::string>> runs = {
        reproducible_args(),
        required_args(),
        plus(reproducible_args(), {"--method", "POST"}),
        {"--help"},
        {},
        {"NoSuchAction"},
        // Even typed as a value, it is not echoed in the message.
        plus(required_args(), {"--Flash", access_key_secret}),
        plus(required_args(), {"--Image.2", access_key_secret}),
        plus(required_args(), {"--ClientToken", std::string(65, 'x')}),
        plus(required_args(), {"--no-such-flag", "x"}),
    };
    auto sts = default_env();
    sts["ALIBABA_CLOUD_SECURITY_TOKEN"] = "sts-token";
    for (auto const& env : {default_env(), sts}) {
        for (auto const& args : runs) {
            auto o = run_cli(args, env);
            CHECK(o.out.find(access_key_secret) == std::string::npos);
            CHECK(o.err.find(access_key_secret) == std::string::npos);
        }
    }
}

// ---------------------------------------------------------------------------
// The other actions: the tool has no code of its own for any action, so these
// check that what it derives from each declaration is what the library's
// builder of that action does.

namespace {

/// Fixed time and nonce, as in reproducible_args(), after `args`.
std::vector<std::string> reproducible(std::vector<std::string> args)
{
    return plus(std::move(args), {"--timestamp", "2024-05-06T07:08:09Z", "--nonce", "cli-test-nonce"});
}

std::vector<std::string> create_required_args()
{
    return {"CreateImageCache", "--RegionId", "cn-hangzhou", "--ImageCacheName", "testcache",
            "--Image.1", "nginx:1.25"};
}

std::vector<std::string> describe_required_args() { return {"DescribeImageCaches", "--RegionId", "cn-hangzhou"}; }

std::vector<std::string> delete_required_args()
{
    return {"DeleteImageCache", "--RegionId", "cn-hangzhou", "--ImageCacheId", "imc-bp195erqe9o2pb09****"};
}

/// The library's GET signing of `request` as reproducible() asks for it, with the line end the tool prints.
template <class Request>
std::string library_url(Request const& request)
{
    reproducible_options opts;
    auto url = request.sign(test_credentials(), opts.get());
    REQUIRE(url.has_value());
    return std::string(url->buffer()) + "\n";
}

/// Removes "--Name VALUE" from args.
std::vector<std::string> without(std::vector<std::string> args, std::string const& name)
{
    auto it = std::find(args.begin(), args.end(), "--" + name);
    REQUIRE(it != args.end());
    args.erase(it, it + 2);
    return args;
}

/// The line of `help` that describes --name, without the name: "required  ..." or "  ...".
std::string help_line_after(std::string const& help, std::string const& name)
{
    std::istringstream lines(help);
    std::string line;
    std::string const head = "  --" + name;
    while (std::getline(lines, line))
        if (line.rfind(head, 0) == 0 && (line.size() == head.size() || line[head.size()] == ' ')) {
            auto text = line.substr(head.size());
            return text.substr(std::min(text.find_first_not_of(' '), text.size()));
        }
    FAIL("no line for --" << name);
    return {};
}

// What the declarations say, read here without the tool: the names of each
// action's parameters, with N and M in place of indices, and a value each
// accepts.
struct declared_parameter {
    std::string name;  // "Tag.N.Key"
    std::string value; // one that passes its rules
};

template <class Field>
std::string accepted_value()
{
    if constexpr (ecireq::detail::is_string_field_v<Field>) {
        if constexpr (Field::value_count != 0) return std::string(Field::values[0]);
        else if constexpr (Field::host_label) return "cn-hangzhou";
        else return "v-" + std::string(Field::name);
    } else if constexpr (ecireq::detail::is_integer_field_v<Field>) {
        return std::to_string(Field::minimum);
    } else {
        return "true";
    }
}

template <class... Fields>
void add_declared(ecireq::detail::field_list<Fields...>, std::vector<declared_parameter>& out)
{
    (out.push_back({std::string(Fields::name), accepted_value<Fields>()}), ...);
}

template <class... Groups>
void add_declared(ecireq::detail::group_list<Groups...>, std::vector<declared_parameter>& out)
{
    auto add_group = [&](auto const& name, auto const& members, std::string_view nested) {
        std::string entry = std::string(name) + ".N";
        for (auto const& m : members)
            out.push_back({m.name.empty() ? entry : entry + "." + std::string(m.name), "v-" + std::string(name)});
        if (!nested.empty()) out.push_back({entry + "." + std::string(nested) + ".M", "d.example.com"});
    };
    (add_group(Groups::name, Groups::members, Groups::nested), ...);
    (void)add_group;
}

template <class Spec>
std::vector<declared_parameter> declared_parameters()
{
    std::vector<declared_parameter> params;
    add_declared(typename Spec::fields{}, params);
    add_declared(typename Spec::groups{}, params);
    return params;
}

/// "Tag.N.Key" -> "Tag.1.Key", "AcrRegistryInfo.N.Domain.M" -> "AcrRegistryInfo.1.Domain.1".
std::string first_of(std::string const& pattern)
{
    std::string name;
    std::istringstream parts(pattern);
    std::string part;
    while (std::getline(parts, part, '.')) {
        if (!name.empty()) name += '.';
        name += (part == "N" || part == "M") ? "1" : part;
    }
    return name;
}

using declared_actions = std::tuple<ecireq::create_image_cache_spec, ecireq::describe_image_caches_spec,
                                    ecireq::update_image_cache_spec, ecireq::delete_image_cache_spec>;

template <class... Specs, class Fn>
void for_each_declared_action(std::tuple<Specs...>, Fn&& fn)
{
    (fn(Specs{}), ...);
}

} // namespace

TEST_CASE("A minimal request of each other action prints the library's own signed URL", "[cli]")
{
    auto create = run_cli(reproducible(create_required_args()));
    CHECK(create.status == 0);
    CHECK(create.err.empty());
    CHECK(create.out == library_url(ecireq::create_image_cache()
                                        .region_id("cn-hangzhou")
                                        .image_cache_name("testcache")
                                        .image("nginx:1.25")));
    CHECK(create.out.find("&Action=CreateImageCache&") != std::string::npos);

    auto describe = run_cli(reproducible(describe_required_args()));
    CHECK(describe.status == 0);
    CHECK(describe.err.empty());
    CHECK(describe.out == library_url(ecireq::describe_image_caches().region_id("cn-hangzhou")));
    CHECK(describe.out.find("&Action=DescribeImageCaches&") != std::string::npos);

    auto remove = run_cli(reproducible(delete_required_args()));
    CHECK(remove.status == 0);
    CHECK(remove.err.empty());
    CHECK(remove.out == library_url(ecireq::delete_image_cache()
                                        .region_id("cn-hangzhou")
                                        .image_cache_id("imc-bp195erqe9o2pb09****")));
    CHECK(remove.out.find("&Action=DeleteImageCache&") != std::string::npos);
}

TEST_CASE("POST works for the other actions too", "[cli]")
{
    auto o = run_cli(plus(reproducible(delete_required_args()), {"--method", "POST", "--ClientToken", "t-1"}));

    reproducible_options opts;
    auto post = ecireq::delete_image_cache()
                    .region_id("cn-hangzhou")
                    .image_cache_id("imc-bp195erqe9o2pb09****")
                    .client_token("t-1")
                    .sign_post(test_credentials(), opts.get());
    REQUIRE(post.has_value());
    CHECK(o.status == 0);
    CHECK(o.out == std::string(post->url.buffer()) + "\n" + post->body + "\n");
}

TEST_CASE("Each missing required parameter of the other actions is rejected by name", "[cli]")
{
    for (std::string name : {"RegionId", "ImageCacheName"})
        require_rejected(run_cli(without(create_required_args(), name)), name + ": is required");
    require_rejected(run_cli(without(describe_required_args(), "RegionId")), "RegionId: is required");
    for (std::string name : {"RegionId", "ImageCacheId"})
        require_rejected(run_cli(without(delete_required_args(), name)), name + ": is required");
}

TEST_CASE("CreateImageCache without Image.1 is rejected naming Image.1", "[cli]")
{
    require_rejected(run_cli(without(create_required_args(), "Image.1")), "Image.1: is required");
    require_rejected(run_cli(plus(without(create_required_args(), "Image.1"), {"--Image.2", "busybox"})),
                     "Image.1: is missing");
}

TEST_CASE("DescribeImageCaches numbers eleven MatchImage.N by their index", "[cli]")
{
    auto args = reproducible(describe_required_args());
    // Given out of order: the tool must number by the index, not by the position.
    for (int i : {11, 2, 10, 1, 3, 9, 4, 8, 5, 7, 6})
        args.insert(args.end(), {"--MatchImage." + std::to_string(i), "m-" + std::to_string(i)});
    auto o = run_cli(args);

    auto request = ecireq::describe_image_caches().region_id("cn-hangzhou");
    for (int i = 1; i <= 11; ++i) request.match_image("m-" + std::to_string(i));
    CHECK(o.status == 0);
    CHECK(o.out == library_url(request));
    CHECK(o.out.find("&MatchImage.1=m-1&MatchImage.10=m-10&MatchImage.11=m-11&MatchImage.2=m-2&MatchImage.3=m-3&") !=
          std::string::npos);
}

TEST_CASE("CreateImageCache sends AcrRegistryInfo.N.ArnService and ArnUser; UpdateImageCache has neither", "[cli]")
{
    auto o = run_cli(plus(reproducible(create_required_args()),
                          {"--AcrRegistryInfo.1.InstanceId", "cri-1", "--AcrRegistryInfo.1.ArnService",
                           "acs:ram::1:role/svc", "--AcrRegistryInfo.1.ArnUser", "acs:ram::1:role/user",
                           "--AcrRegistryInfo.1.Domain.1", "a.example.com", "--AcrRegistryInfo.2.ArnService",
                           "acs:ram::2:role/svc", "--AcrRegistryInfo.2.Domain.1", "b.example.com"}));

    auto request = ecireq::create_image_cache()
                       .region_id("cn-hangzhou")
                       .image_cache_name("testcache")
                       .image("nginx:1.25")
                       .acr_registry_info("cri-1", "", "", {"a.example.com"})
                       .acr_registry_arn("acs:ram::1:role/svc", "acs:ram::1:role/user")
                       .acr_registry_info("", "", "", {"b.example.com"})
                       .acr_registry_arn("acs:ram::2:role/svc", "");
    CHECK(o.status == 0);
    CHECK(o.err.empty());
    CHECK(o.out == library_url(request));
    CHECK(o.out.find("&AcrRegistryInfo.1.ArnService=acs%3Aram%3A%3A1%3Arole%2Fsvc&AcrRegistryInfo.1.ArnUser=") !=
          std::string::npos);
    CHECK(o.out.find("AcrRegistryInfo.2.ArnUser") == std::string::npos); // not given: not sent

    require_rejected(run_cli(plus(required_args(), {"--AcrRegistryInfo.1.ArnService", "acs:ram::1:role/svc"})),
                     "AcrRegistryInfo.1.ArnService: is not a known parameter of UpdateImageCache");
    require_rejected(run_cli(plus(create_required_args(), {"--AcrRegistryInfo.1.ArnUser="})),
                     "AcrRegistryInfo.1.ArnUser: must not be empty");
}

TEST_CASE("A name one action has and another lacks is unknown to the other", "[cli]")
{
    // DescribeImageCaches has a scalar Image, CreateImageCache a list Image.N.
    require_rejected(run_cli(plus(describe_required_args(), {"--Image.1", "nginx"})),
                     "Image.1: is not a known parameter of DescribeImageCaches");
    require_rejected(run_cli(plus(create_required_args(), {"--Image", "nginx"})),
                     "Image: is not a known parameter of CreateImageCache");
    require_rejected(run_cli(plus(delete_required_args(), {"--Tag.1.Key", "k"})),
                     "Tag.1.Key: is not a known parameter of DeleteImageCache");
}

TEST_CASE("An unknown action is rejected naming the four actions", "[cli]")
{
    auto o = run_cli({"CreateImageCaches", "--RegionId", "cn-hangzhou"});
    require_rejected(o, "CreateImageCaches: is not a supported action");
    for (auto action : {"CreateImageCache", "DescribeImageCaches", "UpdateImageCache", "DeleteImageCache"})
        CHECK(o.err.find(action) != std::string::npos);
}

TEST_CASE("the flag --help lists the four actions with what each requires", "[cli]")
{
    auto o = run_cli({"--help"}, {});
    CHECK(o.status == 0);
    for (auto line : {"  CreateImageCache     --RegionId --ImageCacheName --Image.N\n",
                      "  DescribeImageCaches  --RegionId\n", "  DeleteImageCache     --RegionId --ImageCacheId\n",
                      "  UpdateImageCache     --RegionId --ImageCacheId --SecurityGroupId"})
        CHECK(o.out.find(line) != std::string::npos);
}

TEST_CASE("<Action> --help lists that action's parameters, the required ones marked", "[cli]")
{
    // Written out here, not read from the declarations: the help must say what the API reference says.
    std::map<std::string, std::vector<std::string>> required = {
        {"CreateImageCache", {"RegionId", "ImageCacheName", "Image.N"}},
        {"DescribeImageCaches", {"RegionId"}},
        {"UpdateImageCache", {"RegionId", "ImageCacheId", "SecurityGroupId", "VSwitchId", "ImageCacheName"}},
        {"DeleteImageCache", {"RegionId", "ImageCacheId"}},
    };
    for (auto const& [action, names] : required) {
        auto o = run_cli({action, "--help"}, {});
        INFO(action);
        CHECK(o.status == 0);
        CHECK(o.err.empty());
        CHECK(o.out.rfind("usage: ecireq-sign " + action + " --Name VALUE", 0) == 0);
        for (auto const& name : ecireq::cli::parameter_names(action)) {
            INFO(name);
            bool is_required = std::find(names.begin(), names.end(), name) != names.end();
            CHECK(help_line_after(o.out, name).rfind("required", 0) == (is_required ? 0 : std::string::npos));
        }
    }
}

TEST_CASE("<Action> --help states the rules the declarations give", "[cli]")
{
    auto create = run_cli({"CreateImageCache", "--help"}, {}).out;
    CHECK(help_line_after(create, "ClientToken") == "ASCII, at most 64 characters");
    CHECK(help_line_after(create, "RegionId") == "required  a-z, 0-9 and '-' only");
    CHECK(help_line_after(create, "OsType") == "one of Linux|Windows");
    CHECK(help_line_after(create, "RetentionDays") == "an integer from 1 to 2147483647");
    CHECK(help_line_after(create, "Flash") == "true|false");
    CHECK(help_line_after(create, "Image.N") == "required  at least Image.1; N: 1 to 20");
    CHECK(help_line_after(create, "ImageRegistryCredential.N.UserName") == "N: 1 to 10; each entry must have it");
    CHECK(help_line_after(create, "Tag.N.Value") == "N: 1 to 20; may be left out: sent empty");
    CHECK(help_line_after(create, "AcrRegistryInfo.N.ArnService") == "may be left out: not sent");
    CHECK(help_line_after(create, "AcrRegistryInfo.N.Domain.M") == "a list in each entry, M: 1, 2, 3, ...");
    auto describe = run_cli({"DescribeImageCaches", "--help"}, {}).out;
    CHECK(help_line_after(describe, "MatchImage.N") == "N: 1 to 100");
}

TEST_CASE("The tool's actions and their parameter names are the declarations'", "[cli]")
{
    std::vector<std::string_view> declared_names;
    for_each_declared_action(declared_actions{}, [&](auto spec) { declared_names.push_back(decltype(spec)::action); });
    CHECK(ecireq::cli::action_names() == declared_names);

    for_each_declared_action(declared_actions{}, [&](auto spec) {
        using spec_type = decltype(spec);
        std::string const action(spec_type::action);
        INFO(action);
        auto declared = declared_parameters<spec_type>();

        std::vector<std::string> names;
        for (auto const& p : declared) names.push_back(p.name);
        CHECK(ecireq::cli::parameter_names(action) == names);

        // Every one of them, given once with index 1, is accepted and sent under its own name.
        std::vector<std::string> args = reproducible({action});
        for (auto const& p : declared) args.push_back("--" + first_of(p.name) + "=" + p.value);
        auto o = run_cli(args);
        INFO(o.err);
        REQUIRE(o.status == 0);
        for (auto const& p : declared) {
            INFO(p.name);
            auto sent = first_of(p.name) + "=";
            CHECK((o.out.find("?" + sent) != std::string::npos || o.out.find("&" + sent) != std::string::npos));
        }
    });
}
