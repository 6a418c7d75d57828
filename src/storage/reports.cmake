# SPDX-License-Identifier: GPL-3.0-or-later
# CSV report definitions (SPEC.md §9), streamed through core's CsvWriter.
target_sources(taskorch_storage PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/ReportWriter.h
    ${CMAKE_CURRENT_LIST_DIR}/ReportWriter.cpp
)
