// tests/stack/stack_bound.cpp (the 17-setter request on bound storage, signed
// with sign_to and with sign_v3_to, on a painted stack) built against the
// no-heap core alone: <ecireq/core.hpp>, no Boost.URL header, nothing of
// Boost's compiled libraries. Defining <ecireq.hpp>'s include guard first
// turns the test's own #include <ecireq.hpp> into nothing, so this fails to
// compile if the test ever needs more than the core.
// benchmarks/embedded_cost.sh links it against the static crypto library
// and reads its stack, TLS and flash.
#include <ecireq/core.hpp>
#define ECIREQ_HPP
#include "../../tests/stack/stack_bound.cpp"
