# SPDX-License-Identifier: GPL-3.0-or-later
# Geometry and chart series for the desktop views (SPEC.md §11): computed here, drawn by gui.
target_sources(taskorch_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/GraphLayout.h ${CMAKE_CURRENT_LIST_DIR}/GraphLayout.cpp
    ${CMAKE_CURRENT_LIST_DIR}/StatisticsSeries.h ${CMAKE_CURRENT_LIST_DIR}/StatisticsSeries.cpp
)
