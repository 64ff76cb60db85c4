// ecireq: the compiled part of ecireq under ECIREQ_SEPARATE_COMPILATION.
//
// Include this header in exactly one .cpp file of a program whose every TU
// defines ECIREQ_SEPARATE_COMPILATION (config.hpp), with the same crypto
// backend macro; the CMake and Meson targets ecireq::compiled do both.
// It defines what the headers then only declare: the checks and walks of
// collect() and the signing of a collected request with the default
// credentials.
#ifndef ECIREQ_SRC_HPP
#define ECIREQ_SRC_HPP

#if !defined(ECIREQ_SEPARATE_COMPILATION)
#  error "ecireq/src.hpp: define ECIREQ_SEPARATE_COMPILATION for the whole program, or do not compile this file"
#endif
#if defined(ECIREQ_HPP) || defined(ECIREQ_CORE_HPP)
#  error "ecireq/src.hpp: include it before any other ecireq header of its TU"
#endif

#define ECIREQ_SOURCE
#include <ecireq/core.hpp>

#endif
