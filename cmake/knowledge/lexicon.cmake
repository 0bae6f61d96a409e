# French and English form -> analyses tables, made by running Apertium's analysers
# (Debian apertium-fra-cat, apertium-eng-cat) over Debian's word lists (wfrench, wamerican).
set(lexicon_out ${CMAKE_BINARY_DIR}/data/lexicon)
add_custom_command(
  OUTPUT ${lexicon_out}/fr.tsv ${lexicon_out}/en.tsv
  COMMAND ${CMAKE_COMMAND} -E make_directory ${lexicon_out}
  COMMAND bash ${CMAKE_SOURCE_DIR}/tools/build_lexicon.sh ${lexicon_out}
  DEPENDS ${CMAKE_SOURCE_DIR}/tools/build_lexicon.sh ${CMAKE_SOURCE_DIR}/data/lexicon/fr_extra_words.txt ${CMAKE_SOURCE_DIR}/data/lexicon/en_extra_words.txt
  COMMENT "Compiling the French and English lexicons from Apertium"
  VERBATIM)
add_custom_target(depeche_lexicon DEPENDS ${lexicon_out}/fr.tsv ${lexicon_out}/en.tsv)
add_dependencies(depeche_knowledge depeche_lexicon)
