# cpprustango_models(): generate C++ code from an app's models.schema at build
# time, so the structs, columns and metadata never drift from the schema.
#
#   cpprustango_models(TARGET mysite_app SCHEMAS apps/blog/models.schema [apps/shop/models.schema ...]
#                      [BACKEND sqlite|postgresql])
#
# Each schema apps/<app>/models.schema becomes
# ${CMAKE_CURRENT_BINARY_DIR}/generated/<app>/models.hpp (the app is the schema's
# folder name) and models.cpp beside it, regenerated when the schema or the
# cpprustango executable changes. models.cpp holds the models' function bodies
# and is compiled into TARGET (so a file that includes the header compiles
# fast); the target (and whatever links it) gets the generated folder on its
# include path:  #include <blog/models.hpp>
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
  set(sources)
  foreach(schema IN LISTS ARG_SCHEMAS)
    cmake_path(ABSOLUTE_PATH schema BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" OUTPUT_VARIABLE schema_abs)
    cmake_path(GET schema_abs PARENT_PATH app_dir)
    cmake_path(GET app_dir FILENAME app)
    cmake_path(RELATIVE_PATH schema_abs BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" OUTPUT_VARIABLE schema_rel)
    set(header "${generated_root}/${app}/models.hpp")
    set(source "${generated_root}/${app}/models.cpp")
    add_custom_command(
      OUTPUT "${header}" "${source}"
      COMMAND "${CPPRUSTANGO_EXECUTABLE}" --quiet codegen --app ${app} --schema "${schema_rel}" --output "${header}"
              --source "${source}" ${backend_args}
      DEPENDS "${schema_abs}" "${CPPRUSTANGO_EXECUTABLE}"
      WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
      COMMENT "Generating ${app}/models.hpp and models.cpp from ${schema_rel}"
      VERBATIM)
    list(APPEND headers "${header}")
    list(APPEND sources "${source}")
  endforeach()

  # A custom target, so targets that only link ${ARG_TARGET} (its tests) also wait for the headers.
  add_custom_target(${ARG_TARGET}_models DEPENDS ${headers} ${sources})
  add_dependencies(${ARG_TARGET} ${ARG_TARGET}_models)
  target_sources(${ARG_TARGET} PRIVATE ${headers} ${sources})
  target_include_directories(${ARG_TARGET} PUBLIC "${generated_root}")
endfunction()

# cpprustango_apps(TARGET mysite_app [BACKEND sqlite|postgresql]): cpprustango_models()
# for every app registered in the project's cpprustango.toml ([apps] installed,
# which `cpprustango make:app` writes), so a new app needs no CMake edit. The
# manifest is a configure dependency: registering an app re-runs CMake. Also
# writes generated/installed_apps.hpp (cpprustango_project::installed_apps),
# the apps main() passes to serve() for the admin.
function(cpprustango_apps)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "" "TARGET;BACKEND" "")
  if(NOT ARG_TARGET)
    message(FATAL_ERROR "cpprustango_apps: TARGET is required")
  endif()
  set(manifest "${CMAKE_CURRENT_SOURCE_DIR}/cpprustango.toml")
  if(NOT EXISTS "${manifest}")
    message(FATAL_ERROR "cpprustango_apps: no cpprustango.toml in ${CMAKE_CURRENT_SOURCE_DIR}")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${manifest}")
  file(READ "${manifest}" text)
  # `installed = ["blog", "shop"]` under [apps]; the array may span lines.
  string(REGEX MATCH "\n[ \t]*installed[ \t]*=[ \t]*\\[[^]]*\\]" installed "\n${text}")
  string(REGEX MATCHALL "\"[^\"]+\"" names "${installed}")
  set(schemas)
  foreach(quoted IN LISTS names)
    string(REPLACE "\"" "" app "${quoted}")
    set(schema "apps/${app}/models.schema")
    if(NOT EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/${schema}")
      message(FATAL_ERROR "cpprustango_apps: app ${app} is registered in cpprustango.toml but ${schema} is missing "
                          "(cpprustango make:app ${app} --force recreates it)")
    endif()
    list(APPEND schemas "${schema}")
  endforeach()
  if(schemas)
    set(backend_args)
    if(ARG_BACKEND)
      set(backend_args BACKEND ${ARG_BACKEND})
    endif()
    cpprustango_models(TARGET ${ARG_TARGET} SCHEMAS ${schemas} ${backend_args})
  endif()

  # installed_apps.hpp: every registered app's generated AppSpec in one array,
  # which main() hands to serve() so the admin serves every model. Written
  # through a temporary, so an unchanged list recompiles nothing.
  set(generated_root "${CMAKE_CURRENT_BINARY_DIR}/generated")
  set(includes "")
  set(entries "")
  set(count 0)
  foreach(quoted IN LISTS names)
    string(REPLACE "\"" "" app "${quoted}")
    string(APPEND includes "#include <${app}/models.hpp>\n")
    string(APPEND entries "    ::${app}::specs::app,\n")
    math(EXPR count "${count} + 1")
  endforeach()
  file(WRITE "${generated_root}/installed_apps.hpp.tmp"
       "// DO NOT EDIT: written by cpprustango_apps() from the [apps] installed list in cpprustango.toml.\n"
       "#pragma once\n\n#include <array>\n#include <cpprustango/schema/app_spec.hpp>\n${includes}\n"
       "namespace cpprustango_project {\n\n"
       "inline constexpr std::array<cpprustango::schema::AppSpec, ${count}> installed_apps{{\n${entries}}};\n\n"
       "}  // namespace cpprustango_project\n")
  configure_file("${generated_root}/installed_apps.hpp.tmp" "${generated_root}/installed_apps.hpp" COPYONLY)
  target_include_directories(${ARG_TARGET} PUBLIC "${generated_root}")

  # First-party plugins the manifest enables: `rest = true` under [plugins]
  # links cpprustango::rest (and defines CPPRUSTANGO_REST=1 for the code).
  string(REGEX MATCH "\n[ \t]*\\[plugins\\][^[]*" plugins "\n${text}")
  if(plugins MATCHES "\n[ \t]*rest[ \t]*=[ \t]*true")
    if(NOT TARGET cpprustango::rest)
      message(FATAL_ERROR "cpprustango_apps: cpprustango.toml enables the rest plugin, but this cpprustango "
                          "installation has no cpprustango::rest")
    endif()
    target_link_libraries(${ARG_TARGET} PUBLIC cpprustango::rest)
    target_compile_definitions(${ARG_TARGET} PUBLIC CPPRUSTANGO_REST=1)
  endif()
endfunction()
