# SPDX-License-Identifier: GPL-3.0-or-later
# Reliability harnesses (issue #9): crash safety under SIGKILL, write contention, busy retries, CLI batch mode.
# Included from tests/CMakeLists.txt. Tests are named reliability.<Name> and labelled "reliability".

add_library(taskorch_reliability_support STATIC
    reliability/DatabaseState.h reliability/DatabaseState.cpp
    reliability/LegacyFile.h reliability/LegacyFile.cpp
)
target_include_directories(taskorch_reliability_support PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/reliability)
target_link_libraries(taskorch_reliability_support PUBLIC Qt6::Core SQLite::SQLite3 PRIVATE taskorch_build_flags)

# The process tst_CrashSafety kills: one storage operation per run, markers on stdout (see CrashChild.cpp).
add_executable(taskorch-crash-child reliability/CrashChild.cpp)
target_link_libraries(taskorch-crash-child PRIVATE taskorch_storage taskorch_test_support taskorch_build_flags)

# taskorch_add_reliability_test(<Name> [LIBS libs...] [DEPENDS targets...] [ENVIRONMENT VAR=value...] [TIMEOUT s])
#   builds tests/reliability/tst_<Name>.cpp like taskorch_add_test does, plus the support above; DEPENDS names the
#   executables the test starts, so building the test builds them.
function(taskorch_add_reliability_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "LIBS;DEPENDS;ENVIRONMENT" ${ARGN})
    set(target tst_reliability_${name})
    add_executable(${target} reliability/tst_${name}.cpp)
    target_link_libraries(${target} PRIVATE taskorch_reliability_support taskorch_test_support Qt6::Test
                          taskorch_build_flags ${ARG_LIBS})
    if(ARG_DEPENDS)
        add_dependencies(${target} ${ARG_DEPENDS})
    endif()
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 600)
    endif()
    add_test(NAME reliability.${name} COMMAND ${target})
    set(env "QT_QPA_PLATFORM=offscreen" "LANG=C.UTF-8" "LC_ALL=C.UTF-8" "TASKORCH_CLI=$<TARGET_FILE:taskorch-cli>"
            "TASKORCH_SOURCE_DIR=${CMAKE_SOURCE_DIR}" ${ARG_ENVIRONMENT})
    set_tests_properties(reliability.${name} PROPERTIES ENVIRONMENT "${env}" TIMEOUT ${ARG_TIMEOUT}
                         LABELS reliability)
endfunction()

# QtTest stops a test function after 5 minutes by default; a full run (TASKORCH_CRASH_KILLS=50) takes longer.
taskorch_add_reliability_test(CrashSafety
    DEPENDS taskorch-crash-child
    ENVIRONMENT "TASKORCH_CRASH_CHILD=$<TARGET_FILE:taskorch-crash-child>" "QTEST_FUNCTION_TIMEOUT=3600000"
    TIMEOUT 3600)

# Two taskorch-cli processes and the GUI's worker (gui::BackgroundJob) write at once; a reader checks every snapshot.
taskorch_add_reliability_test(Contention
    LIBS taskorch_gui
    DEPENDS taskorch-cli
    ENVIRONMENT "QTEST_FUNCTION_TIMEOUT=1800000")

# storage::Transaction: bounded retries of BEGIN IMMEDIATE and COMMIT on SQLITE_BUSY, and the error when they run out.
taskorch_add_reliability_test(Transaction LIBS taskorch_storage)

# taskorch-cli --batch: one command per line, shell-like quoting, stops at the first failure.
taskorch_add_reliability_test(CliBatch LIBS taskorch_cli)
