# SPDX-License-Identifier: GPL-3.0-or-later
# Debian ships the Qt5 and Qt6 builds side by side; only the *Qt6 names are ours (TOOLCHAIN.md §3).
find_package(QCustomPlotQt6 CONFIG QUIET)
if(NOT TARGET QCustomPlotQt6::QCustomPlotQt6)
    find_path(QCP_INCLUDE_DIR qcustomplot.h REQUIRED)
    find_library(QCP_LIBRARY NAMES QCustomPlotQt6 REQUIRED)
    add_library(QCustomPlotQt6::QCustomPlotQt6 UNKNOWN IMPORTED)
    set_target_properties(QCustomPlotQt6::QCustomPlotQt6 PROPERTIES
        IMPORTED_LOCATION "${QCP_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${QCP_INCLUDE_DIR}"
        INTERFACE_LINK_LIBRARIES "Qt6::Widgets;Qt6::PrintSupport")
endif()
