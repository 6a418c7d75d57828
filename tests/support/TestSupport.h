// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace taskorch::test {

/// Absolute path of a file under the source tree (tests/data, ../shared fixtures).
QString sourcePath(const QString &relative);

} // namespace taskorch::test
