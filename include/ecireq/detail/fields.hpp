// ecireq: scalar (non-repeated) parameters: kinds, storage, validation, emission.
#ifndef ECIREQ_DETAIL_FIELDS_HPP
#define ECIREQ_DETAIL_FIELDS_HPP

#include <ecireq/detail/type_state.hpp>
#include <ecireq/error.hpp>
#include <ecireq/rpc/encoding.hpp>
#include <ecireq/rpc/param.hpp>

#include <cstdint>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace ecireq { namespace detail {

/// A String parameter. Derived fields may tighten the rules.
struct string_field {
    using input_type = std::string_view;
    static constexpr std::size_t max_length = 0; // 0: no limit
    static constexpr bool ascii_only = false;
    static constexpr bool region_id = false;     // a-z 0-9 '-' only: it becomes part of the host
    static constexpr bool sent = true;           // false: a common parameter handled elsewhere
    template <class T>
    static constexpr bool accepts = std::is_convertible<T, std::string_view>::value;
};

/// An Integer parameter, checked against [minimum, maximum].
struct integer_field {
    using input_type = std::int64_t;
    static constexpr std::int64_t minimum = 1;
    static constexpr std::int64_t maximum = 2147483647; // the API's Integer is 32-bit
    static constexpr bool sent = true;
    template <class T>
    static constexpr bool accepts =
        std::is_integral<std::remove_cv_t<std::remove_reference_t<T>>>::value &&
        !std::is_same<std::remove_cv_t<std::remove_reference_t<T>>, bool>::value;
};

/// A Boolean parameter, sent as "true" / "false".
struct boolean_field {
    using input_type = bool;
    static constexpr bool sent = true;
    template <class T>
    static constexpr bool accepts = std::is_same<std::remove_cv_t<std::remove_reference_t<T>>, bool>::value;
};

template <class Storage, class Field>
using stored_t = std::conditional_t<std::is_base_of<string_field, Field>::value, typename Storage::string,
                                    typename Field::input_type>;

/// The value slot of one scalar field.
template <class Storage, class Field>
struct slot {
    std::optional<stored_t<Storage, Field>> value;
};

/// All scalar fields of an action, by type.
template <class Storage, class... Fields>
struct scalar_store {
    std::tuple<slot<Storage, Fields>...> slots;

    template <class Field>
    auto& get() noexcept { return std::get<slot<Storage, Field>>(slots).value; }
    template <class Field>
    auto const& get() const noexcept { return std::get<slot<Storage, Field>>(slots).value; }

    std::size_t count() const noexcept { return (std::size_t{0} + ... + (get<Fields>() ? 1u : 0u)); }
    std::size_t integer_count() const noexcept
    {
        return (std::size_t{0} + ... + (std::is_base_of<integer_field, Fields>::value && get<Fields>() ? 1u : 0u));
    }

    /// Validates every set field (in declaration order) and adds the sent ones to `t`.
    result<void> emit(rpc::param_table& t) const noexcept
    {
        result<void> r;
        ((r = emit_one<Fields>(t)) && ...);
        return r;
    }

private:
    template <class Field>
    result<void> emit_one(rpc::param_table& t) const noexcept
    {
        auto const& v = get<Field>();
        if (!v) return {};
        std::string_view name = Field::name;
        if constexpr (std::is_base_of<string_field, Field>::value) {
            std::string_view s = *v;
            if (auto r = check_string<Field>(name, s); !r) return r;
            return Field::sent ? t.push(name, s) : result<void>{};
        } else if constexpr (std::is_base_of<integer_field, Field>::value) {
            if (*v < Field::minimum) return error(errc::below_minimum, name, Field::minimum);
            if (*v > Field::maximum) return error(errc::above_maximum, name, Field::maximum);
            std::string_view text;
            if (!t.integer(*v, text)) return t.arena_full(name);
            return t.push(name, text);
        } else {
            return t.push(name, *v ? "true" : "false");
        }
    }

public:
    /// The String rules: non-empty, UTF-8, then the field's own restrictions.
    template <class Field>
    static result<void> check_string(std::string_view name, std::string_view s) noexcept
    {
        if (s.empty()) return error(errc::empty_value, name);
        if constexpr (Field::ascii_only) {
            for (char c : s)
                if (static_cast<unsigned char>(c) > 0x7F) return error(errc::not_ascii, name);
        }
        if (!rpc::is_valid_utf8(s)) return error(errc::invalid_utf8, name);
        if constexpr (Field::max_length != 0) {
            // Characters, not bytes (equal when ascii_only).
            std::size_t chars = 0;
            for (char c : s) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
            if (chars > Field::max_length)
                return error(errc::too_long, name, static_cast<std::int64_t>(Field::max_length));
        }
        if constexpr (Field::region_id) {
            for (char c : s)
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
                    return error(errc::invalid_value, name);
        }
        return {};
    }
};

}} // namespace ecireq::detail

#endif
