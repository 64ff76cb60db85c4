// Boost.URL compiled into the fuzzer from source (its src.hpp), instead of
// linking the prebuilt libboost_url: so the URL parser the checks rely on is
// instrumented too, for coverage feedback and for ASan/UBSan.
//
// Its own BOOST_ASSERTs are off, as in the distribution's release build that
// ecireq links against: Boost.URL 1.81 asserts on some valid and some invalid
// URI references (e.g. "s:?", "A:\\"; boostorg/url#665) that its release
// build parses or rejects correctly, which would stop every run at once.
#define BOOST_DISABLE_ASSERTS
#include <boost/url/src.hpp>
