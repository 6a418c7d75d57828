// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Commands.h"

namespace taskorch::cli {

TASKORCH_COMMAND(ImportLegacyCommand, "import-legacy",
                 "Import a legacy tracker file (implementation_tracker.db); the file is never changed.")

} // namespace taskorch::cli
