// SPDX-License-Identifier: GPL-3.0-or-later
#include "TestSupport.h"

#include <QDir>

namespace taskorch::test {

QString sourcePath(const QString &relative)
{
    return QDir(qEnvironmentVariable("TASKORCH_SOURCE_DIR")).filePath(relative);
}

} // namespace taskorch::test
