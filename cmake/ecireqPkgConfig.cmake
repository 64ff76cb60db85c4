# Writes ecireq.pc for the crypto backend of this build (ECIREQ_CRYPTO) and
# installs it to ${CMAKE_INSTALL_LIBDIR}/pkgconfig. CMake is the build system
# that installs ecireq (headers, CMake package, ecireq.pc, ecireq-sign); the
# Meson build is for using ecireq as a subproject and for the tests.
#
#   OpenSSL:  Requires: libcrypto >= 3   Libs: -lboost_url
#   Mbed TLS: Libs: -lmbedcrypto -lboost_url, Cflags: -DECIREQ_CRYPTO_MBEDTLS=1
#             (Debian's libmbedtls-dev has no .pc file to require)
# Boost has no .pc file either; its -I/-L appear only when they are not the
# compiler's own directories.

# " -I<dir>" / " -L<dir>" unless dir is one the compiler searches anyway.
function(ecireq_pc_dir_flag out flag dir implicit_dirs)
  set(result "")
  if(dir)
    get_filename_component(dir "${dir}" REALPATH)
    set(implicit FALSE)
    foreach(d IN LISTS ${implicit_dirs})
      get_filename_component(d "${d}" REALPATH)
      if(d STREQUAL dir)
        set(implicit TRUE)
      endif()
    endforeach()
    if(NOT implicit)
      set(result " ${flag}${dir}")
    endif()
  endif()
  set(${out} "${result}" PARENT_SCOPE)
endfunction()

function(ecireq_write_pkg_config)
  # The prefix relative to the .pc file, so the installed tree can move.
  set(pc_dir "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
  if(IS_ABSOLUTE "${pc_dir}")
    set(ECIREQ_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  else()
    file(RELATIVE_PATH up "/prefix/${pc_dir}" "/prefix")
    string(REGEX REPLACE "/$" "" up "${up}")
    set(ECIREQ_PC_PREFIX "\${pcfiledir}/${up}")
  endif()
  if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
    set(ECIREQ_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
  else()
    set(ECIREQ_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
  endif()

  set(cflags "")
  set(libs "")
  ecireq_pc_dir_flag(boost_inc -I "${Boost_INCLUDE_DIRS}" CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
  string(APPEND cflags "${boost_inc}")
  get_target_property(boost_url_location Boost::url LOCATION)
  if(boost_url_location)
    get_filename_component(boost_url_dir "${boost_url_location}" DIRECTORY)
    ecireq_pc_dir_flag(boost_lib -L "${boost_url_dir}" CMAKE_CXX_IMPLICIT_LINK_DIRECTORIES)
  endif()

  if(ECIREQ_CRYPTO STREQUAL "OpenSSL")
    set(ECIREQ_PC_REQUIRES "libcrypto >= 3")
    string(APPEND cflags " -DECIREQ_CRYPTO_OPENSSL=1")
  else()
    set(ECIREQ_PC_REQUIRES "")
    ecireq_pc_dir_flag(mbed_inc -I "${ECIREQ_MBEDTLS_INCLUDE_DIR}" CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
    get_filename_component(mbed_dir "${ECIREQ_MBEDCRYPTO_LIBRARY}" DIRECTORY)
    ecireq_pc_dir_flag(mbed_lib -L "${mbed_dir}" CMAKE_CXX_IMPLICIT_LINK_DIRECTORIES)
    string(APPEND cflags "${mbed_inc} -DECIREQ_CRYPTO_MBEDTLS=1")
    string(APPEND libs "${mbed_lib} -lmbedcrypto ")
  endif()
  string(APPEND libs "${boost_lib} -lboost_url")
  string(STRIP "${libs}" libs)
  string(REGEX REPLACE "  +" " " ECIREQ_PC_LIBS "${libs}")
  set(ECIREQ_PC_CFLAGS "${cflags}")

  configure_file("${PROJECT_SOURCE_DIR}/cmake/ecireq.pc.in" "${PROJECT_BINARY_DIR}/ecireq.pc" @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/ecireq.pc" DESTINATION "${pc_dir}")
endfunction()
