// ecireq: decoding a received query or form body into its parameters,
// refusing what a conforming signer never writes and a decoder could read
// two ways. The receiving side's first step (verify/).
#ifndef ECIREQ_RPC_QUERY_DECODING_HPP
#define ECIREQ_RPC_QUERY_DECODING_HPP

#include <ecireq/error.hpp>
#include <ecireq/rpc/encoding.hpp>
#include <ecireq/rpc/param.hpp>

#include <boost/url/encoding_opts.hpp>
#include <boost/url/grammar/parse.hpp>
#include <boost/url/params_encoded_view.hpp>
#include <boost/url/rfc/query_rule.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ecireq { namespace detail {

/// True for a non-empty run of printable ASCII without spaces.
inline bool is_printable(std::string_view s) noexcept
{
    if (s.empty()) return false;
    for (char c : s)
        if (c <= 0x20 || c >= 0x7F) return false;
    return true;
}

/// A name fit to put in an error: a parameter name comes from the client, and
/// an error message ends up in logs, so a decoded name is used only when it
/// is plain printable ASCII; otherwise the encoded form from the request
/// (which a parsed query limits to printable ASCII) stands in for it.
inline std::string_view loggable_name(std::string_view decoded, std::string_view encoded) noexcept
{
    if (is_printable(decoded)) return decoded;
    if (is_printable(encoded)) return encoded;
    return "(unprintable name)";
}

/** "parameter N" (N counting the query's '&'-separated parts from 1): how an
    error names a part that does not parse. Never its text: when a client
    leaves an '&' inside a value unencoded, what follows it ("...Password=
    hunter&2MySecretPart&...") looks like a name but is part of a secret.
    Converts to the std::string_view an error copies. */
class position_label {
public:
    /// A fixed label instead of a position.
    explicit position_label(std::string_view fixed) noexcept
        : size_(fixed.size() < sizeof text_ ? fixed.size() : sizeof text_)
    {
        std::memcpy(text_, fixed.data(), size_);
    }
    explicit position_label(std::size_t n) noexcept
    {
        constexpr std::string_view head = "parameter ";
        std::memcpy(text_, head.data(), head.size());
        auto r = std::to_chars(text_ + head.size(), text_ + sizeof text_, n);
        size_ = static_cast<std::size_t>(r.ptr - text_);
    }
    operator std::string_view() const noexcept { return {text_, size_}; }

private:
    char text_[32];
    std::size_t size_;
};

/// The parameters of a request, decoded, sorted by name.
struct decoded_request {
    std::string text;                 // every decoded name and value, back to back
    std::vector<rpc::param> params;   // views into `text`
    std::vector<std::string_view> encoded_names; // same order as `params`, for errors

    /// The value of `name`, or nullptr when it is absent (names are unique once decoded).
    std::string_view const* find(std::string_view name) const noexcept
    {
        auto it = std::lower_bound(params.begin(), params.end(), name,
                                   [](rpc::param const& p, std::string_view n) { return p.name < n; });
        return it != params.end() && it->name == name ? &it->value : nullptr;
    }
};

/** Decodes an encoded query into `out`, rejecting what a conforming signer
    never produces and a decoder could read two ways:
      - a raw '+': form decoding reads it as a space, RFC 3986 as a plus, so
        the verifier and the service behind it could disagree on the value
        the signature covered (a signer sends a space as %20, '+' as %2B);
      - a name without '=' or an empty name ("a=1&&b=2"): no signer writes
        them, and what they mean differs between frameworks;
      - a name or value that is not UTF-8 once decoded: the signer refuses
        those, and a service that decodes text may replace such bytes.
    Then sorts by name and rejects duplicates: with two values for one name,
    which one the service uses is up to its framework. */
inline result<void> decode_params(boost::urls::params_encoded_view const& in, decoded_request& out)
{
    std::size_t total = 0;
    for (auto const& p : in) total += p.key.decoded_size() + p.value.decoded_size();
    out.text.clear();
    out.text.reserve(total); // no reallocation below: the views into `text` stay valid
    out.params.clear();
    out.params.reserve(in.size());

    // Names are kept as (offset, size) until `text` is complete.
    struct span { std::size_t name_at, name_len, value_at, value_len; std::string_view encoded; };
    std::vector<span> spans;
    spans.reserve(in.size());
    const boost::urls::encoding_opts plus_is_plus{false, false, false};
    std::size_t position = 0;
    for (auto const& p : in) {
        std::string_view key(p.key.data(), p.key.size());
        std::string_view value(p.value.data(), p.value.size());
        ++position;
        if (key.empty()) return error(errc::malformed_request, "(empty name)");
        if (!p.has_value) return error(errc::malformed_request, position_label(position));
        if (key.find('+') != std::string_view::npos || value.find('+') != std::string_view::npos)
            return error(errc::malformed_request, position_label(position));
        span s{out.text.size(), 0, 0, 0, key};
        p.key.decode(plus_is_plus, boost::urls::string_token::append_to(out.text));
        s.name_len = out.text.size() - s.name_at;
        s.value_at = out.text.size();
        p.value.decode(plus_is_plus, boost::urls::string_token::append_to(out.text));
        s.value_len = out.text.size() - s.value_at;
        spans.push_back(s);
    }
    std::vector<std::size_t> order(spans.size());
    for (std::size_t i = 0; i < spans.size(); ++i) {
        order[i] = i;
        std::string_view name(out.text.data() + spans[i].name_at, spans[i].name_len);
        std::string_view value(out.text.data() + spans[i].value_at, spans[i].value_len);
        if (!rpc::is_valid_utf8(name) || !rpc::is_valid_utf8(value))
            return error(errc::invalid_utf8, loggable_name(name, spans[i].encoded));
        out.params.push_back({name, value});
    }
    // Sort the parameters and their encoded names together, by decoded name in
    // byte order (the order the canonical query uses).
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return out.params[a].name < out.params[b].name; });
    std::vector<rpc::param> sorted;
    sorted.reserve(order.size());
    out.encoded_names.clear();
    out.encoded_names.reserve(order.size());
    for (std::size_t i : order) {
        sorted.push_back(out.params[i]);
        out.encoded_names.push_back(spans[i].encoded);
    }
    out.params = std::move(sorted);
    for (std::size_t i = 1; i < out.params.size(); ++i)
        if (out.params[i].name == out.params[i - 1].name)
            return error(errc::duplicate_parameter, loggable_name(out.params[i].name, out.encoded_names[i]));
    return {};
}

/// Names the part of an unparseable query by its position ("parameter 3"),
/// or `whole` ("body", "query") when no part alone is at fault.
inline position_label malformed_segment(std::string_view q, std::string_view whole) noexcept
{
    std::size_t position = 0;
    while (!q.empty()) {
        std::size_t amp = q.find('&');
        std::string_view seg = q.substr(0, amp);
        q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
        ++position;
        // The grammar directly: parse_query would read past `seg` (boostorg/url#757).
        if (!boost::urls::grammar::parse(seg, boost::urls::query_rule)) return position_label(position);
    }
    return position_label(whole);
}

}} // namespace ecireq::detail

#endif
