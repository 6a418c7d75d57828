# SPDX-License-Identifier: GPL-3.0-or-later
# Scheduling maths (SPEC.md §7): dependency graph, critical path method, parallel planner.
target_sources(taskorch_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/ScheduleTypes.h
    ${CMAKE_CURRENT_LIST_DIR}/DependencyGraph.h ${CMAKE_CURRENT_LIST_DIR}/DependencyGraph.cpp
    ${CMAKE_CURRENT_LIST_DIR}/CriticalPath.h ${CMAKE_CURRENT_LIST_DIR}/CriticalPath.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ParallelPlanner.h ${CMAKE_CURRENT_LIST_DIR}/ParallelPlanner.cpp
)
