// ecireq-sign, run in-process: its output must be the library's own signing
// of the same request, and every kind of bad input must stop it the same
// way: exit status 2, nothing on stdout, one line on stderr naming the
// parameter.
#include "ecireq-sign/cli.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
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
    require_rejected(run_cli(plus(required_args(), {"--Bad\nName", "x"})), "Bad\\x0AName");
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
        plus(reproducible_args(), {"--signature", "v3"}),
        plus(reproducible_args(), {"--signature", "v3", "--output", "curl"}),
        plus(reproducible_args(), {"--method", "POST", "--output", "curl"}),
        plus(required_args(), {"--signature", "v3", "--ClientToken", std::string(65, 'x')}),
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

TEST_CASE("CreateImageCache sends AcrRegistryInfo.N.ArnService and ArnUser, UpdateImageCache has neither", "[cli]")
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
    CHECK(help_line_after(create, "Format") == "one of JSON|XML, V2 only");
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

// ---------------------------------------------------------------------------
// Signature V3 (--signature v3) and --output curl.

namespace {

/// The tool's plain V3 text, written out from the library's signed request:
/// "METHOD URL", then "name: value" per header, in the library's order.
std::string v3_lines(ecireq::signed_request const& r)
{
    std::string text = std::string(ecireq::rpc::method_name(r.method)) + " " + std::string(r.url.buffer()) + "\n";
    for (auto const& h : r.headers) text += h.name + ": " + h.value + "\n";
    return text;
}

/// The library's V3 signing of `request` with reproducible()'s time and nonce.
template <class Request>
ecireq::signed_request library_v3(Request const& request, ecireq::http_method method = ecireq::http_method::post,
                                  ecireq::credentials const& creds = test_credentials())
{
    reproducible_options opts;
    auto r = request.sign_v3(creds, opts.get(), method);
    REQUIRE(r.has_value());
    return std::move(*r);
}

std::vector<std::string> lines_of(std::string const& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

/// Printable ASCII and line ends only: nothing a terminal could act on.
bool ascii_only(std::string const& s)
{
    return std::all_of(s.begin(), s.end(), [](char c) {
        auto b = static_cast<unsigned char>(c);
        return c == '\n' || (b >= 0x20 && b < 0x7F);
    });
}

// tests/data/acs3-hmac-sha256.json, as tests/test_v3.cpp reads it.
struct cli_acs3_vector {
    std::string name, method, access_key_id, secret;
    std::map<std::string, std::string> headers;
    std::vector<std::pair<std::string, std::string>> query;
    std::string body, canonical_request, hashed_canonical_request, signed_headers, signature, authorization;
};

std::vector<cli_acs3_vector> const acs3_vectors =
#include "acs3_vectors.inc"
    ;

/// The command line a user would type for vector `v`: its action, its query
/// as flags, V3, its date and nonce (no --method: V3's default is POST).
std::vector<std::string> vector_args(cli_acs3_vector const& v)
{
    std::vector<std::string> args{v.headers.at("x-acs-action")};
    for (auto const& param : v.query) args.insert(args.end(), {"--" + param.first, param.second});
    args.insert(args.end(), {"--signature", "v3", "--timestamp", v.headers.at("x-acs-date"), "--nonce",
                             v.headers.at("x-acs-signature-nonce")});
    return args;
}

/// The vector's credentials as the environment gives them.
environment vector_env(cli_acs3_vector const& v)
{
    environment env{{"ALIBABA_CLOUD_ACCESS_KEY_ID", v.access_key_id}, {"ALIBABA_CLOUD_ACCESS_KEY_SECRET", v.secret}};
    auto token = v.headers.find("x-acs-security-token");
    if (token != v.headers.end()) env["ALIBABA_CLOUD_SECURITY_TOKEN"] = token->second;
    return env;
}

/// What the tool must print for vector `v`, from the vector alone: the URL
/// carries the canonical query (the canonical request's third line) as it
/// is; the headers are the vector's, sorted by name (std::map), values
/// trimmed as they are signed; its authorization last.
std::string vector_output(cli_acs3_vector const& v)
{
    auto canonical = lines_of(v.canonical_request);
    REQUIRE(canonical.size() > 2);
    std::string text = v.method + " https://" + v.headers.at("host") + "/?" + canonical[2] + "\n";
    for (auto const& h : v.headers) text += h.first + ": " + std::string(ecireq::acs3::trim(h.second)) + "\n";
    return text + "authorization: " + v.authorization + "\n";
}

} // namespace

TEST_CASE("V3 vector eci-describe-sts-11-items through the tool, byte for byte", "[cli][v3]")
{
    REQUIRE(acs3_vectors.size() == 4);
    auto const& v = acs3_vectors[3];
    REQUIRE(v.name == "eci-describe-sts-11-items");
    REQUIRE(v.method == "POST");

    auto args = vector_args(v);
    // The command the vector stands for, spelled out.
    std::vector<std::string> typed{"DescribeImageCaches", "--RegionId", "cn-hangzhou"};
    for (int i = 1; i <= 11; ++i) typed.insert(typed.end(), {"--MatchImage." + std::to_string(i), "img" + std::to_string(i)});
    typed.insert(typed.end(), {"--signature", "v3", "--timestamp", "2024-01-02T03:04:05Z", "--nonce", "nonce-0001"});
    CHECK(args == typed);
    auto env = vector_env(v);
    CHECK(env == environment{{"ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.testid"},
                             {"ALIBABA_CLOUD_ACCESS_KEY_SECRET", "testsecret"},
                             {"ALIBABA_CLOUD_SECURITY_TOKEN", "  tok/en+==  "}});

    auto o = run_cli(args, env);
    INFO(o.err);
    REQUIRE(o.status == 0);
    CHECK(o.err.empty());
    CHECK(o.out == vector_output(v));
    auto lines = lines_of(o.out);
    REQUIRE(lines.size() == 10); // the request line, eight signed headers, authorization
    CHECK(lines.back() == "authorization: " + v.authorization);
    CHECK(lines.front().rfind("POST https://eci.cn-hangzhou.aliyuncs.com/?MatchImage.1=img1&MatchImage.10=img10&", 0) ==
          0);
    CHECK(o.out.find("\nx-acs-security-token: tok/en+==\n") != std::string::npos);
}

TEST_CASE("The other three V3 vectors cannot go through the ECI tool, and are refused", "[cli][v3]")
{
    // official-1 and official-2 are ECS RunInstances requests (another
    // product and action); eci-update-reserved-chars is an UpdateImageCache
    // without the SecurityGroupId and VSwitchId the action requires (the
    // signature functions sign it, the builder and the tool refuse it). They
    // are checked against the library's signing in tests/test_v3.cpp.
    REQUIRE(acs3_vectors.size() == 4);
    CHECK(acs3_vectors[0].headers.at("x-acs-action") == "RunInstances");
    CHECK(acs3_vectors[1].headers.at("x-acs-action") == "RunInstances");
    require_rejected(run_cli(vector_args(acs3_vectors[0]), vector_env(acs3_vectors[0])),
                     "RunInstances: is not a supported action");
    require_rejected(run_cli(vector_args(acs3_vectors[1]), vector_env(acs3_vectors[1])),
                     "RunInstances: is not a supported action");
    require_rejected(run_cli(vector_args(acs3_vectors[2]), vector_env(acs3_vectors[2])),
                     "SecurityGroupId: is required");
}

TEST_CASE("The V3 worked example of docs/signing.md through the tool", "[cli][v3][docs]")
{
    auto o = run_cli({"UpdateImageCache", "--RegionId", "cn-hangzhou", "--ImageCacheId", "imc-bp195erqe9o2pb09****",
                      "--SecurityGroupId", "sg-uf66jeqopgqa9hdn****", "--VSwitchId", "vsw-uf6h3rbwbm90urjwa****",
                      "--ImageCacheName", "testcache", "--Image.1", "nginx:1.25", "--Tag.1.Key", "env",
                      "--Tag.1.Value", "prod", "--signature", "v3", "--timestamp", "2026-11-30T12:00:00Z", "--nonce",
                      "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"},
                     {{"ALIBABA_CLOUD_ACCESS_KEY_ID", "testid"}, {"ALIBABA_CLOUD_ACCESS_KEY_SECRET", "testsecret"}});
    // docs/signing.md, "Worked example", "The request:", as it is there.
    CHECK(o.status == 0);
    CHECK(o.err.empty());
    CHECK(o.out ==
          "POST https://eci.cn-hangzhou.aliyuncs.com/?Image.1=nginx%3A1.25&ImageCacheId=imc-bp195erqe9o2pb09%2A%2A%2A%2A"
          "&ImageCacheName=testcache&RegionId=cn-hangzhou&SecurityGroupId=sg-uf66jeqopgqa9hdn%2A%2A%2A%2A"
          "&Tag.1.Key=env&Tag.1.Value=prod&VSwitchId=vsw-uf6h3rbwbm90urjwa%2A%2A%2A%2A\n"
          "host: eci.cn-hangzhou.aliyuncs.com\n"
          "x-acs-action: UpdateImageCache\n"
          "x-acs-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
          "x-acs-date: 2026-11-30T12:00:00Z\n"
          "x-acs-signature-nonce: 3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf\n"
          "x-acs-version: 2018-08-08\n"
          "authorization: ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-action;x-acs-content-sha256;"
          "x-acs-date;x-acs-signature-nonce;x-acs-version,"
          "Signature=b0a69bac00f9969eab26a90b538c20131c31435d012eb597a4ff28bc109dedd7\n");
}

TEST_CASE("the option --signature v3 prints the library's sign_v3: method and URL, then the headers", "[cli][v3]")
{
    auto o = run_cli(plus(reproducible_args(), {"--Image.1", "nginx:1.25", "--Image.2", "busybox", "--Tag.1.Key",
                                                "env", "--Tag.1.Value", "a b/c*~", "--signature", "v3"}));
    auto expected = library_v3(required_request().image("nginx:1.25").image("busybox").tag("env", "a b/c*~"));
    INFO(o.err);
    CHECK(o.status == 0);
    CHECK(o.err.empty());
    CHECK(o.out == v3_lines(expected));

    auto lines = lines_of(o.out);
    REQUIRE(lines.size() == 8);
    CHECK(lines[0].rfind("POST https://eci.cn-hangzhou.aliyuncs.com/?Image.1=nginx%3A1.25&Image.2=busybox&", 0) == 0);
    CHECK(lines[1] == "host: eci.cn-hangzhou.aliyuncs.com");
    CHECK(lines[4] == "x-acs-date: 2024-05-06T07:08:09Z");
    CHECK(lines[5] == "x-acs-signature-nonce: cli-test-nonce");
    CHECK(lines[7].rfind("authorization: ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;", 0) == 0);
    // Lowercase names, sorted, authorization last.
    std::vector<std::string> names;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        auto name = lines[i].substr(0, lines[i].find(": "));
        CHECK(std::none_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; }));
        names.push_back(name);
    }
    CHECK(names.back() == "authorization");
    CHECK(std::is_sorted(names.begin(), names.end() - 1));
    // V2's parameters are not in a V3 query.
    for (auto v2 : {"Action=", "Signature", "Timestamp=", "AccessKeyId=", "Version=", "Format="})
        CHECK(lines[0].find(v2) == std::string::npos);
}

TEST_CASE("the option --method GET with V3 signs a GET, V3 defaults to POST and V2 to GET", "[cli][v3]")
{
    auto get = run_cli(plus(reproducible_args(), {"--signature", "v3", "--method", "GET"}));
    CHECK(get.status == 0);
    CHECK(get.out == v3_lines(library_v3(required_request(), ecireq::http_method::get)));
    CHECK(get.out.rfind("GET https://", 0) == 0);

    auto post = run_cli(plus(reproducible_args(), {"--signature", "v3", "--method", "POST"}));
    CHECK(post.out == run_cli(plus(reproducible_args(), {"--signature", "v3"})).out);
    CHECK(post.out.rfind("POST https://", 0) == 0);
    CHECK(get.out.substr(get.out.find('\n')) != post.out.substr(post.out.find('\n'))); // the method is signed

    CHECK(run_cli(plus(reproducible_args(), {"--signature", "v2"})).out == run_cli(reproducible_args()).out);
    CHECK(count_lines(run_cli(reproducible_args()).out) == 1);
}

TEST_CASE("An STS token is sent as x-acs-accesskey-id and x-acs-security-token with V3", "[cli][v3]")
{
    auto env = default_env();
    env["ALIBABA_CLOUD_SECURITY_TOKEN"] = "sts-token";
    auto o = run_cli(plus(reproducible_args(), {"--signature", "v3"}), env);
    ecireq::credentials const sts(access_key_id, access_key_secret, "sts-token");
    CHECK(o.status == 0);
    CHECK(o.out == v3_lines(library_v3(required_request(), ecireq::http_method::post, sts)));
    CHECK(o.out.find("\nx-acs-accesskey-id: testid\n") != std::string::npos);
    CHECK(o.out.find("\nx-acs-security-token: sts-token\n") != std::string::npos);
    CHECK(o.out.find("SecurityToken=") == std::string::npos);
}

TEST_CASE("the option --endpoint and --scheme work with V3: the URL and the host header", "[cli][v3]")
{
    auto o = run_cli(
        plus(reproducible_args(), {"--signature", "v3", "--endpoint", "localhost:8080", "--scheme", "http"}));
    reproducible_options opts;
    auto so = opts.get();
    so.endpoint = "localhost:8080";
    so.scheme = "http";
    auto expected = required_request().sign_v3(test_credentials(), so);
    REQUIRE(expected.has_value());
    CHECK(o.status == 0);
    CHECK(o.out == v3_lines(*expected));
    CHECK(o.out.rfind("POST http://localhost:8080/?", 0) == 0);
    CHECK(o.out.find("\nhost: localhost:8080\n") != std::string::npos);
}

TEST_CASE("Every action signs with V3 as the library does", "[cli][v3]")
{
    auto v3 = [](std::vector<std::string> args) { return plus(reproducible(std::move(args)), {"--signature", "v3"}); };
    CHECK(run_cli(v3(create_required_args())).out ==
          v3_lines(library_v3(
              ecireq::create_image_cache().region_id("cn-hangzhou").image_cache_name("testcache").image("nginx:1.25"))));
    CHECK(run_cli(v3(describe_required_args())).out ==
          v3_lines(library_v3(ecireq::describe_image_caches().region_id("cn-hangzhou"))));
    CHECK(run_cli(v3(delete_required_args())).out ==
          v3_lines(library_v3(
              ecireq::delete_image_cache().region_id("cn-hangzhou").image_cache_id("imc-bp195erqe9o2pb09****"))));
    CHECK(run_cli(v3(required_args())).out == v3_lines(library_v3(required_request())));
}

TEST_CASE("Without --timestamp and --nonce every V3 run is signed afresh", "[cli][v3]")
{
    auto a = run_cli(plus(required_args(), {"--signature", "v3"}));
    auto b = run_cli(plus(required_args(), {"--signature", "v3"}));
    CHECK(a.status == 0);
    CHECK(b.status == 0);
    CHECK(a.out != b.out);
}

TEST_CASE("V3 input errors and library errors end as V2's do", "[cli][v3]")
{
    auto o = run_cli(plus(required_args(), {"--signature", "v3", "--ClientToken", std::string(65, 't')}));
    require_rejected(o, "ClientToken");
    CHECK(o.err == "ecireq-sign: ClientToken: is too long (limit: 64)\n");
    require_rejected(run_cli(plus(required_args(), {"--signature", "v3", "--Image.1", "a", "--Image.3", "c"})),
                     "Image.2: is missing");
    require_rejected(run_cli(plus(required_args(), {"--signature", "v3", "--endpoint", "user@host"})), "endpoint:");
    require_rejected(run_cli(plus(required_args(), {"--signature", "v3", "--method", "PUT"})), "method:");
    auto env = default_env();
    env["ALIBABA_CLOUD_SECURITY_TOKEN"] = "token\r\nx-evil: 1"; // would inject a header
    require_rejected(run_cli(plus(required_args(), {"--signature", "v3"}), env), "SecurityToken:");
}

TEST_CASE("A bad --signature or --output is rejected by name", "[cli]")
{
    require_rejected(run_cli(plus(required_args(), {"--signature", "V3"})), "signature: must be v2 or v3");
    require_rejected(run_cli(plus(required_args(), {"--signature", "v4"})), "signature: must be v2 or v3");
    require_rejected(run_cli(plus(required_args(), {"--output", "json"})), "output: must be plain or curl");
    require_rejected(run_cli(plus(required_args(), {"--output="})), "output: must be plain or curl");
}

TEST_CASE("shell_quote makes one single-quoted shell word of anything", "[cli]")
{
    using ecireq::cli::shell_quote;
    CHECK(shell_quote("") == "''");
    CHECK(shell_quote("https://h/?a=b&c=d") == "'https://h/?a=b&c=d'");
    CHECK(shell_quote("it's") == "'it'\\''s'");
    CHECK(shell_quote("''") == "''\\'''\\'''");
    CHECK(shell_quote("$HOME `id` \"q\" \\ ! * ; | & ( ) < > # ~") == "'$HOME `id` \"q\" \\ ! * ; | & ( ) < > # ~'");
}

TEST_CASE("the option --output curl prints one ready-to-run curl command, plain stays the default", "[cli]")
{
    auto args = plus(reproducible_args(), {"--Image.1", "nginx:1.25", "--Tag.1.Key", "env", "--Tag.1.Value", "a b"});
    auto request = required_request().image("nginx:1.25").tag("env", "a b");
    reproducible_options opts;

    // V2, GET.
    auto url = request.sign(test_credentials(), opts.get());
    REQUIRE(url.has_value());
    auto get = run_cli(plus(args, {"--output", "curl"}));
    CHECK(get.status == 0);
    CHECK(get.out == "curl '" + std::string(url->buffer()) + "'\n");
    CHECK(run_cli(plus(args, {"--output", "plain"})).out == run_cli(args).out);

    // V2, POST.
    auto post = request.sign_post(test_credentials(), opts.get());
    REQUIRE(post.has_value());
    auto posted = run_cli(plus(args, {"--method", "POST", "--output", "curl"}));
    CHECK(posted.status == 0);
    CHECK(posted.out == "curl -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data-binary '" +
                            post->body + "' '" + std::string(post->url.buffer()) + "'\n");

    // V3, POST and GET: every header, in order.
    for (auto method : {ecireq::http_method::post, ecireq::http_method::get}) {
        auto v3 = library_v3(request, method);
        std::string want = method == ecireq::http_method::post ? "curl -X POST" : "curl";
        for (auto const& h : v3.headers) want += " -H '" + h.name + ": " + h.value + "'";
        want += " '" + std::string(v3.url.buffer()) + "'\n";
        auto o = run_cli(plus(args, {"--signature", "v3", "--method", std::string(ecireq::rpc::method_name(method)),
                                     "--output", "curl"}));
        CHECK(o.status == 0);
        CHECK(o.out == want);
        CHECK(count_lines(o.out) == 1);
    }
}

TEST_CASE("the option --output curl quotes a header value with quotes, $, backticks and spaces", "[cli]")
{
    auto env = default_env();
    env["ALIBABA_CLOUD_SECURITY_TOKEN"] = "it's $HOME `id` \"q\" \\n";
    auto o = run_cli(plus(reproducible_args(), {"--signature", "v3", "--output", "curl"}), env);
    CHECK(o.status == 0);
    CHECK(o.out.find(" -H 'x-acs-security-token: it'\\''s $HOME `id` \"q\" \\n' ") != std::string::npos);
    // The shell round trip is in tests/cli_smoke.sh and tests/cli_independent.py.
}

TEST_CASE("Flag names are shown with every byte outside printable ASCII escaped", "[cli]")
{
    // Issue 12, defect 8: 0x9B is CSI on terminals that take C1 controls,
    // raw or (in UTF-8 mode) as C2 9B.
    std::vector<std::pair<std::string, std::string>> names = {
        {"Na\x9B" "me", "Na\\x9Bme"},
        {"Na\xC2\x9B" "me", "Na\\xC2\\x9Bme"},
        {"Na\x1B" "[31mme", "Na\\x1B[31mme"},
        {"Na\x7F" "me", "Na\\x7Fme"},
        {"Na\\me", "Na\\\\me"},
        {"Na\xE2\x98\x81" "me", "Na\\xE2\\x98\\x81me"},
    };
    for (auto const& [name, shown] : names) {
        INFO(shown);
        auto unknown = run_cli(plus(required_args(), {"--" + name, "x"}));
        require_rejected(unknown, shown + ": is not a known parameter of UpdateImageCache");
        auto no_value = run_cli(plus(required_args(), {"--" + name}));
        require_rejected(no_value, shown + ": has no value: write --" + shown + " VALUE or --" + shown + "=VALUE");
        auto action = run_cli({name, "--RegionId", "cn-hangzhou"});
        require_rejected(action, shown + ": is not a supported action");
        for (auto const* o : {&unknown, &no_value, &action}) {
            CHECK(ascii_only(o->err));
            CHECK(o->err.find('\x9B') == std::string::npos);
            CHECK(o->err.find('\xC2') == std::string::npos);
        }
    }
    for (int b = 0; b < 256; ++b) {
        auto shown = ecireq::cli::printable(std::string(1, static_cast<char>(b)));
        INFO(b);
        CHECK(ascii_only(shown));
        CHECK(shown.find('\n') == std::string::npos);
        bool const kept = b >= 0x20 && b < 0x7F && b != '\\';
        CHECK(shown.size() == (kept ? 1u : b == '\\' ? 2u : 4u));
    }
    CHECK(ecireq::cli::printable(std::string(100, 'a')) == std::string(64, 'a') + "...");
}

TEST_CASE("the option --help states --signature, --output and the V3 output, in lines of at most 79 columns", "[cli]")
{
    auto help = ecireq::cli::usage();
    for (auto text : {"--signature v2|v3", "--output plain|curl", "(default: GET with v2, POST with v3)",
                      "authorization last", "x-acs-date", "x-acs-signature-nonce", "x-acs-security-token",
                      "eval \"$(ecireq-sign <Action> ... --output curl)\""})
        CHECK(help.find(text) != std::string::npos);
    for (auto const& line : lines_of(help)) {
        INFO(line);
        CHECK(line.size() <= 79);
    }
}

TEST_CASE("Format, V2's common parameter, is refused with V3 instead of being left out", "[cli][v3]")
{
    // sign_v3 does not send it; the tool says so rather than drop what was typed.
    for (auto format : {"XML", "JSON"})
        require_rejected(run_cli(plus(required_args(), {"--signature", "v3", "--Format", format})),
                         "Format: is a V2 parameter: --signature v3 does not send it");
    require_rejected(run_cli(plus(describe_required_args(), {"--signature", "v3", "--Format", "XML"})), "Format:");
    CHECK(run_cli(plus(required_args(), {"--signature", "v2", "--Format", "XML"})).status == 0);
    CHECK(help_line_after(run_cli({"DeleteImageCache", "--help"}, {}).out, "Format") == "one of JSON|XML, V2 only");
}
