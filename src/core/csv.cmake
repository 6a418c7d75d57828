# SPDX-License-Identifier: GPL-3.0-or-later
# The CSV writer (SPEC.md §9), included from CMakeLists.txt.
target_sources(taskorch_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/CsvWriter.h
    ${CMAKE_CURRENT_LIST_DIR}/CsvWriter.cpp
)
