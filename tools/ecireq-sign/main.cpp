// ecireq-sign: the command-line signer; everything but the real process
// environment and streams is in cli.hpp, where the tests reach it.
#include "cli.hpp"

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv)
{
    return ecireq::cli::run(argc, argv, [](char const* name) -> char const* { return std::getenv(name); },
                            std::cout, std::cerr);
}
