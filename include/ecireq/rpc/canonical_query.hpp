// ecireq: the canonical query: every parameter percent-encoded as
// name=value, sorted by name in byte order, joined with '&'. Both signature
// schemes sign over it; the V2 scheme also sends it as the query.
#ifndef ECIREQ_RPC_CANONICAL_QUERY_HPP
#define ECIREQ_RPC_CANONICAL_QUERY_HPP

#include <ecireq/error.hpp>
#include <ecireq/rpc/encoding.hpp>
#include <ecireq/rpc/param.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ecireq { namespace rpc {

/// Sorts by name in byte order (so "Image.1" < "Image.10" < "Image.2");
/// fails with duplicate_parameter when two parameters share a name, and
/// with empty_value for a parameter without a name.
inline result<void> sort_params(param* first, param* last) noexcept
{
    for (param const* p = first; p != last; ++p)
        if (p->name.empty()) return error(errc::empty_value, "parameter name");
    // Byte order: string_view compares through char_traits<char>::compare,
    // which orders bytes as unsigned char. Most names differ in their first
    // byte, so comparing that first saves a memcmp call per comparison.
    std::sort(first, last, [](param const& a, param const& b) {
        auto x = static_cast<unsigned char>(a.name[0]), y = static_cast<unsigned char>(b.name[0]);
        return x != y ? x < y : a.name < b.name;
    });
    for (param* p = first; p != last && p + 1 != last; ++p)
        if (p->name == (p + 1)->name) return error(errc::duplicate_parameter, p->name);
    return {};
}

/// Exact size of the canonical query of sorted parameters.
inline std::size_t canonical_query_size(param const* first, param const* last) noexcept
{
    std::size_t n = first == last ? 0 : static_cast<std::size_t>(last - first) * 2 - 1; // '=' and '&'
    for (; first != last; ++first) n += encoded_size(first->name) + encoded_size(first->value);
    return n;
}

/// A bound on canonical_query_size that needs no pass over the bytes: each
/// byte encodes to at most three.
inline std::size_t canonical_query_bound(param const* first, param const* last) noexcept
{
    std::size_t n = first == last ? 0 : static_cast<std::size_t>(last - first) * 2 - 1;
    for (; first != last; ++first) n += 3 * (first->name.size() + first->value.size());
    return n;
}

/// Writes the canonical query of sorted parameters; `out` must hold canonical_query_size.
inline char* write_canonical_query(param const* first, param const* last, char* out) noexcept
{
    for (param const* p = first; p != last; ++p) {
        if (p != first) *out++ = '&';
        out = encode_to(out, p->name);
        *out++ = '=';
        out = encode_to(out, p->value);
    }
    return out;
}

/// The canonical query of `params` (sorted here), or an error for a duplicate name.
inline result<std::string> canonical_query(std::vector<param> params)
{
    auto sorted = sort_params(params.data(), params.data() + params.size());
    if (!sorted) return sorted.error();
    std::string s(canonical_query_size(params.data(), params.data() + params.size()), '\0');
    write_canonical_query(params.data(), params.data() + params.size(), &s[0]);
    return s;
}

}} // namespace ecireq::rpc

#endif
