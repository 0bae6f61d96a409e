# Knowledge compiled at build time. Each file in cmake/knowledge/ adds its commands
# as dependencies of the `depeche_knowledge` target and writes under ${CMAKE_BINARY_DIR}/data.
add_custom_target(depeche_knowledge)
file(GLOB knowledge_parts CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/cmake/knowledge/*.cmake)
foreach(part IN LISTS knowledge_parts)
  include(${part})
endforeach()
