// ecireq: the library's version.
//
// CMakeLists.txt, meson.build, the installed ecireq.pc, CHANGELOG.md and the
// single header's banner carry the same version; tests/packaging/check_version.py
// fails when any of them disagrees with this file.
#ifndef ECIREQ_VERSION_HPP
#define ECIREQ_VERSION_HPP

#define ECIREQ_VERSION_MAJOR 0
#define ECIREQ_VERSION_MINOR 2
#define ECIREQ_VERSION_PATCH 0
#define ECIREQ_VERSION "0.2.0"

#endif
