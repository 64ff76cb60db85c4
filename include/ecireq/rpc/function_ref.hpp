// ecireq: a non-owning reference to a callable (the clock and nonce sources).
//
// std::function may allocate and needs RTTI for target(); a function_ref is
// two pointers, never allocates, and is what an injectable "source" needs:
// the caller keeps the callable alive for the duration of the call.
#ifndef ECIREQ_RPC_FUNCTION_REF_HPP
#define ECIREQ_RPC_FUNCTION_REF_HPP

#include <memory>
#include <type_traits>
#include <utility>

namespace ecireq { namespace detail {

template <class Signature> class function_ref;

template <class R, class... Args>
class function_ref<R(Args...)> {
public:
    constexpr function_ref() noexcept = default;

    template <class F,
              class = std::enable_if_t<!std::is_same<std::decay_t<F>, function_ref>::value &&
                                       std::is_invocable_r<R, F&, Args...>::value>>
    function_ref(F& f) noexcept // NOLINT: implicit by design, like std::function_ref
        : object_(const_cast<void*>(static_cast<void const*>(std::addressof(f)))),
          call_([](void* o, Args... args) -> R {
              return (*static_cast<F*>(o))(std::forward<Args>(args)...);
          })
    {}

    function_ref(R (*f)(Args...)) noexcept // NOLINT
        : object_(reinterpret_cast<void*>(f)),
          call_([](void* o, Args... args) -> R {
              return reinterpret_cast<R (*)(Args...)>(o)(std::forward<Args>(args)...);
          })
    {}

    explicit operator bool() const noexcept { return call_ != nullptr; }
    R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

private:
    void* object_ = nullptr;
    R (*call_)(void*, Args...) = nullptr;
};

}} // namespace ecireq::detail

#endif
