// Boost.JSON compiled into the response fuzzer from source (its src.hpp),
// instrumented like the code under test, instead of linking libboost_json.
#include <boost/json/src.hpp>
