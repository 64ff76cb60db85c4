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
            // host[:port] only: no userinfo, path, query or fragment may hide in it.
            auto a = boost::urls::parse_authority(opts.endpoint);
            if (!a || a->has_userinfo() || a->host().empty()) return error(errc::invalid_endpoint, "endpoint");
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
