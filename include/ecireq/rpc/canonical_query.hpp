// ecireq: the canonical query: every parameter percent-encoded as
// name=value, sorted by name in byte order, joined with '&'. Both signature
// schemes sign over it; the V2 scheme also sends it as the query.
#ifndef ECIREQ_RPC_CANONICAL_QUERY_HPP
#define ECIREQ_RPC_CANONICAL_QUERY_HPP

#include <ecireq/error.hpp>
#include <ecireq/rpc/encoding.hpp>
#include <ecireq/rpc/param.hpp>

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace ecireq { namespace rpc {

namespace detail {

/// Eight bytes as one number whose order is their byte order.
inline std::uint64_t big_endian_word(char const* p) noexcept
{
    std::uint64_t w;
    std::memcpy(&w, p, sizeof w);
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return __builtin_bswap64(w); // one instruction (bswap, rev)
#elif defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return w;
#else
    w = 0;
    for (int i = 0; i < 8; ++i) w = (w << 8) | static_cast<unsigned char>(p[i]);
    return w;
#endif
}

/// a < b in byte order (bytes as unsigned char, a prefix first). Names in a
/// request share long prefixes ("ImageRegistryCredential.1.", "Tag.3."), and
/// a memcmp call per comparison was most of the cost of sorting them; eight
/// bytes at a time, inline, it is a few instructions.
inline bool name_before(std::string_view a, std::string_view b) noexcept
{
    std::size_t const n = a.size() < b.size() ? a.size() : b.size();
    std::size_t i = 0;
    for (; n - i >= 8; i += 8) {
        std::uint64_t const x = big_endian_word(a.data() + i), y = big_endian_word(b.data() + i);
        if (x != y) return x < y;
    }
    for (; i != n; ++i)
        if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
    return a.size() < b.size();
}

} // namespace detail

/// Sorts by name in byte order (so "Image.1" < "Image.10" < "Image.2");
/// fails with duplicate_parameter when two parameters share a name, and
/// with empty_value for a parameter without a name.
inline result<void> sort_params(param* first, param* last) noexcept
{
    for (param const* p = first; p != last; ++p)
        if (p->name.empty()) return error(errc::empty_value, "parameter name");
    std::sort(first, last, [](param const& a, param const& b) { return detail::name_before(a.name, b.name); });
    for (param* p = first; p != last && p + 1 != last; ++p)
        if (p->name == (p + 1)->name) return error(errc::duplicate_parameter, p->name);
    return {};
}

/// Longest second run put_in_order merges; a longer one is sorted instead.
constexpr std::size_t max_merged_run = 16;

/// What put_in_order may assume of its first run.
enum class first_run {
    check,                 ///< anything: it is checked, and sorted when out of order
    sorted_by_construction ///< strictly increasing, as the builder emits it (asserted in debug builds)
};

namespace detail {

inline bool strictly_increasing(param const* b, param const* e) noexcept
{
    for (; b != e && b + 1 != e; ++b)
        if (!name_before(b->name, (b + 1)->name)) return false;
    return true;
}

} // namespace detail

/** The order sort_params gives, for parameters that arrive as two runs each
    already in order: [first, mid) (an action's parameters, which the builder
    emits in canonical order) and a short [mid, last) (the common parameters).
    One pass merges them, with one comparison per parameter at most: a full
    sort of a typical request took a sixth of a signature
    (docs/performance.md). The second run is always checked; the first too
    unless the caller vouches for it. Runs that are not in order, or a second
    run longer than max_merged_run, are sorted instead, so the result is right
    whatever the input. duplicate_parameter for a name in both runs. */
inline result<void> put_in_order(param* first, param* mid, param* last,
                                 first_run assume = first_run::check) noexcept
{
    auto const tail = static_cast<std::size_t>(last - mid);
    bool const first_ok = assume == first_run::sorted_by_construction || detail::strictly_increasing(first, mid);
    assert(assume == first_run::check || detail::strictly_increasing(first, mid));
    if (tail > max_merged_run || !first_ok || !detail::strictly_increasing(mid, last)) return sort_params(first, last);
    // Each run strictly increases, so an empty name could only be its first.
    if ((first != mid && first->name.empty()) || (mid != last && mid->name.empty()))
        return error(errc::empty_value, "parameter name");
    // Merge from the back: the short run waits in a buffer, the long one
    // moves up into the room it leaves. A name in both runs meets itself
    // here, and only here.
    param waiting[max_merged_run];
    for (std::size_t i = 0; i < tail; ++i) waiting[i] = mid[i];
    param* out = last;
    param* a = mid;                 // one past the long run's unmerged part
    std::size_t b = tail;           // one past the short run's unmerged part
    while (b != 0) {
        param const& w = waiting[b - 1];
        if (a != first && detail::name_before(w.name, (a - 1)->name)) {
            *--out = *--a;
        } else {
            if (a != first && w.name == (a - 1)->name) return error(errc::duplicate_parameter, w.name);
            *--out = waiting[--b];
        }
    }
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
