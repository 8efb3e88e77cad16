# cpprustango_models(): generate C++ headers from an app's models.schema at
# build time, so the structs, columns and metadata never drift from the schema.
#
#   cpprustango_models(TARGET mysite_app SCHEMAS apps/blog/models.schema [apps/shop/models.schema ...]
#                      [BACKEND sqlite|postgresql])
#
# Each schema apps/<app>/models.schema becomes
# ${CMAKE_CURRENT_BINARY_DIR}/generated/<app>/models.hpp (the app is the schema's
# folder name), regenerated when the schema or the cpprustango executable
# changes, and the target (and whatever links it) gets the generated folder on
# its include path:  #include <blog/models.hpp>
# codegen runs from the source folder, so the header's comments name schema
# lines as relative paths (apps/blog/models.schema:12).
include_guard(GLOBAL)

if(NOT CPPRUSTANGO_EXECUTABLE)
  # Installed layout: <prefix>/lib/cmake/cpprustango/ -> <prefix>/bin/cpprustango.
  set(CPPRUSTANGO_EXECUTABLE "${CMAKE_CURRENT_LIST_DIR}/../../../bin/cpprustango")
endif()

function(cpprustango_models)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "" "TARGET;BACKEND" "SCHEMAS")
  if(NOT ARG_TARGET)
    message(FATAL_ERROR "cpprustango_models: TARGET is required")
  endif()
  if(NOT TARGET ${ARG_TARGET})
    message(FATAL_ERROR "cpprustango_models: ${ARG_TARGET} is not a target; call it after add_library/add_executable")
  endif()
  if(NOT ARG_SCHEMAS)
    message(FATAL_ERROR "cpprustango_models: SCHEMAS needs at least one schema file")
  endif()
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "cpprustango_models: unexpected arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  set(backend_args)
  if(ARG_BACKEND)
    if(NOT ARG_BACKEND MATCHES "^(sqlite|postgresql)$")
      message(FATAL_ERROR "cpprustango_models: BACKEND must be sqlite or postgresql, not ${ARG_BACKEND}")
    endif()
    set(backend_args --backend ${ARG_BACKEND})
  endif()
  if(NOT EXISTS "${CPPRUSTANGO_EXECUTABLE}")
    message(FATAL_ERROR "cpprustango_models: no cpprustango executable at ${CPPRUSTANGO_EXECUTABLE}; "
                        "set CPPRUSTANGO_EXECUTABLE")
  endif()

  set(generated_root "${CMAKE_CURRENT_BINARY_DIR}/generated")
  set(headers)
  foreach(schema IN LISTS ARG_SCHEMAS)
    cmake_path(ABSOLUTE_PATH schema BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" OUTPUT_VARIABLE schema_abs)
    cmake_path(GET schema_abs PARENT_PATH app_dir)
    cmake_path(GET app_dir FILENAME app)
    cmake_path(RELATIVE_PATH schema_abs BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" OUTPUT_VARIABLE schema_rel)
    set(header "${generated_root}/${app}/models.hpp")
    add_custom_command(
      OUTPUT "${header}"
      COMMAND "${CPPRUSTANGO_EXECUTABLE}" --quiet codegen --app ${app} --schema "${schema_rel}" --output "${header}"
              ${backend_args}
      DEPENDS "${schema_abs}" "${CPPRUSTANGO_EXECUTABLE}"
      WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
      COMMENT "Generating ${app}/models.hpp from ${schema_rel}"
      VERBATIM)
    list(APPEND headers "${header}")
  endforeach()

  # A custom target, so targets that only link ${ARG_TARGET} (its tests) also wait for the headers.
  add_custom_target(${ARG_TARGET}_models DEPENDS ${headers})
  add_dependencies(${ARG_TARGET} ${ARG_TARGET}_models)
  target_sources(${ARG_TARGET} PRIVATE ${headers})
  target_include_directories(${ARG_TARGET} PUBLIC "${generated_root}")
endfunction()
