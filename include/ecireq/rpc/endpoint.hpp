// ecireq: where a request goes: the scheme and host[:port] of its URL.
//
// A product names its default host as a rule around the region
// ("eci." + RegionId + ".aliyuncs.com"); a caller may name any endpoint
// instead. Either way the URL starts "<scheme>://<host>/".
#ifndef ECIREQ_RPC_ENDPOINT_HPP
#define ECIREQ_RPC_ENDPOINT_HPP

#include <ecireq/error.hpp>
#include <ecireq/rpc/sign_options.hpp>

#include <boost/url/parse.hpp>

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
inline bool is_valid_endpoint(std::string_view text) noexcept
{
    auto a = boost::urls::parse_authority(text);
    if (!a || a->has_userinfo()) return false;
    if (a->has_port()) {
        std::string_view port = a->port();
        if (port.empty() || port.size() > 5) return false;
        unsigned long n = 0;
        for (char c : port) n = n * 10 + static_cast<unsigned long>(c - '0'); // the grammar allows digits only
        if (n < 1 || n > 65535) return false;
    }
    switch (a->host_type()) {
    case boost::urls::host_type::ipv4:
    case boost::urls::host_type::ipv6:
        return true;
    case boost::urls::host_type::name: {
        std::string_view name = a->encoded_host();
        if (name.empty() || name.size() > 253) return false;
        std::size_t label = 0;
        for (char c : name) {
            if (c == '.') {
                if (label == 0) return false;
                label = 0;
                continue;
            }
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok || ++label > 63) return false;
        }
        return label != 0 || name.size() > 1; // a trailing dot (fully qualified) is fine, an empty label is not
    }
    default: // IPvFuture, or none
        return false;
    }
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
