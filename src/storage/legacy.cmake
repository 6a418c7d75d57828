# SPDX-License-Identifier: GPL-3.0-or-later
# Legacy tracker import (SPEC.md §8): a private copy of the source, and the importer.
target_sources(taskorch_storage PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/LegacySource.h ${CMAKE_CURRENT_LIST_DIR}/LegacySource.cpp
    ${CMAKE_CURRENT_LIST_DIR}/LegacyImporter.h ${CMAKE_CURRENT_LIST_DIR}/LegacyImporter.cpp
)
# OpenSSL's SHA-256 for the source's hash (LegacySource.cpp): several times faster than QCryptographicHash's.
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
target_link_libraries(taskorch_storage PRIVATE OpenSSL::Crypto)
