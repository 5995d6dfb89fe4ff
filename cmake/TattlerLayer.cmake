# tattler_layer(NAME SOURCES... LIBS ...) - one static library per layer.
# A layer whose sources are not written yet becomes an interface library,
# so the tree always configures.
function(tattler_layer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  if(ARG_SOURCES)
    add_library(${name} STATIC ${ARG_SOURCES})
    target_link_libraries(${name} PUBLIC tattler_common ${ARG_LIBS})
  else()
    add_library(${name} INTERFACE)
    target_link_libraries(${name} INTERFACE tattler_common ${ARG_LIBS})
  endif()
endfunction()
