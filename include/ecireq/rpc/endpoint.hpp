// ecireq: where a request goes: the scheme and host[:port] of its URL.
//
// A product names its default host as a rule around the region
// ("eci." + RegionId + ".aliyuncs.com"); a caller may name any endpoint
// instead. Either way the URL starts "<scheme>://<host>/".
#ifndef ECIREQ_RPC_ENDPOINT_HPP
#define ECIREQ_RPC_ENDPOINT_HPP

#include <ecireq/error.hpp>
#include <ecireq/rpc/sign_options.hpp>

#include <cstddef>
#include <cstring>
#include <string_view>

namespace ecireq { namespace rpc {

/// A product's default host: prefix + region + suffix.
struct host_rule {
    std::string_view prefix;
    std::string_view suffix;
};

/** True for what a request may be sent to: a DNS name (letters, digits,
    hyphens; labels of 1 to 63 characters, 253 in all), an IPv4 address or a
    bracketed IPv6 address, then optionally ":" and a port from 1 to 65535.
    Nothing else: no userinfo, path, query, fragment, percent-escape or
    sub-delimiter ('&', '=', ...) may hide in a host that signing puts in
    the URL (and V3 in the host header). */
namespace detail {

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_hex(char c) noexcept
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// Dotted-quad IPv4, each part 0-255 without leading zeros (RFC 3986 dec-octet).
constexpr bool is_ipv4(std::string_view s) noexcept
{
    int parts = 0;
    while (true) {
        std::size_t n = 0;
        unsigned value = 0;
        while (n < s.size() && is_digit(s[n])) value = value * 10 + static_cast<unsigned>(s[n++] - '0');
        if (n == 0 || n > 3 || value > 255 || (n > 1 && s[0] == '0')) return false;
        ++parts;
        s.remove_prefix(n);
        if (s.empty()) return parts == 4;
        if (s[0] != '.' || parts == 4) return false;
        s.remove_prefix(1);
    }
}

/// RFC 4291 text form: eight groups of 1-4 hex digits, one "::" standing for
/// one or more zero groups, and optionally an IPv4 address as the last two.
constexpr bool is_ipv6(std::string_view s) noexcept
{
    int groups = 0;
    bool compressed = false;
    if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
        compressed = true;
        s.remove_prefix(2);
        if (s.empty()) return true;
    } else if (!s.empty() && s[0] == ':') {
        return false;
    }
    while (!s.empty()) {
        std::size_t n = 0;
        while (n < s.size() && is_hex(s[n])) ++n;
        if (n < s.size() && s[n] == '.') { // the IPv4 tail takes two groups
            if (!is_ipv4(s)) return false;
            groups += 2;
            break;
        }
        if (n == 0 || n > 4) return false;
        ++groups;
        s.remove_prefix(n);
        if (s.empty()) break;
        if (s[0] != ':') return false;
        s.remove_prefix(1);
        if (!s.empty() && s[0] == ':') {
            if (compressed) return false; // "::" at most once
            compressed = true;
            s.remove_prefix(1);
        } else if (s.empty()) {
            return false; // a trailing single ':'
        }
    }
    return compressed ? groups < 8 : groups == 8;
}

/// Letters, digits and hyphens; labels of 1 to 63, 253 in all; a final dot allowed.
constexpr bool is_dns_name(std::string_view s) noexcept
{
    if (s.empty() || s.size() > 253) return false;
    std::size_t label = 0;
    for (char c : s) {
        if (c == '.') {
            if (label == 0) return false;
            label = 0;
            continue;
        }
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-';
        if (!ok || ++label > 63) return false;
    }
    return label != 0 || s.size() > 1;
}

} // namespace detail

/** True for what a request may be sent to: a DNS name (letters, digits,
    hyphens; labels of 1 to 63 characters, 253 in all), an IPv4 address or a
    bracketed IPv6 address, then optionally ":" and a port from 1 to 65535.
    Nothing else: no userinfo, path, query, fragment, percent-escape or
    sub-delimiter ('&', '=', ...) may hide in a host that signing puts in
    the URL (and V3 in the host header). Written here rather than with
    Boost.URL's authority parser, which would accept all of those and is a
    compiled library the no-heap core does without. */
constexpr bool is_valid_endpoint(std::string_view text) noexcept
{
    std::string_view host = text;
    std::string_view port;
    bool has_port = false;
    if (!text.empty() && text[0] == '[') {
        std::size_t close = text.find(']');
        if (close == std::string_view::npos) return false;
        host = text.substr(1, close - 1);
        std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest[0] != ':') return false;
            port = rest.substr(1);
            has_port = true;
        }
        if (!detail::is_ipv6(host)) return false;
    } else {
        std::size_t colon = text.rfind(':');
        if (colon != std::string_view::npos) {
            host = text.substr(0, colon);
            port = text.substr(colon + 1);
            has_port = true;
        }
        // Digits and dots only is an IPv4 address or nothing ("300.1.1.1").
        bool numeric = host.find_first_not_of("0123456789.") == std::string_view::npos;
        if (numeric ? !detail::is_ipv4(host) : !detail::is_dns_name(host)) return false;
    }
    if (has_port) {
        if (port.empty() || port.size() > 5) return false;
        unsigned long n = 0;
        for (char c : port) {
            if (!detail::is_digit(c)) return false;
            n = n * 10 + static_cast<unsigned long>(c - '0');
        }
        if (n < 1 || n > 65535) return false;
    }
    return true;
}

/// The scheme and host a request is sent to; a value type of three views.
class endpoint {
public:
    /** The caller's endpoint when `opts` names one, else the product's host
        for `region` (which the action has validated as a host label). */
    static result<endpoint> make(sign_options const& opts, host_rule rule, std::string_view region) noexcept
    {
        endpoint e;
        if (opts.scheme != "https" && opts.scheme != "http") return error(errc::invalid_value, "scheme");
        e.scheme_ = opts.scheme;
        if (opts.endpoint.empty()) {
            e.parts_[0] = rule.prefix;
            e.parts_[1] = region;
            e.parts_[2] = rule.suffix;
        } else {
            if (!is_valid_endpoint(opts.endpoint)) return error(errc::invalid_endpoint, "endpoint");
            e.parts_[0] = opts.endpoint;
        }
        return e;
    }

    std::string_view scheme() const noexcept { return scheme_; }

    std::size_t host_size() const noexcept { return parts_[0].size() + parts_[1].size() + parts_[2].size(); }

    /// Writes the host; `out` has room for host_size() bytes.
    char* write_host(char* out) const noexcept
    {
        for (auto p : parts_) {
            if (!p.empty()) std::memcpy(out, p.data(), p.size());
            out += p.size();
        }
        return out;
    }

    /// Length of "<scheme>://<host>/".
    std::size_t base_size() const noexcept { return scheme_.size() + 3 + host_size() + 1; }

    /// Writes "<scheme>://<host>/"; `out` has room for base_size() bytes.
    char* write_base(char* out) const noexcept
    {
        std::memcpy(out, scheme_.data(), scheme_.size());
        out += scheme_.size();
        std::memcpy(out, "://", 3);
        out = write_host(out + 3);
        *out++ = '/';
        return out;
    }

private:
    std::string_view scheme_;
    std::string_view parts_[3];
};

}} // namespace ecireq::rpc

#endif
