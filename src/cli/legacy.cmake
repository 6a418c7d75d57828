# SPDX-License-Identifier: GPL-3.0-or-later
# import-legacy (SPEC.md §8, §10).
target_sources(taskorch_cli PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/LegacyCommands.h
    ${CMAKE_CURRENT_LIST_DIR}/ImportLegacyCommand.cpp
)
