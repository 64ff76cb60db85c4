// ecireq-sign: prints a signed ECI request for curl, for any action the
// library declares, signed with V2 (HMAC-SHA1, the default) or V3
// (ACS3-HMAC-SHA256), as plain lines or as a ready-to-run curl command.
//
// Nothing below is about one action. The actions are named once, in
// supported_actions; everything else is derived from each action's
// declaration (include/ecireq/actions/eci/): the names the tool accepts,
// how it converts and checks them, and what --help says about them come
// from Spec::fields (API name, kind, rules), Spec::groups (name, members
// and their presence, nested list, API limit) and Spec::required. Adding
// an action to the library and its name to that list is all the tool needs.
//
// All of the tool is in this header, behind run(), so the tests drive it
// in-process with a fake environment and string streams; main.cpp only
// hands it the real ones.
//
// A run goes through four stages. Each may stop with a one-line message
// (exit status 2); stdout is written only after the last one succeeded.
//   1. the action (the first argument), then parse_flags: the rest of argv
//      -> a generic map name -> value. It knows nothing of any action: it
//      only finds flags without a value, repeated flags, stray arguments.
//   2. take_settings, sort_parameters: the map -> how to sign, and the
//      request's values, scalars by name and repeated parameters by group
//      and numeric index. Unknown names and malformed indices stop here.
//   3. check_input, to_data: what the builder cannot see because it numbers
//      repeated parameters itself (gaps, an entry missing a required member,
//      an explicitly empty member the builder would silently leave out),
//      the required parameters (the builder checks them at compile time,
//      the tool has to at run time), a parameter only V2 sends (Format)
//      given with --signature v3, and the conversion of integer and
//      boolean text, into the library's own action_data.
//   4. sign: the library's request type in its "everything required is
//      set" state, and sign()/sign_post() (V2) or sign_v3() (V3), so the
//      tool validates and signs exactly as the library does; a library
//      error is printed as it is. Then the text: plain lines, or one curl
//      command whose every argument is single-quoted for a POSIX shell.
//
// Stages 1 to 3 are shared with ecireq-call (tools/ecireq-call/), which
// sends the request instead of printing it: with_request() runs them for
// the action args[0] names and hands the complete request, the sign
// settings and the credentials to a generic callable (here: sign_request,
// stage 4). A tool with flags of its own takes them out of the map between
// stages 1 and 2 (own_flags_fn), where stage 2 would reject them as unknown.
//
// Indices are map keys as numbers, not text: with text keys Image.10 would
// come right after Image.1 and the builder, which numbers entries in the
// order they are added, would send it as Image.2.
//
// The AccessKeySecret goes from the environment straight into
// ecireq::credentials, which keeps no copy of it. Messages name parameters
// and never quote a value, so no secret (nor a registry password) can end
// up on stderr; a name the user typed is shown with every byte outside
// printable ASCII escaped, so no control byte (C0, DEL, a raw C1 byte or a
// UTF-8 encoded C1 code point) reaches the terminal.
#ifndef ECIREQ_SIGN_CLI_HPP
#define ECIREQ_SIGN_CLI_HPP

#include <ecireq.hpp>

#include <boost/system/result.hpp>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace ecireq { namespace cli {

constexpr int exit_success = 0;
constexpr int exit_output_failed = 1; // stdout could not be written
constexpr int exit_bad_input = 2;     // nothing was written to stdout

constexpr std::string_view program = "ecireq-sign";
constexpr std::string_view env_access_key_id = "ALIBABA_CLOUD_ACCESS_KEY_ID";
constexpr std::string_view env_access_key_secret = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
constexpr std::string_view env_security_token = "ALIBABA_CLOUD_SECURITY_TOKEN";

// ---------------------------------------------------------------------------
// The actions, and walking the declarations' type lists.

template <class... Specs>
struct action_list {};

/// Every action the tool signs. The only place actions are named.
using supported_actions =
    action_list<create_image_cache_spec, describe_image_caches_spec, update_image_cache_spec, delete_image_cache_spec>;

/// Stands for the type T in a generic lambda (decltype(t)::type).
template <class T>
struct type_tag {
    using type = T;
};

/// Calls visit(type_tag<T>{}) for each T of a type list (field_list, group_list, action_list).
template <template <class...> class List, class... T, class Visit>
void for_each_type(List<T...>, Visit&& visit)
{
    (visit(type_tag<T>{}), ...);
    (void)visit; // unused when the list is empty (DeleteImageCache has no groups)
}

/// True when T is one of List's types.
template <class T, template <class...> class List, class... U>
constexpr bool is_one_of(List<U...>) noexcept
{
    return (false || ... || std::is_same<T, U>::value);
}

/// Groups declare their members; fields do not.
template <class Param, class = void>
struct is_group : std::false_type {};
template <class Param>
struct is_group<Param, std::void_t<decltype(Param::members)>> : std::true_type {};
template <class Param>
constexpr bool is_group_v = is_group<Param>::value;

template <class Group>
constexpr bool has_nested_list = !Group::nested.empty();

/// A common parameter the V2 scheme writes itself (Format): sign_v3 leaves it out.
template <class Field, class = void>
struct is_v2_only : std::false_type {};
template <class Field>
struct is_v2_only<Field, std::void_t<decltype(Field::sent)>> : std::bool_constant<!Field::sent> {};
template <class Field>
constexpr bool is_v2_only_v = is_v2_only<Field>::value;

/// The tool's own flags; lowercase, so that no API parameter can take their names.
constexpr std::string_view option_names[] = {"signature", "output", "endpoint", "scheme",
                                             "method",    "timestamp", "nonce", "help"};

/// True when one of the fields is called by one of `names`.
template <std::size_t N, class... Fields>
constexpr bool names_one_of(detail::field_list<Fields...>, std::string_view const (&names)[N]) noexcept
{
    for (auto name : names)
        if ((false || ... || (Fields::name == name))) return true;
    return false;
}

/// True when a parameter of one of the actions is called by one of `names`
/// (a tool built on these stages checks its own flags' names with it too).
template <std::size_t N, class... Specs>
constexpr bool any_parameter_named(action_list<Specs...>, std::string_view const (&names)[N]) noexcept
{
    return (false || ... || names_one_of(typename Specs::fields{}, names));
}
static_assert(!any_parameter_named(supported_actions{}, option_names),
              "ecireq-sign: an API parameter has the name of one of the tool's own flags");

template <class First, class... Rest>
constexpr bool same_product(action_list<First, Rest...>) noexcept
{
    return (true && ... && std::is_same<typename First::product, typename Rest::product>::value);
}
// The usage names one API version and one default host for all of them.
static_assert(same_product(supported_actions{}), "ecireq-sign: the actions must belong to one product");

template <class First, class... Rest>
First first_action(action_list<First, Rest...>); // only named in decltype

/// The product of every supported action: its API version, default host and region field.
using product = typename decltype(first_action(supported_actions{}))::product;

/// Calls fn(type_tag<Spec>{}) for the action named `name`; false when no action has that name.
template <class Fn>
bool with_action(std::string_view name, Fn&& fn)
{
    bool found = false;
    for_each_type(supported_actions{}, [&](auto spec) {
        if (!found && decltype(spec)::type::action == name) {
            found = true;
            fn(spec);
        }
    });
    return found;
}

/// The supported actions' names, in the order supported_actions lists them.
inline std::vector<std::string_view> action_names()
{
    std::vector<std::string_view> names;
    for_each_type(supported_actions{}, [&](auto spec) { names.push_back(decltype(spec)::type::action); });
    return names;
}

// ---------------------------------------------------------------------------
// The names of an action's parameters, as --help shows them.

/// "Image.N", "Tag.N.Key" and "Tag.N.Value", "AcrRegistryInfo.N.Domain.M".
template <class Group>
std::vector<std::string> group_parameter_names()
{
    std::string entry = std::string(Group::name) + ".N";
    std::vector<std::string> names;
    for (auto const& m : Group::members)
        names.push_back(m.name.empty() ? entry : entry + "." + std::string(m.name));
    if constexpr (has_nested_list<Group>) names.push_back(entry + "." + std::string(Group::nested) + ".M");
    return names;
}

/// An action's parameters as --help lists them: fields, then groups, in declaration order.
template <class Spec>
std::vector<std::string> parameter_names_of()
{
    std::vector<std::string> names;
    for_each_type(typename Spec::fields{}, [&](auto field) { names.emplace_back(decltype(field)::type::name); });
    for_each_type(typename Spec::groups{}, [&](auto group) {
        for (auto& name : group_parameter_names<typename decltype(group)::type>()) names.push_back(std::move(name));
    });
    return names;
}

/// The parameters of `action` ("Tag.N.Key" for Tag.1.Key, ...); empty for an unknown action.
inline std::vector<std::string> parameter_names(std::string_view action)
{
    std::vector<std::string> names;
    with_action(action, [&](auto spec) { names = parameter_names_of<typename decltype(spec)::type>(); });
    return names;
}

/// How --help names a required parameter: the field's name, a group's first parameter.
template <class Param>
std::string help_name()
{
    if constexpr (is_group_v<Param>) return group_parameter_names<Param>().front();
    else return std::string(Param::name);
}

// ---------------------------------------------------------------------------
// Help text.

/// "a, b and c".
inline std::string join_words(std::vector<std::string> const& words, std::string_view last_separator = " and ")
{
    std::string text;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i != 0) text += i + 1 == words.size() ? std::string(last_separator) : std::string(", ");
        text += words[i];
    }
    return text;
}

inline std::string action_list_text()
{
    std::vector<std::string> names;
    for (auto name : action_names()) names.emplace_back(name);
    return join_words(names, ", ");
}

/** `words` filled into lines of at most `width` characters (a longer word
    gets a line of its own), the first after `first_prefix`, the others
    indented by its length. */
inline std::string fill(std::string_view first_prefix, std::vector<std::string> const& words, std::size_t width = 79)
{
    std::string text(first_prefix);
    std::string const indent(first_prefix.size(), ' ');
    std::size_t line_start = 0;
    bool line_empty = true;
    for (auto const& word : words) {
        if (!line_empty && text.size() - line_start + 1 + word.size() > width) {
            text += '\n';
            line_start = text.size();
            text += indent;
            line_empty = true;
        }
        if (!line_empty) text += ' ';
        text += word;
        line_empty = false;
    }
    return text + '\n';
}

inline std::vector<std::string> words_of(std::string_view text)
{
    std::vector<std::string> words;
    while (!text.empty()) {
        auto space = text.find(' ');
        if (space != 0) words.emplace_back(text.substr(0, space));
        if (space == std::string_view::npos) break;
        text.remove_prefix(space + 1);
    }
    return words;
}

/// What the declarations say of a scalar parameter: "ASCII, at most 64 characters", "true|false", ...
template <class Field>
std::string field_rules()
{
    if constexpr (detail::is_string_field_v<Field>) {
        std::vector<std::string> rules;
        if constexpr (Field::host_label) rules.emplace_back("a-z, 0-9 and '-' only");
        if constexpr (Field::ascii_only) rules.emplace_back("ASCII");
        if constexpr (Field::max_length != 0)
            rules.push_back("at most " + std::to_string(Field::max_length) + " characters");
        if constexpr (Field::value_count != 0) {
            std::string set;
            for (std::size_t i = 0; i < Field::value_count; ++i) set += (i ? "|" : "") + std::string(Field::values[i]);
            rules.push_back("one of " + set);
        }
        if constexpr (is_v2_only_v<Field>) rules.emplace_back("V2 only");
        return join_words(rules, ", ");
    } else if constexpr (detail::is_integer_field_v<Field>) {
        return "an integer from " + std::to_string(Field::minimum) + " to " + std::to_string(Field::maximum);
    } else {
        return "true|false";
    }
}

/// One line of an action's parameter table.
struct parameter_line {
    std::string name; // without the leading "--"
    bool required;
    std::string rules;
};

/// What the declaration says of each member of Group (and of its nested list).
template <class Group, class Spec>
void describe_group(std::vector<parameter_line>& lines)
{
    constexpr bool required = is_one_of<Group>(typename Spec::required{});
    std::string const limit = Group::api_max != 0 ? "N: 1 to " + std::to_string(Group::api_max) : "";
    auto names = group_parameter_names<Group>();

    for (std::size_t k = 0; k < Group::members.size(); ++k) {
        std::vector<std::string> rules;
        if (required && k == 0) rules.push_back("at least " + std::string(Group::name) + ".1");
        if (!limit.empty()) rules.push_back(limit);
        switch (Group::members[k].rule) {
        case presence::required:
            // Said of a member beside others (a plain list's one value is
            // simply there), and not with "required", the mark of what the
            // action itself requires.
            if (Group::members.size() > 1) rules.emplace_back("each entry must have it");
            break;
        case presence::may_be_empty: rules.emplace_back("may be left out: sent empty"); break;
        case presence::omit_if_empty: rules.emplace_back("may be left out: not sent"); break;
        }
        lines.push_back({names[k], required && k == 0, join_words(rules, "; ")});
    }
    if constexpr (has_nested_list<Group>)
        lines.push_back({names.back(), false, "a list in each entry, M: 1, 2, 3, ..."});
}

/// `<Action> --help`: the action's parameters with what its declaration says of them.
/// `tool` names the program in the text: ecireq-call shows the same table.
template <class Spec>
std::string action_usage(std::string_view tool = program)
{
    std::vector<parameter_line> lines;
    for_each_type(typename Spec::fields{}, [&](auto tag) {
        using field = typename decltype(tag)::type;
        lines.push_back({std::string(field::name), is_one_of<field>(typename Spec::required{}), field_rules<field>()});
    });
    for_each_type(typename Spec::groups{},
                  [&](auto tag) { describe_group<typename decltype(tag)::type, Spec>(lines); });

    std::size_t width = 0;
    for (auto const& line : lines) width = line.name.size() > width ? line.name.size() : width;
    std::string text =
        "usage: " + std::string(tool) + " " + std::string(Spec::action) + " --Name VALUE ... [options]\n\n";
    std::string about = "The parameters of " + std::string(Spec::action) + " (API version " +
                        std::string(Spec::product::version) + "), as --Name VALUE or --Name=VALUE.";
    if (Spec::groups::size != 0) about += " N and M count 1, 2, 3, ... without gaps, in any order on the line.";
    text += fill("", words_of(about + " The options and the environment: " + std::string(tool) + " --help"));
    text += '\n';
    for (auto const& line : lines) {
        std::string row = "  --" + line.name + std::string(width - line.name.size() + 2, ' ');
        row += line.required ? "required  " : "          ";
        row += line.rules;
        while (row.back() == ' ') row.pop_back();
        text += row + '\n';
    }
    return text;
}

/// The first group of any action that has a member that may be empty,
/// described as a usage example ("--Tag.N.Key without --Tag.N.Value is sent
/// with an empty Value"); empty when no action has one.
inline std::string may_be_empty_example()
{
    std::string example;
    for_each_type(supported_actions{}, [&](auto spec) {
        for_each_type(typename decltype(spec)::type::groups{}, [&](auto tag) {
            using group = typename decltype(tag)::type;
            auto names = group_parameter_names<group>();
            std::optional<std::size_t> optional_member, required_member;
            for (std::size_t k = 0; k < group::members.size(); ++k) {
                if (group::members[k].rule == presence::may_be_empty && !optional_member) optional_member = k;
                if (group::members[k].rule == presence::required && !required_member) required_member = k;
            }
            if (!example.empty() || !optional_member || !required_member) return;
            example = "--" + names[*required_member] + " without --" + names[*optional_member] +
                      " is sent with an empty " + std::string(group::members[*optional_member].name) + ".";
        });
    });
    return example;
}

/// The shortest name of each shape a repeated parameter's name has:
/// "--Image.N", "--Tag.N.Key", "--AcrRegistryInfo.N.Domain.M".
inline std::vector<std::string> repeated_name_examples()
{
    std::string plain_list, with_member, nested_list;
    auto keep_shorter = [](std::string& kept, std::string const& name) {
        if (kept.empty() || name.size() + 2 < kept.size()) kept = "--" + name;
    };
    for_each_type(supported_actions{}, [&](auto spec) {
        for_each_type(typename decltype(spec)::type::groups{}, [&](auto tag) {
            using group = typename decltype(tag)::type;
            auto names = group_parameter_names<group>();
            keep_shorter(group::members.front().name.empty() ? plain_list : with_member, names.front());
            if constexpr (has_nested_list<group>) keep_shorter(nested_list, names.back());
        });
    });
    std::vector<std::string> examples;
    for (auto* e : {&plain_list, &with_member, &nested_list})
        if (!e->empty()) examples.push_back(*e);
    return examples;
}

/// One line per action with the parameters it requires, filled to 79 columns.
inline std::string required_parameters_text()
{
    std::string text;
    std::size_t width = 0;
    for (auto name : action_names()) width = name.size() > width ? name.size() : width;
    for_each_type(supported_actions{}, [&](auto tag) {
        using spec = typename decltype(tag)::type;
        std::vector<std::string> required;
        for_each_type(typename spec::required{},
                      [&](auto param) { required.push_back("--" + help_name<typename decltype(param)::type>()); });
        text += fill("  " + std::string(spec::action) + std::string(width - spec::action.size() + 2, ' '), required);
    });
    return text;
}

/// How parameters are written on the command line, after an empty line; `tool` names the program.
inline std::string parameter_syntax_text(std::string_view tool)
{
    std::string repeated = "Parameters, as --Name VALUE or --Name=VALUE, named as in the API reference (" +
                           std::string(tool) + " <Action> --help lists them with their rules).";
    if (auto examples = repeated_name_examples(); !examples.empty())
        repeated += " Repeated ones carry their index: " + join_words(examples, ", ") +
                    "; N and M count 1, 2, 3, ... without gaps, in any order on the line.";
    repeated += " A value that starts with \"--\" must be written --Name=VALUE.";
    std::string text = '\n' + fill("", words_of(repeated));
    // On a line of its own: an example is not to be broken.
    if (auto example = may_be_empty_example(); !example.empty())
        text += "A member that may be empty may be left out:\n  " + example + '\n';
    return text;
}

/// The host a request goes to without --endpoint: "eci.<RegionId>.aliyuncs.com".
inline std::string default_host_text()
{
    return std::string(product::host.prefix) + "<" + std::string(product::region_field::name) + ">" +
           std::string(product::host.suffix);
}

/// Where the credentials come from.
inline std::string environment_text()
{
    return R"usage(Environment:
  ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET  (required)
  ALIBABA_CLOUD_SECURITY_TOKEN  STS credentials only: sent as SecurityToken
                                with v2, as x-acs-security-token with v3
)usage";
}

/// `ecireq-sign --help`: the actions, what each requires, the options.
inline std::string usage()
{
    std::string text = R"usage(usage: ecireq-sign <Action> --Name VALUE ... [options]
       ecireq-sign <Action> --help   the parameters of <Action>
       ecireq-sign --help            this text

)usage";
    text += "Prints an Alibaba Cloud ECI request (API version " + std::string(product::version) + "), signed with\n";
    text += R"usage(V2 (HMAC-SHA1, the default) or V3 (ACS3-HMAC-SHA256: --signature v3).
--output plain (the default) prints it as lines:
  V2, GET   the URL
  V2, POST  the URL, then the form body
  V3        the method and the URL ("POST https://..."), then each header as
            "name: value", names lowercase, authorization last; no body
--output curl prints one curl command that sends it, each argument quoted for
a POSIX shell:
  eval "$(ecireq-sign <Action> ... --output curl)"
A GET signed with V2 also runs as:  curl "$(ecireq-sign <Action> ...)"

Actions, each with the parameters it requires:
)usage";
    text += required_parameters_text();
    text += parameter_syntax_text(program);
    text += R"usage(
Options:
  --signature v2|v3       v2: HMAC-SHA1, every parameter signed in the URL
                          (default); v3: ACS3-HMAC-SHA256, signed headers
  --output plain|curl     the lines above (default), or a curl command
  --method GET|POST       (default: GET with v2, POST with v3)
)usage";
    text += "  --endpoint HOST[:PORT]  where to send it\n                          (default: " + default_host_text() +
            ")\n";
    text += R"usage(  --scheme https|http     (default: https)
  --timestamp YYYY-MM-DDThh:mm:ssZ
                          sign as of this UTC time (default: now): Timestamp
                          with v2, x-acs-date with v3
  --nonce VALUE           SignatureNonce with v2, x-acs-signature-nonce with
                          v3 (default: a random UUID). With --timestamp the
                          output is reproducible; never send a nonce twice:
                          the service rejects a repeated one.
  --help                  print this text and exit

)usage";
    text += environment_text();
    text += R"usage(
Exit status: 0 printed, 2 bad input (one line on stderr, nothing on stdout),
1 stdout could not be written.
)usage";
    return text;
}

// ---------------------------------------------------------------------------
// Messages.

/// Looks up an environment variable; nullptr when it is not set.
using env_fn = std::function<char const*(char const*)>;

/** `s` safe for one line of a terminal: printable ASCII as it is, every
    other byte as \xNN (uppercase hex) and the backslash as \\, so the text
    is ASCII, one line, and tells different texts apart. Nothing a terminal
    could act on gets through: not C0 controls (a line break would also
    break a one-line message), not DEL, not a raw C1 byte (0x9B is CSI on
    many terminals) nor a C1 code point in UTF-8 (C2 80 to C2 9F), nor any
    other byte of 0x80 to 0xFF. */
inline std::string escape_for_terminal(std::string_view s)
{
    constexpr char hex[] = "0123456789ABCDEF";
    std::string r;
    r.reserve(s.size());
    for (char c : s) {
        auto b = static_cast<unsigned char>(c);
        if (c == '\\') {
            r += "\\\\";
        } else if (b >= 0x20 && b < 0x7F) {
            r += c;
        } else {
            r += "\\x";
            r += hex[b >> 4];
            r += hex[b & 15];
        }
    }
    return r;
}

/// Shown in place of user-typed names (flags, the action): escaped as
/// above, and a long paste cut.
inline std::string printable(std::string_view s)
{
    constexpr std::size_t max_shown = 64;
    std::string r = escape_for_terminal(s.substr(0, max_shown));
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

/// Calls check(type_tag<T>{}) for each T of a type list until one reports a problem.
template <template <class...> class List, class... T, class Check>
checked<void> check_each(List<T...>, Check&& check)
{
    checked<void> outcome;
    (void)((outcome = check(type_tag<T>{})) && ...);
    (void)check; // unused when the list is empty
    return outcome;
}

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

enum class signature_version { v2, v3 };

/// What stdout gets: the request as lines, or one curl command that sends it.
enum class output_format { plain, curl };

struct sign_settings {
    signature_version signature = signature_version::v2;
    output_format output = output_format::plain;
    std::string scheme = "https";
    std::string endpoint; // empty: the library's default host for RegionId
    std::optional<http_method> method; // unset: GET with V2, POST with V3 (each one's usual method)
    std::optional<rpc::time_point> timestamp;
    std::optional<std::string> nonce;

    http_method method_or_default() const noexcept
    {
        return method.value_or(signature == signature_version::v3 ? http_method::post : http_method::get);
    }
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
    if (auto v = take(flags, "signature")) {
        if (*v == "v2") s.signature = signature_version::v2;
        else if (*v == "v3") s.signature = signature_version::v3;
        else return problem("signature", "must be v2 or v3");
    }
    if (auto v = take(flags, "output")) {
        if (*v == "plain") s.output = output_format::plain;
        else if (*v == "curl") s.output = output_format::curl;
        else return problem("output", "must be plain or curl");
    }
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
// Stage 2b: API parameters, sorted into scalars and group entries by index.

template <class T>
using by_index = std::map<std::size_t, T>;

/// One entry of a group as given: its members in declaration order (unset:
/// not on the command line) and its nested list.
struct entry_input {
    std::vector<std::optional<std::string>> members;
    by_index<std::string> nested;
};

struct request_input {
    flag_map scalars; // by API name
    /// By the group's API name (the declaration's static text); every group of the action is here.
    std::map<std::string_view, by_index<entry_input>> groups;
};

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

inline problem bad_index(std::string_view name)
{
    return problem(name, "has a bad index: indices are 1, 2, 3, ... (no 0, no leading zeros)");
}

/** Files `value` into `entries` when `name` (split at its dots into
    `parts`) is a parameter of Group: Name.N for a plain list, Name.N.Member,
    or Name.N.Nested.M. Returns false when it is not; the right shape with a
    bad index is a problem of its own, so "Image.0" is not reported as unknown. */
template <class Group>
checked<bool> file_group_parameter(std::vector<std::string_view> const& parts, std::string_view name,
                                   std::string& value, by_index<entry_input>& entries)
{
    if (parts.size() < 2 || parts[0] != Group::name) return false;
    std::optional<std::size_t> member;
    for (std::size_t k = 0; k < Group::members.size(); ++k) {
        std::string_view m = Group::members[k].name;
        if (m.empty() ? parts.size() == 2 : parts.size() == 3 && parts[2] == m) member = k;
    }
    bool const nested = has_nested_list<Group> && parts.size() == 4 && parts[2] == Group::nested;
    if (!member && !nested) return false;

    auto i = parse_index(parts[1]);
    if (!i) return bad_index(name);
    auto& entry = entries[*i];
    entry.members.resize(Group::members.size());
    if (member) {
        entry.members[*member] = std::move(value);
        return true;
    }
    auto j = parse_index(parts[3]);
    if (!j) return bad_index(name);
    entry.nested[*j] = std::move(value);
    return true;
}

/** Files one API parameter of action Spec into `in`. Returns false for a
    name that is not one of its parameters. */
template <class Spec>
checked<bool> file_parameter(request_input& in, std::string const& name, std::string& value)
{
    bool is_field = false;
    for_each_type(typename Spec::fields{},
                  [&](auto field) { is_field = is_field || decltype(field)::type::name == name; });
    if (is_field) {
        in.scalars.emplace(name, std::move(value));
        return true;
    }
    auto parts = split_dots(name);
    checked<bool> filed = false;
    for_each_type(typename Spec::groups{}, [&](auto tag) {
        using group = typename decltype(tag)::type;
        if (filed && !*filed) filed = file_group_parameter<group>(parts, name, value, in.groups[group::name]);
    });
    return filed;
}

/** With --signature v3, a parameter only V2 sends (Format) is refused: the
    library's sign_v3 would leave it out, and silence would hide that. */
template <class Spec>
checked<void> check_signature_parameters(request_input const& in, signature_version signature)
{
    if (signature != signature_version::v3) return {};
    return check_each(typename Spec::fields{}, [&](auto tag) -> checked<void> {
        using field = typename decltype(tag)::type;
        if constexpr (is_v2_only_v<field>)
            if (in.scalars.find(field::name) != in.scalars.end())
                return problem(field::name, "is a V2 parameter: --signature v3 does not send it");
        return {};
    });
}

template <class Spec>
checked<request_input> sort_parameters(flag_map flags)
{
    request_input in;
    for_each_type(typename Spec::groups{}, [&](auto group) { in.groups[decltype(group)::type::name]; });
    for (auto& [name, value] : flags) {
        auto filed = file_parameter<Spec>(in, name, value);
        if (!filed) return filed.error();
        if (!*filed)
            return problem(name,
                           make_error_code(errc::unknown_parameter).message() + " of " + std::string(Spec::action));
    }
    return in;
}

// ---------------------------------------------------------------------------
// Stage 3: what only the command line can get wrong, then the library's data.

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

/// Gaps, and what each entry of Group lacks or has in vain.
template <class Group>
checked<void> check_group(by_index<entry_input> const& entries)
{
    std::string const group_name(Group::name);
    if (auto gap = first_gap(entries)) return problem(group_name + "." + std::to_string(*gap), errc::index_gap);

    std::vector<std::string> required_members;
    for (auto const& m : Group::members)
        if (m.rule == presence::required) required_members.emplace_back(m.name);
    std::string const all_required =
        required_members.size() > 1 ? " (each " + group_name + ".N needs " + join_words(required_members) + ")" : "";

    for (auto const& numbered : entries) {
        // Named, not structured bindings: lambdas below use them (C++17 forbids capturing bindings).
        entry_input const& entry = numbered.second;
        std::string const prefix = group_name + "." + std::to_string(numbered.first);
        auto member_name = [&](std::size_t k) {
            std::string_view m = Group::members[k].name;
            return m.empty() ? prefix : prefix + "." + std::string(m);
        };
        // The entry exists because something of it was given; a missing member is named with it.
        auto first_given = [&]() -> std::string {
            for (std::size_t k = 0; k < Group::members.size(); ++k)
                if (entry.members[k]) return member_name(k);
            if (entry.nested.empty()) return prefix; // not reached: then the entry would not exist
            return prefix + "." + std::string(Group::nested) + "." + std::to_string(entry.nested.begin()->first);
        };
        for (std::size_t k = 0; k < Group::members.size(); ++k) {
            auto const& given = entry.members[k];
            presence const rule = Group::members[k].rule;
            if (!given && rule == presence::required)
                return problem(member_name(k), "is required when " + first_given() + " is given" + all_required);
            // The builder leaves such a member out of the request when it is
            // empty; given explicitly, that silence would hide a mistake.
            if (given && given->empty() && rule == presence::omit_if_empty)
                return problem(member_name(k), errc::empty_value);
        }
        if (auto gap = first_gap(entry.nested))
            return problem(prefix + "." + std::string(Group::nested) + "." + std::to_string(*gap), errc::index_gap);
    }
    return {};
}

/// The required parameters, then every group's structure; values are the library's to check.
template <class Spec>
checked<void> check_input(request_input const& in)
{
    auto present = check_each(typename Spec::required{}, [&](auto tag) -> checked<void> {
        using param = typename decltype(tag)::type;
        if constexpr (is_group_v<param>) {
            static_assert(is_one_of<param>(typename Spec::groups{}), "ecireq-sign: a required group the action lacks");
            if (in.groups.find(param::name)->second.empty())
                return problem(std::string(param::name) + ".1", errc::missing_parameter);
        } else {
            static_assert(is_one_of<param>(typename Spec::fields{}), "ecireq-sign: a required field the action lacks");
            if (in.scalars.find(param::name) == in.scalars.end()) return problem(param::name, errc::missing_parameter);
        }
        return {};
    });
    if (!present) return present;
    return check_each(typename Spec::groups{}, [&](auto tag) {
        using group = typename decltype(tag)::type;
        return check_group<group>(in.groups.find(group::name)->second);
    });
}

/// Decimal digits with an optional '-' into `out`; the range is the library's
/// to check, unless the number does not even fit in 64 bits.
template <class Field>
checked<void> read_integer(std::string const& s, std::optional<std::int64_t>& out)
{
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
checked<void> read_bool(std::string const& s, std::optional<bool>& out)
{
    if (s != "true" && s != "false") return problem(Field::name, "must be true or false");
    out = s == "true";
    return {};
}

/// Field's text, if given, converted to the field's kind into `out`.
template <class Field, class Slot>
checked<void> read_field(flag_map const& scalars, Slot& out)
{
    auto it = scalars.find(Field::name);
    if (it == scalars.end()) return {};
    if constexpr (detail::is_string_field_v<Field>) {
        out = it->second;
        return {};
    } else if constexpr (detail::is_integer_field_v<Field>) {
        return read_integer<Field>(it->second, out);
    } else {
        static_assert(std::is_same<typename Field::input_type, bool>::value,
                      "ecireq-sign: a field kind it cannot read");
        return read_bool<Field>(it->second, out);
    }
}

/// Group's entries, in index order (which is the order the library numbers them in).
template <class Group, class Store>
void add_entries(by_index<entry_input> const& entries, Store& store)
{
    using entry_type = typename detail::group_traits<Group, owning_storage>::entry;
    for (auto const& numbered : entries) {
        entry_input const& given = numbered.second;
        entry_type entry{};
        // A member left out is empty: sent empty (may_be_empty) or not at all
        // (omit_if_empty); a required one has been checked to be there.
        for (std::size_t k = 0; k < Group::members.size(); ++k)
            entry.values[k] = given.members[k].value_or(std::string());
        if constexpr (has_nested_list<Group>)
            for (auto const& item : given.nested) entry.nested.add(item.second);
        store.entries.add(std::move(entry));
    }
}

template <class Spec>
using action_data_of = detail::action_data<Spec, owning_storage>;

/// The library's data of the request; the first integer or boolean that does not convert stops it.
template <class Spec>
checked<action_data_of<Spec>> to_data(request_input const& in)
{
    action_data_of<Spec> data;
    auto converted = check_each(typename Spec::fields{}, [&](auto tag) {
        using field = typename decltype(tag)::type;
        return read_field<field>(in.scalars, data.scalars.template get<field>());
    });
    if (!converted) return converted.error();
    for_each_type(typename Spec::groups{}, [&](auto tag) {
        using group = typename decltype(tag)::type;
        add_entries<group>(in.groups.find(group::name)->second, data.template group<group>());
    });
    return data;
}

// ---------------------------------------------------------------------------
// Stage 4: the credentials, and signing the library's request.

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

// ---------------------------------------------------------------------------
// Stage 4b: the text for stdout.

/** `s` as one word of a POSIX shell: in single quotes, inside which no
    character is special ($, `, \, ", spaces, newlines all stand for
    themselves) but the single quote, written '\'' (close the quotes, an
    escaped quote, reopen them). */
inline std::string shell_quote(std::string_view s)
{
    std::string r = "'";
    for (char c : s) {
        if (c == '\'') r += "'\\''";
        else r += c;
    }
    return r + "'";
}

/// The argument of curl's -H for a header; "name;" is curl's way to send one with an empty value.
inline std::string curl_header(std::string_view name, std::string_view value)
{
    return value.empty() ? std::string(name) + ";" : std::string(name) + ": " + std::string(value);
}

/// V2, GET: the URL; or `curl 'URL'`.
inline std::string format_v2_get(std::string_view url, output_format output)
{
    if (output == output_format::curl) return "curl " + shell_quote(url) + '\n';
    return std::string(url) + '\n';
}

/// V2, POST: the URL, then the form body; or the curl command that posts the body to the URL.
inline std::string format_v2_post(std::string_view url, std::string_view body, output_format output)
{
    if (output == output_format::curl)
        return "curl -X POST -H " + shell_quote("Content-Type: application/x-www-form-urlencoded") +
               " --data-binary " + shell_quote(body) + ' ' + shell_quote(url) + '\n';
    return std::string(url) + '\n' + std::string(body) + '\n';
}

/** V3: "METHOD URL", then "name: value" per header in the library's order
    (sorted, authorization last); or the curl command with each header as a
    -H (no -X for GET, curl's own default). The body is empty. */
inline std::string format_v3(signed_request const& r, output_format output)
{
    std::string_view const url = r.url.buffer();
    std::string text;
    if (output == output_format::curl) {
        text = "curl";
        if (r.method != http_method::get) text += " -X " + std::string(rpc::method_name(r.method));
        for (auto const& h : r.headers) text += " -H " + shell_quote(curl_header(h.name, h.value));
        return text + ' ' + shell_quote(url) + '\n';
    }
    text = std::string(rpc::method_name(r.method)) + ' ' + std::string(url) + '\n';
    for (auto const& h : r.headers) text += h.name + ": " + h.value + '\n';
    return text;
}

/// Signs `request` as `s` says; returns the text to print.
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
    http_method const method = s.method_or_default();

    if (s.signature == signature_version::v3) {
        auto signed_ = request.sign_v3(creds, opts, method);
        if (!signed_) return problem(signed_.error());
        return format_v3(*signed_, s.output);
    }
    if (method == http_method::get) {
        auto url = request.sign(creds, opts);
        if (!url) return problem(url.error());
        return format_v2_get(url->buffer(), s.output);
    }
    auto post = request.sign_post(creds, opts);
    if (!post) return problem(post.error());
    return format_v2_post(post->url.buffer(), post->body, s.output);
}

// ---------------------------------------------------------------------------
// Stages 1 to 3 as one call, for this tool and for ecireq-call, which sends
// the request instead of printing it.

/** Takes a tool's own flags out of what stage 1 read, before stage 2 would
    reject them as unknown parameters; may also refuse a shared option the
    tool has no use for. Empty: the tool has none (ecireq-sign). */
using own_flags_fn = std::function<checked<void>(flag_map&)>;

/** Stages 1 to 3 for the action Spec (args[0] names it): the complete
    request, how to sign it and the credentials, handed to
    use(request, settings, creds), whose checked<T> is returned. */
template <class T, class Spec, class Use>
checked<T> prepare_action(std::vector<std::string_view> const& args, env_fn const& getenv,
                          own_flags_fn const& take_own_flags, Use&& use)
{
    auto flags = parse_flags(args, 1);
    if (!flags) return flags.error();
    if (take_own_flags)
        if (auto ok = take_own_flags(*flags); !ok) return ok.error();
    auto settings = take_settings(*flags);
    if (!settings) return settings.error();
    auto in = sort_parameters<Spec>(std::move(*flags));
    if (!in) return in.error();
    if (auto ok = check_signature_parameters<Spec>(*in, settings->signature); !ok) return ok.error();
    if (auto ok = check_input<Spec>(*in); !ok) return ok.error();
    auto data = to_data<Spec>(*in);
    if (!data) return data.error();

    auto creds = credentials_from(getenv);
    if (!creds) return creds.error();
    // check_input found every required parameter: the request is built in
    // the state the builder's setters would have reached at compile time.
    using complete_request = detail::request<Spec, owning_storage, detail::state_of_t<typename Spec::required>>;
    complete_request const request(detail::from_data_t{}, std::move(*data));
    return use(request, *settings, *creds);
}

/** Stages 1 to 3 for whichever action args[0] names, then use(request,
    settings, creds) as prepare_action says. `use` is called with each
    action's own request type, so it is generic (an auto parameter); `tool`
    names the program in the message for a missing action. */
template <class T, class Use>
checked<T> with_request(std::string_view tool, std::vector<std::string_view> const& args, env_fn const& getenv,
                        own_flags_fn const& take_own_flags, Use&& use)
{
    if (args.empty() || args[0].substr(0, 1) == "-")
        return problem("action", "is required: " + std::string(tool) + " <Action> --Name VALUE ..., <Action> one of " +
                                     action_list_text() + " (see --help)");
    checked<T> outcome;
    auto run_action = [&](auto spec) {
        outcome = prepare_action<T, typename decltype(spec)::type>(args, getenv, take_own_flags, use);
    };
    if (!with_action(args[0], run_action))
        return problem(args[0], "is not a supported action: the actions are " + action_list_text());
    return outcome;
}

/** The help `args` ask for, if they do: right after a known action, --help
    asks about that action (action_usage, naming `tool`); a --help anywhere
    else, or -h first, asks for `whole_usage`, as it always has (also after
    parameters: `UpdateImageCache --RegionId r --help`). */
template <class WholeUsage>
std::optional<std::string> requested_help(std::vector<std::string_view> const& args, std::string_view tool,
                                          WholeUsage&& whole_usage)
{
    if (args.size() >= 2 && args[1] == "--help") {
        std::string help;
        if (with_action(args[0], [&](auto spec) { help = action_usage<typename decltype(spec)::type>(tool); }))
            return help;
    }
    if (wants_help(args)) return whole_usage();
    return std::nullopt;
}

/// Everything but the printing: the text for stdout, or why there is none.
inline checked<std::string> execute(std::vector<std::string_view> const& args, env_fn const& getenv)
{
    if (auto help = requested_help(args, program, usage)) return *help;
    return with_request<std::string>(program, args, getenv, own_flags_fn(),
                                     [](auto const& request, sign_settings const& s, credentials const& creds) {
                                         return sign_request(request, s, creds);
                                     });
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
