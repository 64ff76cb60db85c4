// The Catch2 main, alone in its translation unit so that editing a test
// never recompiles it.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
