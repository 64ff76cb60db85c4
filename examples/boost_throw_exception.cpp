// Under -fno-exceptions (BOOST_NO_EXCEPTIONS), Boost calls these two
// functions instead of throwing, and the program must define them once.
// ecireq itself never reaches them: it reports every failure as a result.
// Boost.URL can (an allocation failure, a misuse of its API), so a program
// decides here what "cannot continue" means: log and abort is typical.
#include <boost/assert/source_location.hpp>
#include <boost/config.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>

#if defined(BOOST_NO_EXCEPTIONS)
namespace boost {

// Not [[noreturn]]-declared here: Boost declares them BOOST_NORETURN already,
// and clang rejects a redeclaration that adds the attribute.
void throw_exception(std::exception const&)
{
    std::fputs("fatal: boost::throw_exception under -fno-exceptions\n", stderr);
    std::abort();
}

void throw_exception(std::exception const&, boost::source_location const& loc)
{
    std::fprintf(stderr, "fatal: boost::throw_exception at %s:%u\n", loc.file_name(),
                 static_cast<unsigned>(loc.line()));
    std::abort();
}

} // namespace boost
#endif
