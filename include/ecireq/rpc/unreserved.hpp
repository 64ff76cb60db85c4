// ecireq: the bytes percent-encoding keeps (RFC 3986's unreserved set:
// A-Z a-z 0-9 - _ . ~), tested one at a time or copied as a run.
//
// Percent-encoding is mostly copying: in a typical request about one byte in
// twenty is escaped, so the encoders (encoding.hpp, and the V2 signer's fused
// loop) spend their time finding where the next escape is and copying the
// bytes before it. Done a byte at a time with a table look-up and a memcpy
// call per run, that was the largest cost of a signature after the hash
// (docs/performance.md). With SSE2 (every x86-64 CPU) the bytes are
// classified sixteen at a time and copied with plain vector stores; short
// runs and tails are read with overlapping 8- or 4-byte loads, so nothing is
// ever read past the input. Other targets (a Cortex-M4) keep the byte loop.
#ifndef ECIREQ_RPC_UNRESERVED_HPP
#define ECIREQ_RPC_UNRESERVED_HPP

#include <boost/config.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#    include <emmintrin.h>
#    define ECIREQ_UNRESERVED_RUN_SSE2 1
#else
#    define ECIREQ_UNRESERVED_RUN_SSE2 0
#endif

namespace ecireq { namespace rpc {

namespace detail {

struct byte_table {
    bool keep[256] = {};
    constexpr byte_table() noexcept
    {
        for (int c = 0; c < 256; ++c)
            keep[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_' || c == '.' || c == '~';
    }
};

inline constexpr byte_table unreserved{};

} // namespace detail

/// True for the bytes the encoding keeps as they are.
constexpr bool is_unreserved(unsigned char c) noexcept { return detail::unreserved.keep[c]; }

namespace detail {

#if ECIREQ_UNRESERVED_RUN_SSE2

/// Bit i is set when byte i of `v` must be escaped (the complement of
/// is_unreserved, lane by lane; test_encoding.cpp checks all 256 bytes).
inline unsigned escape_mask(__m128i v) noexcept
{
    // A-Z and a-z are one range once bit 5 is set; a signed compare after
    // shifting the range to start at -128 tests it in one instruction.
    __m128i const letter = _mm_cmplt_epi8(
        _mm_add_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8(static_cast<char>(128 - 'a'))),
        _mm_set1_epi8(static_cast<char>(-128 + 26)));
    __m128i const digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(128 - '0'))),
                                         _mm_set1_epi8(static_cast<char>(-128 + 10)));
    __m128i const mark = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('-')),
                                                   _mm_cmpeq_epi8(v, _mm_set1_epi8('_'))),
                                      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')),
                                                   _mm_cmpeq_epi8(v, _mm_set1_epi8('~'))));
    __m128i const keep = _mm_or_si128(_mm_or_si128(letter, digit), mark);
    return ~static_cast<unsigned>(_mm_movemask_epi8(keep)) & 0xFFFFu;
}

inline unsigned lowest_bit(unsigned m) noexcept { return static_cast<unsigned>(__builtin_ctz(m)); }

template <class Word>
Word load_word(unsigned char const* p) noexcept
{
    Word w;
    std::memcpy(&w, p, sizeof w);
    return w;
}

template <class Word, class... Out>
void store_word(Word w, std::size_t at, Out*... out) noexcept
{
    (std::memcpy(out + at, &w, sizeof w), ...);
}

#endif

} // namespace detail

/** Copies the leading run of unreserved bytes of [first, last) to each of
    `out...` and returns its length (last - first when nothing needs
    escaping). Writes nothing outside the first (last - first) bytes of each
    output, but may write past the run within them: bytes the caller
    overwrites next with the escape and what follows it. */
template <class... Out>
BOOST_FORCEINLINE std::size_t copy_unreserved_run(unsigned char const* first, unsigned char const* last, Out*... out) noexcept
{
    std::size_t const len = static_cast<std::size_t>(last - first);
#if ECIREQ_UNRESERVED_RUN_SSE2
    using detail::escape_mask;
    using detail::lowest_bit;
    std::size_t done = 0;
    for (; len - done >= 16; done += 16) {
        __m128i const v = _mm_loadu_si128(reinterpret_cast<__m128i const*>(first + done));
        (_mm_storeu_si128(reinterpret_cast<__m128i*>(out + done), v), ...);
        if (unsigned m = escape_mask(v)) return done + lowest_bit(m);
    }
    std::size_t const rest = len - done;
    if (rest >= 8) {
        // Two overlapping words cover the 8..15 bytes left: bytes [0, 8) and
        // [rest - 8, rest). Where both hold a byte they agree, so either
        // word's verdict on it is right.
        auto const lo = detail::load_word<std::uint64_t>(first + done);
        auto const hi = detail::load_word<std::uint64_t>(last - 8);
        detail::store_word(lo, done, out...);
        detail::store_word(hi, len - 8, out...);
        unsigned const m = escape_mask(_mm_set_epi64x(static_cast<long long>(hi), static_cast<long long>(lo)));
        if (m & 0xFFu) return done + lowest_bit(m);
        if (m) return done + rest - 16 + lowest_bit(m);
        return len;
    }
    if (rest >= 4) {
        auto const lo = detail::load_word<std::uint32_t>(first + done);
        auto const hi = detail::load_word<std::uint32_t>(last - 4);
        detail::store_word(lo, done, out...);
        detail::store_word(hi, len - 4, out...);
        // Lanes 8..15 are zero bytes, which escape: only lanes 0..7 count.
        unsigned const m = escape_mask(_mm_set_epi32(0, 0, static_cast<int>(hi), static_cast<int>(lo))) & 0xFFu;
        if (m & 0xFu) return done + lowest_bit(m);
        if (m) return done + rest - 8 + lowest_bit(m);
        return len;
    }
    for (; done != len && is_unreserved(first[done]); ++done)
        ((out[done] = static_cast<char>(first[done])), ...);
    return done;
#else
    std::size_t n = 0;
    while (n != len && is_unreserved(first[n])) ++n;
    if (n != 0) (std::memcpy(out, first, n), ...);
    return n;
#endif
}

}} // namespace ecireq::rpc

#endif
