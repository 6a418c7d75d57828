# SPDX-License-Identifier: GPL-3.0-or-later
# The views of issue 7 (SPEC.md §11): critical-path graph, statistics charts, execution panel.
target_sources(taskorch_gui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/views/ViewData.h ${CMAKE_CURRENT_LIST_DIR}/views/ViewData.cpp
    ${CMAKE_CURRENT_LIST_DIR}/views/GraphCanvas.h ${CMAKE_CURRENT_LIST_DIR}/views/GraphCanvas.cpp
    ${CMAKE_CURRENT_LIST_DIR}/views/CriticalPathView.h ${CMAKE_CURRENT_LIST_DIR}/views/CriticalPathView.cpp
    ${CMAKE_CURRENT_LIST_DIR}/views/StatisticsPanel.h ${CMAKE_CURRENT_LIST_DIR}/views/StatisticsPanel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/views/ExecutionPanel.h ${CMAKE_CURRENT_LIST_DIR}/views/ExecutionPanel.cpp
)
target_include_directories(taskorch_gui PUBLIC ${CMAKE_CURRENT_LIST_DIR}/views)
# SVG export of the graph and the charts (QSvgGenerator; Debian package qt6-svg-dev).
find_package(Qt6 ${Qt6_VERSION} REQUIRED COMPONENTS Svg)
target_link_libraries(taskorch_gui PRIVATE Qt6::Svg)
