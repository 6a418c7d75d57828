# SPDX-License-Identifier: GPL-3.0-or-later
# `taskorch-cli export` (SPEC.md §9, §10).
target_sources(taskorch_cli PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/ExportCommand.h
    ${CMAKE_CURRENT_LIST_DIR}/ExportCommand.cpp
)
