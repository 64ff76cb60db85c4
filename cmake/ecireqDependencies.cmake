# Finds ecireq's dependencies and links them to a target. Shared by the build
# and by the installed package (ecireqConfig.cmake), so both agree.
include(GNUInstallDirs)
include(CMakeFindDependencyMacro)

if(NOT DEFINED ECIREQ_CRYPTO)
  set(ECIREQ_CRYPTO "OpenSSL")
endif()

# In the package config, find_dependency reports a missing dependency the
# CMake way; in the build itself a missing dependency is a hard error.
macro(ecireq_find)
  if(CMAKE_FIND_PACKAGE_NAME STREQUAL "ecireq")
    find_dependency(${ARGN})
  else()
    find_package(${ARGN} REQUIRED)
  endif()
endmacro()

# Boost 1.81: Hana (headers) and URL (compiled: libboost_url).
ecireq_find(Boost 1.81)
ecireq_find(boost_url 1.81 CONFIG)
# Boost.JSON (compiled: libboost_json), for ecireq::call only: optional.
find_package(boost_json 1.81 CONFIG QUIET)

if(ECIREQ_CRYPTO STREQUAL "OpenSSL")
  ecireq_find(OpenSSL 3)
elseif(ECIREQ_CRYPTO STREQUAL "MbedTLS")
  # Debian's libmbedtls-dev ships neither a CMake package nor pkg-config files.
  if(NOT TARGET ecireq_mbedcrypto)
    find_path(ECIREQ_MBEDTLS_INCLUDE_DIR mbedtls/sha1.h REQUIRED)
    find_library(ECIREQ_MBEDCRYPTO_LIBRARY mbedcrypto REQUIRED)
    add_library(ecireq_mbedcrypto UNKNOWN IMPORTED)
    set_target_properties(ecireq_mbedcrypto PROPERTIES
      IMPORTED_LOCATION "${ECIREQ_MBEDCRYPTO_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${ECIREQ_MBEDTLS_INCLUDE_DIR}")
  endif()
else()
  message(FATAL_ERROR "ECIREQ_CRYPTO must be OpenSSL or MbedTLS, not '${ECIREQ_CRYPTO}'")
endif()

# ecireq_link_dependencies(TARGET [CORE]): CORE leaves out Boost.URL's library.
function(ecireq_link_dependencies target)
  if("CORE" IN_LIST ARGN)
    target_link_libraries(${target} INTERFACE Boost::headers)
  else()
    target_link_libraries(${target} INTERFACE Boost::headers Boost::url)
  endif()
  if(ECIREQ_CRYPTO STREQUAL "OpenSSL")
    target_link_libraries(${target} INTERFACE OpenSSL::Crypto)
    target_compile_definitions(${target} INTERFACE ECIREQ_CRYPTO_OPENSSL=1)
  else()
    target_link_libraries(${target} INTERFACE ecireq_mbedcrypto)
    target_compile_definitions(${target} INTERFACE ECIREQ_CRYPTO_MBEDTLS=1)
  endif()
endfunction()
