// ecireq: the generic RPC parameter list.
#ifndef ECIREQ_RPC_PARAM_HPP
#define ECIREQ_RPC_PARAM_HPP

#include <ecireq/error.hpp>

#include <charconv>
#include <cstddef>
#include <cstring>
#include <string_view>

namespace ecireq { namespace rpc {

/// One request parameter, name and value as given (not yet encoded).
struct param {
    std::string_view name;
    std::string_view value;
};

/** A non-owning, fixed-capacity list of parameters plus a small arena for
    the text that has no other home (indexed names such as "Tag.3.Key",
    formatted integers, the timestamp). The caller provides both buffers, on
    the stack or the heap; nothing here allocates. Views handed out stay valid
    as long as the buffers do. */
class param_table {
public:
    param_table(param* params, std::size_t capacity, char* arena, std::size_t arena_capacity) noexcept
        : params_(params), capacity_(capacity), arena_(arena), arena_capacity_(arena_capacity)
    {}

    param* begin() noexcept { return params_; }
    param* end() noexcept { return params_ + size_; }
    param const* begin() const noexcept { return params_; }
    param const* end() const noexcept { return params_ + size_; }
    std::size_t size() const noexcept { return size_; }

    result<void> push(std::string_view name, std::string_view value) noexcept
    {
        if (size_ == capacity_) return error(errc::capacity_exceeded, name, static_cast<std::int64_t>(capacity_));
        params_[size_++] = {name, value};
        return {};
    }

    /// Copies `text` into the arena; an empty view with `ok == false` when full.
    bool store(std::string_view text, std::string_view& out) noexcept
    {
        if (arena_capacity_ - arena_used_ < text.size()) return false;
        char* p = arena_ + arena_used_;
        if (!text.empty()) std::memcpy(p, text.data(), text.size());
        arena_used_ += text.size();
        out = {p, text.size()};
        return true;
    }

    /** Builds "<group>.<i>[.<member>][.<nested>.<j>]" in the arena, e.g.
        ("Tag", 3, "Key") -> "Tag.3.Key", ("AcrRegistryInfo", 2, {}, "Domain", 5)
        -> "AcrRegistryInfo.2.Domain.5". False when the arena is full. */
    bool indexed_name(std::string_view& out, std::string_view group, std::size_t i, std::string_view member = {},
                      std::string_view nested = {}, std::size_t j = 0) noexcept
    {
        char* const first = arena_ + arena_used_;
        char* const last = arena_ + arena_capacity_;
        char* p = first;
        auto put = [&](std::string_view s) {
            if (static_cast<std::size_t>(last - p) < s.size()) return false;
            if (!s.empty()) std::memcpy(p, s.data(), s.size()); // s.data() may be null
            p += s.size();
            return true;
        };
        auto num = [&](std::size_t v) {
            auto r = std::to_chars(p, last, v);
            if (r.ec != std::errc()) return false;
            p = r.ptr;
            return true;
        };
        bool ok = put(group) && put(".") && num(i) && (member.empty() || (put(".") && put(member))) &&
                  (j == 0 || (put(".") && put(nested) && put(".") && num(j)));
        if (!ok) return false;
        out = {first, static_cast<std::size_t>(p - first)};
        arena_used_ += out.size();
        return true;
    }

    /// Formats an integer into the arena.
    bool integer(std::int64_t v, std::string_view& out) noexcept
    {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, v);
        return store({buf, static_cast<std::size_t>(r.ptr - buf)}, out);
    }

    result<void> arena_full(std::string_view name) const noexcept
    {
        return error(errc::capacity_exceeded, name, static_cast<std::int64_t>(arena_capacity_));
    }

private:
    param* params_;
    std::size_t capacity_;
    std::size_t size_ = 0;
    char* arena_;
    std::size_t arena_capacity_;
    std::size_t arena_used_ = 0;
};

}} // namespace ecireq::rpc

#endif
