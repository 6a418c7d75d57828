# SPDX-License-Identifier: GPL-3.0-or-later
# Legacy tracker values (LEGACY_FORMATS.md §14): enum spellings, numbers, timestamps and text limits.
target_sources(taskorch_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/LegacyValues.h
    ${CMAKE_CURRENT_LIST_DIR}/LegacyValues.cpp
)
